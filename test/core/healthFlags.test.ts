import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultHealthSettings, healthFlags, type HealthFlag, type HealthSettings } from '../../src/core/healthFlags';
import { emptyRecord, type LeadershipRecord } from '../../src/core/leadershipRecord';
import type { LeaseInfo, LeaseSpec } from '../../src/shared/types';
import { leaseInfo } from '../support/builders';
import { A, B, held, MINUTE, released, replay, SECOND, T0, type Step } from './leadershipHistory';

interface Case {
  name: string;
  steps: Step[];
  /** The Lease as last seen (its spec, seen at ms after T0); none: deleted. */
  lease?: { spec: LeaseSpec; at: number };
  /** ms after T0 */
  now: number;
  settings?: Partial<HealthSettings>;
  flags: HealthFlag[];
}

/** A renews every 2 s from 0 (15 s lease) until `untilMs`, each renewal seen at once. */
function renewing(untilMs: number, extra: Step[] = []): Step[] {
  const steps: Step[] = [];
  for (let ms = 0; ms <= untilMs; ms += 2000) {
    steps.push({ obs: held(A, 0, ms, 0), at: ms });
  }
  return [...steps, ...extra];
}

/** Holders taking turns every minute from 0: `changes` leadership changes. */
function flapping(changes: number): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i <= changes; i++) {
    steps.push({ obs: held(i % 2 === 0 ? A : B, i * MINUTE, i * MINUTE, i), at: i * MINUTE });
  }
  return steps;
}

const cases: Case[] = [
  {
    name: 'healthy: renewing every 2 s',
    steps: renewing(20_000),
    lease: { spec: held(A, 0, 20_000, 0), at: 20_000 },
    now: 21_000,
    flags: [],
  },
  {
    name: 'flapping: 4 changes in 10 minutes, more than 3',
    steps: flapping(4),
    lease: { spec: held(A, 4 * MINUTE, 4 * MINUTE, 4), at: 4 * MINUTE },
    now: 4 * MINUTE + SECOND,
    flags: ['flapping'],
  },
  {
    name: 'not flapping: 3 changes in 10 minutes',
    steps: flapping(3),
    lease: { spec: held(B, 3 * MINUTE, 3 * MINUTE, 3), at: 3 * MINUTE },
    now: 3 * MINUTE + SECOND,
    flags: [],
  },
  {
    name: 'not flapping with leaseLens.flapping.changes 4',
    steps: flapping(4),
    lease: { spec: held(A, 4 * MINUTE, 4 * MINUTE, 4), at: 4 * MINUTE },
    now: 4 * MINUTE + SECOND,
    settings: { flapChanges: 4 },
    flags: [],
  },
  {
    name: 'not flapping once the changes are older than the window',
    steps: flapping(4),
    lease: { spec: held(A, 4 * MINUTE, 4 * MINUTE, 4), at: 4 * MINUTE },
    now: 12 * MINUTE,
    settings: { flapWindowMinutes: 10 },
    flags: ['expired-no-taker'],
  },
  {
    name: 'renewing late: an interval over 2/3 of the duration',
    steps: renewing(4000, [{ obs: held(A, 0, 14_001, 0), at: 14_001 }]),
    lease: { spec: held(A, 0, 14_001, 0), at: 14_001 },
    now: 14_500,
    flags: ['renewing-late'],
  },
  {
    name: 'not late: an interval of exactly 2/3 of the duration',
    steps: renewing(4000, [{ obs: held(A, 0, 14_000, 0), at: 14_000 }]),
    lease: { spec: held(A, 0, 14_000, 0), at: 14_000 },
    now: 14_500,
    flags: [],
  },
  {
    name: 'not late with a lateRatio of 0.9',
    steps: renewing(4000, [{ obs: held(A, 0, 14_001, 0), at: 14_001 }]),
    lease: { spec: held(A, 0, 14_001, 0), at: 14_001 },
    now: 14_500,
    settings: { lateRatio: 0.9 },
    flags: [],
  },
  {
    name: 'renewing late now: no renewal for over 2/3 of the duration and 1 s (one on its way), by both clocks',
    steps: renewing(4000),
    lease: { spec: held(A, 0, 4000, 0), at: 4000 },
    now: 15_001,
    flags: ['renewing-late'],
  },
  {
    name: 'not late now: 2/3 of the duration and 1 s exactly (a renewal written at the deadline is on its way)',
    steps: renewing(4000),
    lease: { spec: held(A, 0, 4000, 0), at: 4000 },
    now: 15_000,
    flags: [],
  },
  {
    name: "not late now when the observation is recent (the holder's clock runs behind)",
    steps: [{ obs: held(A, 0, 0, 0), at: 10_000 }],
    lease: { spec: held(A, 0, 0, 0), at: 10_000 },
    now: 12_000,
    flags: [],
  },
  {
    name: 'a new holder starts new statistics: the old late interval does not count',
    steps: renewing(4000, [
      { obs: held(A, 0, 14_500, 0), at: 14_500 },
      { obs: held(B, 20_000, 20_000, 1), at: 20_000 },
      { obs: held(B, 20_000, 22_000, 1), at: 22_000 },
    ]),
    lease: { spec: held(B, 20_000, 22_000, 1), at: 22_000 },
    now: 23_000,
    flags: [],
  },
  {
    name: 'expired, nobody took over',
    steps: renewing(4000),
    lease: { spec: held(A, 0, 4000, 0), at: 4000 },
    now: 19_001,
    flags: ['expired-no-taker'],
  },
  {
    name: 'expired by renewTime but seen changing within the duration (skew): not expired',
    steps: [{ obs: held(A, 0, 0, 0), at: 10_000 }],
    lease: { spec: held(A, 0, 0, 0), at: 10_000 },
    now: 16_000,
    flags: [],
  },
  {
    name: 'connection lost: stale-unknown, never expired',
    steps: renewing(4000),
    lease: { spec: held(A, 0, 4000, 0), at: 4000 },
    now: 60_000,
    settings: { connected: false },
    flags: ['stale-unknown'],
  },
  {
    name: 'connection lost: what history says is still said',
    steps: flapping(4),
    lease: { spec: held(A, 4 * MINUTE, 4 * MINUTE, 4), at: 4 * MINUTE },
    now: 4 * MINUTE + SECOND,
    settings: { connected: false },
    flags: ['stale-unknown', 'flapping'],
  },
  {
    name: 'connection lost: a late interval of the current term is still said',
    steps: renewing(4000, [{ obs: held(A, 0, 15_000, 0), at: 15_000 }]),
    lease: { spec: held(A, 0, 15_000, 0), at: 15_000 },
    now: 60_000,
    settings: { connected: false },
    flags: ['stale-unknown', 'renewing-late'],
  },
  {
    name: 'never held',
    steps: [{ obs: { leaseDurationSeconds: 15 }, at: 0 }],
    lease: { spec: { leaseDurationSeconds: 15 }, at: 0 },
    now: 1000,
    flags: ['never-held'],
  },
  {
    name: 'released: not never-held, not expired',
    steps: renewing(4000, [{ obs: released(5000, 0), at: 5000 }]),
    lease: { spec: released(5000, 0), at: 5000 },
    now: 60_000,
    flags: [],
  },
  { name: 'deleted: nothing about the present', steps: [...renewing(4000), { deleted: 5000 }], now: 60_000, flags: [] },
];

describe('health flags', () => {
  for (const c of cases) {
    test(c.name, () => {
      const record: LeadershipRecord = replay(c.steps);
      const lease: LeaseInfo | undefined = c.lease === undefined ? undefined : leaseInfo(c.lease.spec, T0 + c.lease.at);
      const settings: HealthSettings = { ...defaultHealthSettings, ...c.settings };
      assert.deepEqual(healthFlags(record, lease, T0 + c.now, settings), c.flags);
    });
  }

  test('the defaults are the settings table’s', () => {
    assert.equal(defaultHealthSettings.flapChanges, 3);
    assert.equal(defaultHealthSettings.flapWindowMinutes, 10);
    assert.equal(defaultHealthSettings.connected, true);
  });

  test('an empty record and no Lease: no flags; disconnected: only stale-unknown', () => {
    assert.deepEqual(healthFlags(emptyRecord(), undefined, T0, defaultHealthSettings), []);
    assert.deepEqual(healthFlags(emptyRecord(), undefined, T0, { ...defaultHealthSettings, connected: false }), ['stale-unknown']);
  });
});
