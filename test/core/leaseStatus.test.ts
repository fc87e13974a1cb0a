import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LeaseInfo, LeaseSpec } from '../../src/shared/types';
import { formatTimeLeft, leaseStatus, type LeaseStatus } from '../../src/core/leaseStatus';
import { at } from '../support/builders';
import { fixtureLeaseObjects } from '../support/fixtures';

function statusOf(spec: LeaseSpec | undefined, now: number, observedAt = now, expiringSeconds?: number): LeaseStatus {
  const lease = { spec, observedAt } as Pick<LeaseInfo, 'spec' | 'observedAt'>;
  return expiringSeconds === undefined ? leaseStatus(lease, now) : leaseStatus(lease, now, { expiringSeconds });
}

describe('leaseStatus on leases.json', () => {
  const leases = fixtureLeaseObjects();

  test('at 00:41:20, observed a second earlier', () => {
    const now = at('2026-11-21T00:41:20.000000Z');
    const statuses = leases.map((l) => statusOf(l.spec, now, now - 1000));
    assert.deepEqual(statuses, [
      {
        state: 'held',
        holder: 'cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21',
        holderShort: 'cp-node-2',
        durationMs: 15_000,
        byRenewMs: 12_924.123,
        byObservationMs: 14_000,
        skewMs: -1075.877,
        expiresAt: 1795221692924.123,
        expiringBelowMs: 5000,
      },
      {
        state: 'held',
        holder: 'cp-node-1_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        holderShort: 'cp-node-1',
        durationMs: 15_000,
        byRenewMs: 11_887.002,
        byObservationMs: 14_000,
        skewMs: -2112.998,
        expiresAt: 1795221691887.002,
        expiringBelowMs: 5000,
      },
      {
        state: 'held',
        holder: 'cp-node-1',
        holderShort: 'cp-node-1',
        durationMs: 40_000,
        byRenewMs: 32_551.87,
        byObservationMs: 39_000,
        skewMs: -6448.13,
        expiresAt: 1795221712551.87,
        expiringBelowMs: 40_000 / 3,
      },
      {
        state: 'held',
        holder: 'apiserver-2ogo5gqz6cz3wkmd4vkhqqbu7e_4b3a2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0',
        holderShort: 'apiserver-2ogo5gqz6cz3wkmd4vkhqqbu7e',
        durationMs: 3_600_000,
        byRenewMs: 3_590_002.119,
        byObservationMs: 3_599_000,
        skewMs: -8997.881,
        expiresAt: 1795225270002.119,
        expiringBelowMs: 1_200_000,
      },
      { state: 'released', durationMs: 1000 },
      {
        state: 'held',
        holder: 'cert-manager-7d9f8c6b5-x2k4p-external-cert-manager-controller',
        holderShort: 'cert-manager-7d9f8c6b5-x2k4p-external-c…',
        durationMs: 60_000,
        byRenewMs: 45_300.4,
        byObservationMs: 59_000,
        skewMs: -13_699.6,
        expiresAt: 1795221725300.4,
        expiringBelowMs: 20_000,
      },
      { state: 'never-held' },
      {
        state: 'held',
        holder: 'cp-node-3',
        holderShort: 'cp-node-3',
        durationMs: 15_000,
        byRenewMs: 12_000,
        byObservationMs: 14_000,
        skewMs: -2000,
        expiresAt: 1795221692000,
        expiringBelowMs: 5000,
      },
    ]);
    assert.deepEqual(
      statuses.map((s) => formatTimeLeft(s)),
      ['13s', '12s', '33s', '59m 51s', 'released', '46s', 'never held', '12s'],
    );
  });

  test('at 00:41:30 the 15 s leases are expiring', () => {
    const now = at('2026-11-21T00:41:30.000000Z');
    const statuses = leases.map((l) => statusOf(l.spec, now));
    assert.deepEqual(
      statuses.map((s) => [s.state, s.byRenewMs, formatTimeLeft(s)]),
      [
        ['expiring', 2924.123, 'expiring 3s'],
        ['expiring', 1887.002, 'expiring 2s'],
        ['held', 22_551.87, '23s'],
        ['held', 3_580_002.119, '59m 41s'],
        ['released', undefined, 'released'],
        ['held', 35_300.4, '36s'],
        ['never-held', undefined, 'never held'],
        ['expiring', 2000, 'expiring 2s'],
      ],
    );
  });

  test('three minutes later only the API server identity is held', () => {
    const now = at('2026-11-21T00:44:20.000000Z');
    const statuses = leases.map((l) => statusOf(l.spec, now));
    assert.deepEqual(
      statuses.map((s) => [s.state, s.byRenewMs, formatTimeLeft(s)]),
      [
        ['expired', -167_075.877, 'expired 2m ago'],
        ['expired', -168_112.998, 'expired 2m ago'],
        ['expired', -147_448.13, 'expired 2m ago'],
        ['held', 3_410_002.119, '56m 51s'],
        ['released', undefined, 'released'],
        ['expired', -134_699.6, 'expired 2m ago'],
        ['never-held', undefined, 'never held'],
        ['expired', -168_000, 'expired 2m ago'],
      ],
    );
  });
});

describe('leaseStatus rules', () => {
  const t0 = at('2026-11-21T00:00:00.000000Z');
  const held: LeaseSpec = {
    holderIdentity: 'a_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21',
    leaseDurationSeconds: 15,
    acquireTime: '2026-11-20T23:00:00.000000Z',
    renewTime: '2026-11-21T00:00:00.000000Z',
  };

  test('expiring boundary is max(expiringSeconds, duration/3), inclusive', () => {
    assert.equal(statusOf(held, t0 + 9999).state, 'held');
    assert.equal(statusOf(held, t0 + 10_000).state, 'expiring');
    assert.equal(statusOf(held, t0 + 14_999).state, 'expiring');
    assert.equal(statusOf(held, t0 + 15_000).state, 'expired');
    assert.equal(formatTimeLeft(statusOf(held, t0 + 15_000)), 'expired 0s ago');
    assert.equal(statusOf(held, t0 + 2000, t0, 20).state, 'expiring');
    assert.equal(statusOf(held, t0 + 2000, t0, 20).expiringBelowMs, 20_000);
    assert.equal(statusOf(held, t0 + 9999, t0, 0).state, 'held');
    assert.equal(statusOf(held, t0 + 9999, t0, -3).expiringBelowMs, 5000);
    const long = { ...held, leaseDurationSeconds: 60 };
    assert.equal(statusOf(long, t0 + 39_999).state, 'held');
    assert.equal(statusOf(long, t0 + 40_000).state, 'expiring');
  });

  test('never held: no holder and no history, or no spec at all', () => {
    assert.deepEqual(statusOf({}, t0), { state: 'never-held' });
    assert.deepEqual(statusOf(undefined, t0), { state: 'never-held' });
    assert.deepEqual(statusOf({ holderIdentity: '', leaseDurationSeconds: 15, leaseTransitions: 0 }, t0), {
      state: 'never-held',
      durationMs: 15_000,
    });
  });

  test('released: empty holder with any history', () => {
    assert.deepEqual(statusOf({ holderIdentity: '', leaseTransitions: 3 }, t0), { state: 'released' });
    assert.deepEqual(statusOf({ acquireTime: '2026-11-20T23:00:00.000000Z' }, t0), { state: 'released' });
    assert.deepEqual(statusOf({ holderIdentity: '', leaseDurationSeconds: 1, renewTime: 'garbage' }, t0), {
      state: 'released',
      durationMs: 1000,
    });
  });

  test('invalid durations with a holder say what is wrong', () => {
    const cases: [unknown, string][] = [
      [-5, 'leaseDurationSeconds is -5'],
      [0, 'leaseDurationSeconds is 0'],
      [undefined, 'leaseDurationSeconds is missing'],
      ['15', 'leaseDurationSeconds is not a number ("15")'],
    ];
    for (const [duration, reason] of cases) {
      const status = statusOf({ ...held, leaseDurationSeconds: duration as number }, t0);
      assert.deepEqual(status, { state: 'invalid', holder: held.holderIdentity, holderShort: 'a', reason });
      assert.equal(formatTimeLeft(status), `invalid: ${reason}`);
    }
  });

  test('a renewTime in the future (clock skew) just leaves more time', () => {
    const status = statusOf({ ...held, renewTime: '2026-11-21T00:01:00.000000Z' }, t0, t0);
    assert.equal(status.state, 'held');
    assert.equal(status.byRenewMs, 75_000);
    assert.equal(status.byObservationMs, 15_000);
    assert.equal(status.skewMs, 60_000);
    assert.equal(formatTimeLeft(status), '1m 15s');
  });

  test('renewTime falls back to acquireTime, then to the observation', () => {
    const fromAcquire = statusOf({ ...held, renewTime: 'not a time' }, at('2026-11-20T23:00:10.000000Z'));
    assert.equal(fromAcquire.byRenewMs, 5000);
    assert.equal(fromAcquire.state, 'expiring');

    const fromObservation = statusOf({ holderIdentity: 'x', leaseDurationSeconds: 15 }, t0 + 4000, t0);
    assert.deepEqual(fromObservation, {
      state: 'held',
      holder: 'x',
      holderShort: 'x',
      durationMs: 15_000,
      byRenewMs: 11_000,
      byObservationMs: 11_000,
      expiresAt: t0 + 15_000,
      expiringBelowMs: 5000,
    });
  });

  test('three-digit MicroTimes are still read', () => {
    assert.equal(statusOf({ ...held, renewTime: '2026-11-21T00:00:00.500Z' }, t0).byRenewMs, 15_500);
  });

  test('no usable time at all is invalid, not a crash', () => {
    const status = statusOf({ holderIdentity: 'x', leaseDurationSeconds: 15 }, t0, NaN);
    assert.deepEqual(status, {
      state: 'invalid',
      holder: 'x',
      holderShort: 'x',
      durationMs: 15_000,
      reason: 'neither renewTime nor acquireTime is a valid time',
    });
  });

  test('a 10 KB identity with control characters stays small', () => {
    const status = statusOf({ ...held, holderIdentity: `\u202E${'x'.repeat(10_240)}` }, t0);
    assert.equal(status.holderShort, `${'x'.repeat(39)}…`);
    assert.equal(status.holder?.length, 10_241);
  });
});

describe('formatTimeLeft', () => {
  const t0 = at('2026-11-21T00:41:20.000000Z');
  const status = statusOf(fixtureLeaseObjects()[0]?.spec, t0);

  test('ticks from expiresAt when given now', () => {
    assert.equal(formatTimeLeft(status), '13s');
    assert.equal(formatTimeLeft(status, t0), '13s');
    assert.equal(formatTimeLeft(status, t0 + 7000), '6s');
    assert.equal(formatTimeLeft(status, t0 + 8000), 'expiring 5s');
    assert.equal(formatTimeLeft(status, t0 + 12_924), 'expiring 1s');
    assert.equal(formatTimeLeft(status, t0 + 12_925), 'expired 0s ago');
    assert.equal(formatTimeLeft(status, t0 + 20_000), 'expired 7s ago');
    assert.equal(formatTimeLeft(status, t0 + 3 * 60_000 + 20_000), 'expired 3m ago');
    assert.equal(formatTimeLeft(status, t0 + 2 * 3_600_000 + 20_000), 'expired 2h ago');
  });

  test('minutes and seconds for long leases', () => {
    const s = statusOf({ holderIdentity: 'x', leaseDurationSeconds: 65, renewTime: '2026-11-21T00:41:20.000000Z' }, t0);
    assert.equal(formatTimeLeft(s), '1m 05s');
  });

  test('states without a countdown', () => {
    assert.equal(formatTimeLeft({ state: 'released' }, t0), 'released');
    assert.equal(formatTimeLeft({ state: 'never-held' }), 'never held');
    assert.equal(formatTimeLeft({ state: 'invalid' }), 'invalid: unknown problem');
    assert.equal(formatTimeLeft({ state: 'expired' }), 'expired');
    assert.equal(formatTimeLeft({ state: 'expiring', byRenewMs: 2500 }), 'expiring 3s');
    assert.equal(formatTimeLeft({ state: 'held', byRenewMs: 600_000 }), '10m 00s');
  });
});
