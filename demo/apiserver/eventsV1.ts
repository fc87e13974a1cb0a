// events.k8s.io/v1 view of the core/v1 Events in the store (the real server keeps one storage
// for both and converts): involvedObject→regarding, message→note, source→deprecatedSource, ...
import type { CoreEvent, KubeObject } from './types';

export function toEventsV1(obj: KubeObject): KubeObject {
  const e = obj as CoreEvent;
  const out: KubeObject = { metadata: e.metadata, eventTime: e.eventTime ?? null };
  if (e.series) {
    out.series = { count: e.series.count, lastObservedTime: e.series.lastObservedTime };
  }
  if (e.reportingComponent) {
    out.reportingController = e.reportingComponent;
  }
  if (e.reportingInstance) {
    out.reportingInstance = e.reportingInstance;
  }
  if (e.action) {
    out.action = e.action;
  }
  if (e.reason) {
    out.reason = e.reason;
  }
  out.regarding = e.involvedObject ?? {};
  if (e.related) {
    out.related = e.related;
  }
  if (e.message) {
    out.note = e.message;
  }
  if (e.type) {
    out.type = e.type;
  }
  out.deprecatedSource = e.source ?? {};
  out.deprecatedFirstTimestamp = e.firstTimestamp ?? null;
  out.deprecatedLastTimestamp = e.lastTimestamp ?? null;
  if (e.count) {
    out.deprecatedCount = e.count;
  }
  return out;
}

/** Puts a core/v1 Event's fields in the order and with the empty values the real server prints. */
export function normalizeCoreEvent(e: CoreEvent): CoreEvent {
  const out: CoreEvent = { metadata: e.metadata, involvedObject: e.involvedObject ?? {} };
  if (e.reason) {
    out.reason = e.reason;
  }
  if (e.message) {
    out.message = e.message;
  }
  out.source = e.source ?? {};
  out.firstTimestamp = e.firstTimestamp ?? null;
  out.lastTimestamp = e.lastTimestamp ?? null;
  if (e.count) {
    out.count = e.count;
  }
  if (e.type) {
    out.type = e.type;
  }
  out.eventTime = e.eventTime ?? null;
  if (e.series) {
    out.series = e.series;
  }
  if (e.action) {
    out.action = e.action;
  }
  if (e.related) {
    out.related = e.related;
  }
  out.reportingComponent = e.reportingComponent ?? '';
  out.reportingInstance = e.reportingInstance ?? '';
  return out;
}
