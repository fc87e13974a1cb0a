import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LeadershipTerm, LeaseInfo, LeaseSpec, LeaseTimeline } from '../../src/shared/types';
import { advanceTimeline, emptyTimeline, flappingCount, isFlapping, MAX_TERMS } from '../../src/core/timeline';
import { formatMicroTime } from '../../src/core/microTime';
import { at, leaseInfo } from '../support/builders';
import { fixtureLeaseObjects } from '../support/fixtures';

const A = 'pod-a_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
const B = 'pod-b_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const T0 = at('2026-11-21T00:00:00.000000Z');

/** A MicroTime `ms` after T0. */
function t(ms: number): string {
  return formatMicroTime(T0 + ms);
}

function spec(holder: string, acquireMs: number, renewMs: number, transitions: number, duration = 15): LeaseSpec {
  return {
    holderIdentity: holder,
    leaseDurationSeconds: duration,
    acquireTime: t(acquireMs),
    renewTime: t(renewMs),
    leaseTransitions: transitions,
  };
}

/** Feeds versions in order, as the Lease server would. */
function replay(versions: LeaseInfo[], start: LeaseTimeline = emptyTimeline()): LeaseTimeline {
  let timeline = start;
  let previous: LeaseInfo | undefined;
  for (const next of versions) {
    timeline = advanceTimeline(timeline, previous, next);
    previous = next;
  }
  return timeline;
}

describe('advanceTimeline', () => {
  test('emptyTimeline', () => {
    assert.deepEqual(emptyTimeline(), { terms: [], renew: { count: 0 } });
    assert.notEqual(emptyTimeline(), emptyTimeline());
  });

  test('the first observation starts a term from acquireTime', () => {
    const scheduler = fixtureLeaseObjects()[0];
    assert.ok(scheduler);
    const timeline = advanceTimeline(emptyTimeline(), undefined, leaseInfo(scheduler.spec, at('2026-11-21T00:41:18.000000Z')));
    assert.deepEqual(timeline, {
      terms: [
        {
          holder: 'cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21',
          acquiredAt: at('2026-11-20T23:58:41.204518Z'),
          lastRenewedAt: at('2026-11-21T00:41:17.924123Z'),
          transitions: 7,
          renewals: 0,
        },
      ],
      renew: { count: 0 },
    });
  });

  test('no acquireTime: the term starts when it was observed', () => {
    const node = fixtureLeaseObjects()[2];
    assert.ok(node);
    const timeline = advanceTimeline(emptyTimeline(), undefined, leaseInfo(node.spec, T0));
    assert.deepEqual(timeline.terms, [
      { holder: 'cp-node-1', acquiredAt: T0, lastRenewedAt: at('2026-11-21T00:41:12.551870Z'), renewals: 0 },
    ]);
  });

  test('released and never-held leases start no term', () => {
    const [released, neverHeld] = [fixtureLeaseObjects()[4], fixtureLeaseObjects()[6]];
    assert.ok(released && neverHeld);
    assert.deepEqual(advanceTimeline(emptyTimeline(), undefined, leaseInfo(released.spec, T0)), emptyTimeline());
    assert.deepEqual(advanceTimeline(emptyTimeline(), undefined, leaseInfo(neverHeld.spec, T0)), emptyTimeline());
  });

  test('renewals of the same holder are counted with interval stats', () => {
    const timeline = replay([
      leaseInfo(spec(A, 0, 0, 1), T0),
      leaseInfo(spec(A, 0, 2000, 1), T0 + 2000),
      leaseInfo(spec(A, 0, 2000, 1), T0 + 2100), // same renewTime (e.g. a label change): not a renewal
      leaseInfo(spec(A, 0, 4000, 1), T0 + 4000),
      leaseInfo(spec(A, 0, 7000.5, 1), T0 + 7000),
    ]);
    assert.deepEqual(timeline, {
      terms: [{ holder: A, acquiredAt: T0, lastRenewedAt: T0 + 7000.5, transitions: 1, renewals: 3 }],
      renew: { count: 3, meanMs: 2333.5, maxMs: 3000.5, lastMs: 3000.5 },
    });
  });

  test('a renewTime that goes backwards is not a renewal', () => {
    const timeline = replay([leaseInfo(spec(A, 0, 5000, 1), T0), leaseInfo(spec(A, 0, 3000, 1), T0 + 6000)]);
    assert.equal(timeline.terms[0]?.renewals, 0);
    assert.equal(timeline.terms[0]?.lastRenewedAt, T0 + 5000);
    assert.deepEqual(timeline.renew, { count: 0 });
  });

  test('a release then a takeover: the gap runs from the release', () => {
    const timeline = replay([
      leaseInfo(spec(A, 0, 0, 4), T0),
      leaseInfo(spec(A, 0, 2000, 4), T0 + 2000),
      // client-go ReleaseOnCancel: holder "", duration 1, renewTime = acquireTime = release time
      leaseInfo(
        { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: t(3500.25), renewTime: t(3500.25), leaseTransitions: 4 },
        T0 + 3600,
      ),
      leaseInfo(spec(B, 5750.5, 5750.5, 5), T0 + 5800),
      leaseInfo(spec(B, 5750.5, 7750.5, 5), T0 + 7800),
    ]);
    assert.deepEqual(timeline, {
      terms: [
        { holder: A, acquiredAt: T0, lastRenewedAt: T0 + 2000, transitions: 4, renewals: 1, end: 'released', lostAt: T0 + 3500.25 },
        { holder: B, acquiredAt: T0 + 5750.5, lastRenewedAt: T0 + 7750.5, transitions: 5, renewals: 1, gapBeforeMs: 2250.25 },
      ],
      renew: { count: 2, meanMs: 2000, maxMs: 2000, lastMs: 2000 },
    });
  });

  test('a release without renewTime ends at the observation', () => {
    const timeline = replay([leaseInfo(spec(A, 0, 0, 1), T0), leaseInfo({ holderIdentity: '' }, T0 + 9000)]);
    assert.deepEqual(timeline.terms[0], {
      holder: A,
      acquiredAt: T0,
      lastRenewedAt: T0,
      transitions: 1,
      renewals: 0,
      end: 'released',
      lostAt: T0 + 9000,
    });
  });

  test('a takeover after the old term ran out ends it as expired', () => {
    const timeline = replay([leaseInfo(spec(A, 0, 4000, 2), T0 + 4000), leaseInfo(spec(B, 20_500, 20_500, 3), T0 + 20_600)]);
    assert.deepEqual(timeline.terms, [
      { holder: A, acquiredAt: T0, lastRenewedAt: T0 + 4000, transitions: 2, renewals: 0, end: 'expired', lostAt: T0 + 20_500 },
      { holder: B, acquiredAt: T0 + 20_500, lastRenewedAt: T0 + 20_500, transitions: 3, renewals: 0, gapBeforeMs: 16_500 },
    ]);
  });

  test('a takeover before the old term ran out is taken-over', () => {
    const timeline = replay([leaseInfo(spec(A, 0, 4000, 2), T0 + 4000), leaseInfo(spec(B, 6000, 6000, 3), T0 + 6100)]);
    assert.equal(timeline.terms[0]?.end, 'taken-over');
    assert.equal(timeline.terms[0]?.lostAt, T0 + 6000);
    assert.equal(timeline.terms[1]?.gapBeforeMs, 2000);
  });

  test('exactly at expiry is still taken-over; the old duration decides', () => {
    const exact = replay([leaseInfo(spec(A, 0, 4000, 2), T0 + 4000), leaseInfo(spec(B, 19_000, 19_000, 3, 60), T0 + 19_100)]);
    assert.equal(exact.terms[0]?.end, 'taken-over');
    const later = replay([leaseInfo(spec(A, 0, 4000, 2), T0 + 4000), leaseInfo(spec(B, 19_001, 19_001, 3, 60), T0 + 19_100)]);
    assert.equal(later.terms[0]?.end, 'expired');
  });

  test('a ConfigMap or Endpoints lock (whole seconds) taken over in the second its term ran out: expired', () => {
    for (const lock of ['configmap', 'endpoints'] as const) {
      const asLock = (l: LeaseInfo): LeaseInfo => ({ ...l, lock });
      const exact = replay([asLock(leaseInfo(spec(A, 0, 4000, 2), T0 + 4900)), asLock(leaseInfo(spec(B, 19_000, 19_000, 3), T0 + 19_600))]);
      assert.equal(exact.terms[0]?.end, 'expired', lock);
      const early = replay([asLock(leaseInfo(spec(A, 0, 4000, 2), T0 + 4900)), asLock(leaseInfo(spec(B, 18_000, 18_000, 3), T0 + 18_600))]);
      assert.equal(early.terms[0]?.end, 'taken-over', lock);
    }
  });

  test('leaseTransitions going up with the same holder is a new term', () => {
    const timeline = replay([
      leaseInfo(spec(A, 0, 0, 3), T0),
      leaseInfo(spec(A, 0, 2000, 3), T0 + 2000),
      leaseInfo(spec(A, 30_000, 30_000, 4), T0 + 30_100),
      leaseInfo(spec(A, 30_000, 32_000, 4), T0 + 32_100),
    ]);
    assert.deepEqual(timeline, {
      terms: [
        { holder: A, acquiredAt: T0, lastRenewedAt: T0 + 2000, transitions: 3, renewals: 1, end: 'expired', lostAt: T0 + 30_000 },
        { holder: A, acquiredAt: T0 + 30_000, lastRenewedAt: T0 + 32_000, transitions: 4, renewals: 1, gapBeforeMs: 28_000 },
      ],
      renew: { count: 2, meanMs: 2000, maxMs: 2000, lastMs: 2000 },
    });
  });

  test('a new holder without acquireTime starts at the observation', () => {
    const timeline = replay([
      leaseInfo({ holderIdentity: A, leaseDurationSeconds: 15, renewTime: t(0) }, T0),
      leaseInfo({ holderIdentity: B, leaseDurationSeconds: 15, renewTime: t(30_000) }, T0 + 31_000),
    ]);
    assert.deepEqual(timeline.terms[1], {
      holder: B,
      acquiredAt: T0 + 31_000,
      lastRenewedAt: T0 + 30_000,
      renewals: 0,
      gapBeforeMs: 31_000,
    });
    assert.equal(timeline.terms[0]?.end, 'expired');
  });

  test('the same holder back after a release is a new term', () => {
    const timeline = replay([
      leaseInfo(spec(A, 0, 0, 1), T0),
      leaseInfo({ holderIdentity: '', leaseDurationSeconds: 1, acquireTime: t(1000), renewTime: t(1000), leaseTransitions: 1 }, T0 + 1000),
      leaseInfo(spec(A, 4000, 4000, 2), T0 + 4000),
    ]);
    assert.deepEqual(
      timeline.terms.map((term) => [term.holder, term.end, term.gapBeforeMs]),
      [
        [A, 'released', undefined],
        [A, undefined, 3000],
      ],
    );
  });

  test('with a previous version but no history, the previous holder gets a term', () => {
    const timeline = advanceTimeline(
      emptyTimeline(),
      leaseInfo(spec(A, 0, 2000, 1), T0 + 2000),
      leaseInfo(spec(B, 20_000, 20_000, 2), T0 + 20_000),
    );
    assert.deepEqual(timeline.terms, [
      { holder: A, acquiredAt: T0, lastRenewedAt: T0 + 2000, transitions: 1, renewals: 0, end: 'expired', lostAt: T0 + 20_000 },
      { holder: B, acquiredAt: T0 + 20_000, lastRenewedAt: T0 + 20_000, transitions: 2, renewals: 0, gapBeforeMs: 18_000 },
    ]);
  });

  test('a kept history continues after a restart (no previous version)', () => {
    const before = replay([
      leaseInfo(spec(A, 0, 0, 1), T0),
      leaseInfo({ holderIdentity: '', leaseDurationSeconds: 1, acquireTime: t(500), renewTime: t(500), leaseTransitions: 1 }, T0 + 600),
    ]);
    const after = advanceTimeline(before, undefined, leaseInfo(spec(B, 2500, 2500, 2), T0 + 2600));
    assert.equal(after.terms[1]?.gapBeforeMs, 2000);
    const renewed = advanceTimeline(after, undefined, leaseInfo(spec(B, 2500, 4500, 2), T0 + 4600));
    assert.equal(renewed.terms[1]?.renewals, 1);
    assert.deepEqual(renewed.renew, { count: 1, meanMs: 2000, maxMs: 2000, lastMs: 2000 });
  });

  test('a lease without spec does not crash', () => {
    const noSpec = { ...leaseInfo({}, T0), spec: undefined } as unknown as LeaseInfo;
    assert.deepEqual(advanceTimeline(emptyTimeline(), undefined, noSpec), emptyTimeline());
    const held = replay([leaseInfo(spec(A, 0, 0, 1), T0)]);
    const ended = advanceTimeline(held, leaseInfo(spec(A, 0, 0, 1), T0), noSpec);
    assert.equal(ended.terms[0]?.end, 'released');
  });

  test('is pure: inputs are left alone and a new object comes back', () => {
    const start = replay([leaseInfo(spec(A, 0, 0, 1), T0)]);
    const previous = leaseInfo(spec(A, 0, 0, 1), T0);
    const next = leaseInfo(spec(B, 20_000, 20_000, 2), T0 + 20_000);
    const snapshot = JSON.stringify([start, previous, next]);
    const after = advanceTimeline(start, previous, next);
    assert.equal(JSON.stringify([start, previous, next]), snapshot);
    assert.notEqual(after, start);
    assert.notEqual(after.terms, start.terms);
    const same = advanceTimeline(start, previous, previous);
    assert.notEqual(same, start);
    assert.deepEqual(same, start);
  });

  test(`keeps at most ${MAX_TERMS} terms, dropping the oldest`, () => {
    const versions: LeaseInfo[] = [];
    for (let i = 0; i < 250; i++) {
      versions.push(leaseInfo(spec(`pod-${i}`, i * 1000, i * 1000, i), T0 + i * 1000));
    }
    const timeline = replay(versions);
    assert.equal(timeline.terms.length, MAX_TERMS);
    assert.equal(timeline.terms[0]?.holder, 'pod-50');
    assert.equal(timeline.terms.at(-1)?.holder, 'pod-249');
    assert.equal(timeline.terms.at(-1)?.gapBeforeMs, 1000);
  });
});

describe('flapping', () => {
  const now = T0 + 60 * 60_000;
  function term(holder: string, minutesAgo: number, transitions?: number): LeadershipTerm {
    const result: LeadershipTerm = { holder, acquiredAt: now - minutesAgo * 60_000, renewals: 0 };
    if (transitions !== undefined) {
      result.transitions = transitions;
    }
    return result;
  }

  test('counts term starts inside the window, not the first known term', () => {
    const terms = [term('a', 30, 0), term('b', 9), term('a', 7), term('b', 5), term('a', 1)];
    assert.equal(flappingCount(terms, now, 10), 4);
    assert.equal(flappingCount(terms, now, 6), 2);
    assert.equal(flappingCount(terms, now, 60), 4);
    assert.equal(isFlapping(terms, now, 3, 10), true);
    assert.equal(isFlapping(terms, now, 4, 10), false);
    assert.equal(isFlapping(terms, now, 3, 6), false);
  });

  test('the first known term counts when leaseTransitions shows it was a change', () => {
    assert.equal(flappingCount([term('a', 2, 5)], now, 10), 1);
    assert.equal(flappingCount([term('a', 2, 0)], now, 10), 0);
    assert.equal(flappingCount([term('a', 2)], now, 10), 0);
  });

  test('the window edge is inclusive; terms without acquiredAt are skipped', () => {
    const edge = [term('a', 30, 0), term('b', 10)];
    assert.equal(flappingCount(edge, now, 10), 1);
    assert.equal(flappingCount([term('a', 30, 0), { holder: 'b', renewals: 0 }], now, 10), 0);
    assert.equal(flappingCount([], now, 10), 0);
  });

  test('a timeline built from observed takeovers', () => {
    const versions: LeaseInfo[] = [];
    const holders = [A, B, A, B, A];
    holders.forEach((holder, i) => {
      versions.push(leaseInfo(spec(holder, i * 60_000, i * 60_000, i), T0 + i * 60_000));
    });
    const timeline = replay(versions);
    const end = T0 + 4 * 60_000;
    assert.equal(flappingCount(timeline.terms, end, 10), 4);
    assert.equal(isFlapping(timeline.terms, end, 3, 10), true);
    assert.equal(isFlapping(timeline.terms, end + 10 * 60_000, 3, 10), false);
  });
});
