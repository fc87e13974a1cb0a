// What the leadership record tests share: a time base, Lease specs, LeaderElection Events (core/v1
// Events put through the product's own toLeaseEvent), and a replay of observation steps.
import assert from 'node:assert/strict';
import { toLeaseEvent } from '../../src/core/events';
import { emptyRecord, observe, observeDeleted, type LeadershipRecord } from '../../src/core/leadershipRecord';
import { seedFromEvents } from '../../src/core/leadershipEvents';
import { parseRecord, serialise } from '../../src/core/leadershipRecordJson';
import type { LeaseEvent, LeaseSpec, LockKind } from '../../src/shared/types';
import { at, leaseInfo, microTime } from '../support/builders';

export const A = 'pod-a_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
export const B = 'pod-b_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const C = 'pod-c_0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8';
export const T0 = at('2026-11-21T00:00:00.000000Z');
export const SECOND = 1000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A MicroTime `ms` after T0. */
export function t(ms: number): string {
  return microTime(T0 + ms);
}

/** A held Lease's spec; times in ms after T0. */
export function held(holder: string, acquireMs: number, renewMs: number, transitions: number, durationSeconds = 15): LeaseSpec {
  return {
    holderIdentity: holder,
    leaseDurationSeconds: durationSeconds,
    acquireTime: t(acquireMs),
    renewTime: t(renewMs),
    leaseTransitions: transitions,
  };
}

/** client-go's ReleaseOnCancel: holder "", duration 1 s, acquireTime = renewTime = the release time. */
export function released(atMs: number, transitions: number): LeaseSpec {
  return { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: t(atMs), renewTime: t(atMs), leaseTransitions: transitions };
}

let eventSeq = 0;

/** A LeaderElection Event (core/v1) `ms` after T0, as toLeaseEvent makes it. */
export function leaderEvent(
  identity: string,
  change: 'became leader' | 'stopped leading',
  ms: number,
  reason = 'LeaderElection',
): LeaseEvent {
  const event = toLeaseEvent({
    metadata: { name: `lease.${++eventSeq}`, namespace: 'ns', uid: `event-${eventSeq}` },
    involvedObject: { kind: 'Lease', namespace: 'ns', name: 'lease' },
    reason,
    message: `${identity} ${change}`,
    lastTimestamp: t(ms),
    type: 'Normal',
    count: 1,
  });
  assert.ok(event, 'the test Event converts');
  return event;
}

/** One thing that happens to a record: an observed version, a deletion, Events, or a restart through JSON. */
export type Step = { obs: LeaseSpec; at: number; lock?: LockKind } | { deleted: number } | { events: LeaseEvent[] } | 'restart';

/** The record after `steps` (times in ms after T0). */
export function replay(steps: Step[], start: LeadershipRecord = emptyRecord()): LeadershipRecord {
  let record = start;
  for (const s of steps) {
    if (s === 'restart') {
      const parsed = parseRecord(JSON.parse(JSON.stringify(serialise(record))));
      assert.ok(parsed, 'a serialised record parses');
      record = parsed;
    } else if ('obs' in s) {
      record = observe(record, { ...leaseInfo(s.obs, T0 + s.at), ...(s.lock && s.lock !== 'lease' ? { lock: s.lock } : {}) }, T0 + s.at);
    } else if ('deleted' in s) {
      record = observeDeleted(record, T0 + s.deleted);
    } else {
      record = seedFromEvents(record, s.events);
    }
  }
  return record;
}

/** A term as a table row: holder, start, end, end time and gap (ms after T0, null when none), source. */
export type Row = [holder: string, acquired: number, end: string, lost: number | null, gap: number | null, source: string];

export function rows(record: LeadershipRecord): Row[] {
  return record.terms.map((term) => [
    term.holder,
    term.acquiredAt - T0,
    term.end ?? 'open',
    term.lostAt === undefined ? null : term.lostAt - T0,
    term.gapBeforeMs ?? null,
    term.source,
  ]);
}
