// What the leadership record tests of the server share: a Lease written with explicit times, and a
// recorder of the server's Health notifications.
import type { ApiServer } from '../../demo/apiserver';
import type { LeaseServerProcess } from '../../harness/leaseServerProcess';
import {
  Health,
  LeadershipEvents,
  type HealthFlagsChanged,
  type HealthRowsChanged,
  type LeadershipEventsResult,
} from '../../src/shared/protocol';
import { microTime } from '../support/builders';

/** Writes a Lease's spec; times are ms since the epoch (undefined: not set). */
export function writeLease(
  api: ApiServer,
  namespace: string,
  name: string,
  spec: { holder: string; acquired?: number; renewed?: number; transitions?: number; durationSeconds?: number },
): void {
  api.store.applyLease({
    metadata: { namespace, name },
    spec: {
      holderIdentity: spec.holder,
      leaseDurationSeconds: spec.durationSeconds ?? 2,
      ...(spec.acquired !== undefined ? { acquireTime: microTime(spec.acquired) } : {}),
      ...(spec.renewed !== undefined ? { renewTime: microTime(spec.renewed) } : {}),
      leaseTransitions: spec.transitions ?? 0,
    },
  });
}

/** Every Health and LeadershipEvents notification the server sends, kept in order. */
export interface HealthRecorder {
  flags: HealthFlagsChanged[];
  rows: HealthRowsChanged[];
  events: LeadershipEventsResult[];
}

export function recordHealth(server: LeaseServerProcess): HealthRecorder {
  // Flags ride with the Lease batches, or come as Health.flags when cleared: the harness's mirror collects both.
  const recorder: HealthRecorder = { flags: server.healthFlags, rows: [], events: [] };
  server.conn.onNotification(Health.rowsChanged, (change: HealthRowsChanged) => {
    recorder.rows.push(change);
  });
  server.conn.onNotification(LeadershipEvents.changed, (result: LeadershipEventsResult) => {
    recorder.events.push(result);
  });
  return recorder;
}
