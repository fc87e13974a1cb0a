// Folds a FollowUpdate into a FollowSnapshot: what the extension host keeps for a followed Lease
// (so a panel that loads or becomes visible again gets the whole picture at once) and what the
// protocol tests hold. Absent fields did not change; a message sent as '' clears it. Pure.
import type { FollowSnapshot, FollowUpdate, LeaseKey, LogLine } from '../shared/types';
import { emptyTimeline } from './timeline';

/** A followed Lease about which nothing is known yet. */
export function emptyFollowSnapshot(key: LeaseKey): FollowSnapshot {
  return { key, deleted: false, events: [], timeline: emptyTimeline(), pods: [], podResolution: 'resolving', logs: [], droppedLines: 0 };
}

export interface Merged {
  snapshot: FollowSnapshot;
  /** Log lines dropped here to keep at most `maxLogLines`. */
  trimmed: number;
}

/** Appends new lines (by seq: a line already held is not added twice) and keeps the newest `max`. */
export function appendLogLines(held: readonly LogLine[], added: readonly LogLine[], max: number): { logs: LogLine[]; trimmed: number } {
  const lastSeq = held.length > 0 ? held[held.length - 1]!.seq : -Infinity;
  const fresh = added.filter((line) => line.seq > lastSeq);
  const logs = fresh.length > 0 ? [...held, ...fresh] : [...held];
  const limit = Math.max(0, Math.floor(max));
  const trimmed = Math.max(0, logs.length - limit);
  return { logs: trimmed > 0 ? logs.slice(trimmed) : logs, trimmed };
}

/** `update`'s fields replace the snapshot's; absent fields did not change; logs append. */
export function mergeFollowUpdate(snapshot: FollowSnapshot, update: FollowUpdate, maxLogLines: number): Merged {
  const next: FollowSnapshot = { ...snapshot };
  if ('lease' in update && update.lease !== undefined) {
    next.lease = update.lease;
  }
  if (update.deleted !== undefined) {
    next.deleted = update.deleted;
  }
  if (update.events !== undefined) {
    next.events = update.events;
  }
  if (update.eventsMessage !== undefined) {
    next.eventsMessage = update.eventsMessage || undefined;
  }
  if (update.timeline !== undefined) {
    next.timeline = update.timeline;
  }
  if (update.pods !== undefined) {
    next.pods = update.pods;
  }
  if (update.podResolution !== undefined) {
    next.podResolution = update.podResolution;
  }
  if (update.podMessage !== undefined) {
    next.podMessage = update.podMessage || undefined;
  }
  if (update.logsMessage !== undefined) {
    next.logsMessage = update.logsMessage || undefined;
  }
  if (update.droppedLines !== undefined) {
    next.droppedLines = update.droppedLines;
  }
  if (update.timing !== undefined) {
    next.timing = update.timing;
  }
  if (update.podMetrics !== undefined) {
    next.podMetrics = update.podMetrics;
  }
  if (update.splitBrain !== undefined) {
    next.splitBrain = update.splitBrain;
  }
  if (update.fates !== undefined) {
    next.fates = update.fates;
  }
  let trimmed = 0;
  if (update.logs !== undefined && update.logs.length > 0) {
    const appended = appendLogLines(snapshot.logs, update.logs, maxLogLines);
    next.logs = appended.logs;
    trimmed = appended.trimmed;
  } else if (snapshot.logs.length > maxLogLines) {
    const appended = appendLogLines(snapshot.logs, [], maxLogLines);
    next.logs = appended.logs;
    trimmed = appended.trimmed;
  }
  return { snapshot: next, trimmed };
}
