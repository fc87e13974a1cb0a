// Events recorded on a Lease: core/v1 Events and events.k8s.io/v1 Events → LeaseEvent.

import { maxEvents } from '../shared/constants';
import { isFiniteNumber, isNonEmptyString, isRecord } from '../shared/guards';
import type { LeaseEvent } from '../shared/types';
import { parseMicroTime } from './microTime';

function record(v: unknown): Record<string, unknown> | undefined {
  return isRecord(v) ? v : undefined;
}

function text(v: unknown): string | undefined {
  return isNonEmptyString(v) ? v : undefined;
}

function positiveCount(v: unknown): number | undefined {
  return isFiniteNumber(v) && v > 0 ? Math.floor(v) : undefined;
}

function time(v: unknown): number | undefined {
  return typeof v === 'string' ? parseMicroTime(v) : undefined;
}

/**
 * A LeaseEvent from a core/v1 or events.k8s.io/v1 Event, or undefined when `obj` is not an Event
 * with a uid and a time. Time: the latest occurrence (lastTimestamp, series.lastObservedTime,
 * eventTime, then the first occurrence and creationTimestamp). Source: source.component and host,
 * or the reporting controller and instance.
 */
export function toLeaseEvent(obj: unknown): LeaseEvent | undefined {
  const event = record(obj);
  if (event === undefined) {
    return undefined;
  }
  const metadata = record(event.metadata) ?? {};
  const uid =
    text(metadata.uid) ??
    (text(metadata.namespace) !== undefined && text(metadata.name) !== undefined
      ? `${String(metadata.namespace)}/${String(metadata.name)}`
      : undefined);
  if (uid === undefined) {
    return undefined;
  }
  const series = record(event.series);
  const at =
    time(event.lastTimestamp) ??
    time(event.deprecatedLastTimestamp) ??
    time(series?.lastObservedTime) ??
    time(event.eventTime) ??
    time(event.firstTimestamp) ??
    time(event.deprecatedFirstTimestamp) ??
    time(metadata.creationTimestamp);
  if (at === undefined) {
    return undefined;
  }

  const legacySource = record(event.source) ?? record(event.deprecatedSource);
  const component = text(legacySource?.component) ?? text(event.reportingController) ?? text(event.reportingComponent);
  const host = text(legacySource?.host) ?? text(event.reportingInstance);
  const source = component !== undefined && host !== undefined && host !== component ? `${component}, ${host}` : (component ?? host ?? '');

  return {
    uid,
    time: at,
    type: text(event.type) ?? 'Normal',
    reason: text(event.reason) ?? '',
    message: text(event.message) ?? text(event.note) ?? '',
    source,
    count: positiveCount(series?.count) ?? positiveCount(event.count) ?? positiveCount(event.deprecatedCount) ?? 1,
  };
}

/**
 * Events by uid, oldest first, at most `max` (the newest kept). An incoming event replaces the
 * existing one with its uid unless it is older.
 */
export function mergeEvents(existing: LeaseEvent[], incoming: LeaseEvent[], max = maxEvents): LeaseEvent[] {
  const byUid = new Map<string, LeaseEvent>();
  for (const event of existing) {
    byUid.set(event.uid, event);
  }
  for (const event of incoming) {
    const known = byUid.get(event.uid);
    if (known === undefined || known.time <= event.time) {
      byUid.delete(event.uid);
      byUid.set(event.uid, event);
    }
  }
  const merged = [...byUid.values()].sort((a, b) => a.time - b.time);
  const keep = Math.max(0, Math.floor(max));
  return merged.length > keep ? merged.slice(merged.length - keep) : merged;
}
