// What the panel knows about its Lease: the last full snapshot with every update merged in.
// Log lines are not kept here (the LogStore owns them); this keeps everything else.
import type { FollowSnapshot, FollowUpdate } from '../src/shared/types';

/** Everything of the snapshot but the log lines. */
export type PanelData = Omit<FollowSnapshot, 'logs'>;

/** Which parts of the panel an update touched. */
export interface Changes {
  lease: boolean;
  events: boolean;
  timeline: boolean;
  pods: boolean;
  logsMeta: boolean;
}

export const everything: Changes = Object.freeze({ lease: true, events: true, timeline: true, pods: true, logsMeta: true });

export function fromSnapshot(snapshot: FollowSnapshot): PanelData {
  return {
    key: snapshot.key,
    lease: snapshot.lease,
    deleted: snapshot.deleted === true,
    events: snapshot.events,
    eventsMessage: snapshot.eventsMessage,
    timeline: snapshot.timeline,
    pods: snapshot.pods,
    podResolution: snapshot.podResolution,
    podMessage: snapshot.podMessage,
    logsMessage: snapshot.logsMessage,
    droppedLines: snapshot.droppedLines ?? 0,
  };
}

/**
 * Merges an update into the data (fields absent from the update are unchanged; a message field
 * sent as '' clears the message). Returns what changed.
 */
export function mergeUpdate(data: PanelData, update: FollowUpdate): Changes {
  const has = (field: keyof FollowUpdate): boolean => Object.prototype.hasOwnProperty.call(update, field) && update[field] !== undefined;
  const changes: Changes = { lease: false, events: false, timeline: false, pods: false, logsMeta: false };
  if (has('lease')) {
    data.lease = update.lease;
    changes.lease = true;
  }
  if (has('deleted')) {
    data.deleted = update.deleted === true;
    changes.lease = true;
  }
  if (has('events')) {
    data.events = update.events ?? [];
    changes.events = true;
  }
  if (has('eventsMessage')) {
    data.eventsMessage = update.eventsMessage || undefined;
    changes.events = true;
  }
  if (has('timeline') && update.timeline) {
    data.timeline = update.timeline;
    changes.timeline = true;
  }
  if (has('pods')) {
    data.pods = update.pods ?? [];
    changes.pods = true;
  }
  if (has('podResolution') && update.podResolution) {
    data.podResolution = update.podResolution;
    changes.pods = true;
  }
  if (has('podMessage')) {
    data.podMessage = update.podMessage || undefined;
    changes.pods = true;
  }
  if (has('logsMessage')) {
    data.logsMessage = update.logsMessage || undefined;
    changes.logsMeta = true;
  }
  if (has('droppedLines')) {
    data.droppedLines = update.droppedLines ?? 0;
    changes.logsMeta = true;
  }
  return changes;
}
