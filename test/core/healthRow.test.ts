import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultHealthSettings } from '../../src/core/healthFlags';
import { healthDetail, healthRow, orderFlags, type HealthRowInput } from '../../src/core/healthRow';
import { leaseKey } from '../../src/shared/types';
import { leaseInfo } from '../support/builders';
import { A, B, C, held, HOUR, MINUTE, released, replay, SECOND, T0, type Step } from './leadershipHistory';

const key = leaseKey('ctx', 'ns', 'lease');

function input(steps: Step[], lastSpec: Parameters<typeof leaseInfo>[0] | undefined, lastAt: number, nowMs: number): HealthRowInput {
  return {
    key,
    context: 'ctx',
    namespace: 'ns',
    name: 'lease',
    record: replay(steps),
    lease: lastSpec === undefined ? undefined : leaseInfo(lastSpec, T0 + lastAt),
    now: T0 + nowMs,
    settings: defaultHealthSettings,
  };
}

describe('health row', () => {
  // A leads with renewals every 2 s, then one late renewal of 11 s; B takes over after a 20 s gap;
  // B releases; C takes over 5 s later and renews every 3 s.
  const steps: Step[] = [
    { obs: held(A, 0, 0, 0), at: 0 },
    { obs: held(A, 0, 2000, 0), at: 2000 },
    { obs: held(A, 0, 4000, 0), at: 4000 },
    { obs: held(A, 0, 15_000, 0), at: 15_000 },
    { obs: held(B, 35_000, 35_000, 1), at: 35_000 },
    { obs: released(40_000, 1), at: 40_000 },
    { obs: held(C, 45_000, 45_000, 2), at: 45_000 },
    { obs: held(C, 45_000, 48_000, 2), at: 48_000 },
    { obs: held(C, 45_000, 51_000, 2), at: 51_000 },
  ];

  test('transitions in the last hour and day, last and longest gap, the current term renew median and max', () => {
    const row = healthRow(input(steps, held(C, 45_000, 51_000, 2), 51_000, 52_000));
    assert.equal(row.key, key);
    assert.equal(row.holder, C);
    assert.equal(row.transitionsHour, 2);
    assert.equal(row.transitionsDay, 2);
    assert.equal(row.lastGapMs, 5000);
    assert.equal(row.longestGapMs, 20_000);
    assert.equal(row.renewMedianMs, 3000);
    assert.equal(row.renewMaxMs, 3000);
    assert.equal(row.durationMs, 15_000);
    assert.equal(row.renewedAt, T0 + 51_000);
    assert.equal(row.observedAt, T0 + 51_000);
    assert.deepEqual(row.flags, []);
    assert.equal(row.terms, 3);
    assert.equal(row.eventTerms, 0);
    assert.equal(row.unknownSince, undefined);
    assert.equal(row.deleted, undefined);
  });

  test('transitions older than the hour count for the day only', () => {
    const row = healthRow(input(steps, held(C, 45_000, 51_000, 2), 51_000, 2 * HOUR));
    assert.equal(row.transitionsHour, 0);
    assert.equal(row.transitionsDay, 2);
  });

  test('flags worst first: an expired Lease nobody took, with clock skew', () => {
    const row = { ...input(steps, held(C, 45_000, 51_000, 2), 51_000, 10 * MINUTE), clockSkew: true };
    assert.deepEqual(healthRow(row).flags, ['expired-no-taker', 'clock-skew']);
  });

  test('a lost connection: stale-unknown and unknownSince, never expired', () => {
    const lost = T0 + 60 * SECOND;
    const row = healthRow({
      ...input(steps, held(C, 45_000, 51_000, 2), 51_000, 10 * MINUTE),
      settings: { ...defaultHealthSettings, connected: false },
      unknownSince: lost,
    });
    assert.deepEqual(row.flags, ['stale-unknown']);
    assert.equal(row.unknownSince, lost);
  });

  test('a late renewal in the current term flags renewing-late; its median and max say so', () => {
    const late = steps.slice(0, 4);
    const row = healthRow(input(late, held(A, 0, 15_000, 0), 15_000, 16_000));
    assert.deepEqual(row.flags, ['renewing-late']);
    assert.equal(row.renewMedianMs, 2000);
    assert.equal(row.renewMaxMs, 11_000);
  });

  test('a deleted Lease: no holder, deleted, its history kept', () => {
    const row = healthRow(input([...steps, { deleted: 60_000 }], undefined, 0, 61_000));
    assert.equal(row.deleted, true);
    assert.equal(row.holder, '');
    assert.equal(row.terms, 3);
    assert.equal(row.renewMedianMs, undefined);
  });

  test('the detail: every term with how it ended and its gap; the open term recent intervals', () => {
    const i = input(steps, held(C, 45_000, 51_000, 2), 51_000, 52_000);
    const detail = healthDetail(healthRow(i), i.record);
    assert.deepEqual(
      detail.terms.map((term) => [term.holder, term.end, term.gapBeforeMs, term.renewMedianMs, term.renewMaxMs, term.source]),
      [
        [A, 'expired', undefined, 2000, 11_000, 'watch'],
        [B, 'released', 20_000, undefined, undefined, 'watch'],
        [C, undefined, 5000, 3000, 3000, 'watch'],
      ],
    );
    assert.deepEqual(detail.renewIntervals, [3000, 3000]);
    assert.equal(detail.firstObservedAt, T0);
    assert.equal(detail.droppedTerms, 0);
  });

  test('orderFlags puts flags worst first, once each', () => {
    assert.deepEqual(orderFlags(['never-held', 'clock-skew', 'flapping', 'stale-unknown', 'flapping']), [
      'stale-unknown',
      'flapping',
      'clock-skew',
      'never-held',
    ]);
  });
});
