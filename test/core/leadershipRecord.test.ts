import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  currentTerm,
  defaultRecordLimits,
  emptyRecord,
  estimateRecordBytes,
  lastGap,
  longestGap,
  MAX_HOLDER_LENGTH,
  observe,
  pruneRecord,
  resume,
  transitionsWithin,
  type LeadershipRecord,
} from '../../src/core/leadershipRecord';
import { RENEW_SAMPLE_SIZE } from '../../src/core/renewStats';
import { leaseInfo } from '../support/builders';
import { A, B, C, DAY, held, HOUR, MINUTE, released, replay, rows, SECOND, t, T0, type Row, type Step } from './leadershipHistory';

interface Case {
  name: string;
  steps: Step[];
  terms: Row[];
}

// Times in ms after T0; rows: holder, acquired, end, lostAt, gap before, source.
const cases: Case[] = [
  {
    name: 'the first observation starts a term from acquireTime; renewals continue it',
    steps: [
      { obs: held(A, 0, 0, 0), at: 100 },
      { obs: held(A, 0, 2000, 0), at: 2100 },
      { obs: held(A, 0, 4000, 0), at: 4100 },
    ],
    terms: [[A, 0, 'open', null, null, 'watch']],
  },
  {
    name: 'no acquireTime: the term starts when first seen',
    steps: [{ obs: { holderIdentity: A, leaseDurationSeconds: 15, renewTime: t(0) }, at: 700 }],
    terms: [[A, 700, 'open', null, null, 'watch']],
  },
  {
    name: 'a released or never-held Lease starts no term',
    steps: [
      { obs: released(0, 3), at: 10 },
      { obs: { leaseDurationSeconds: 15 }, at: 20 },
    ],
    terms: [],
  },
  {
    name: 'release, then a new holder: the gap runs from the release',
    steps: [
      { obs: held(A, 0, 0, 4), at: 0 },
      { obs: held(A, 0, 2000, 4), at: 2000 },
      { obs: released(3500.25, 4), at: 3600 },
      { obs: held(B, 5750.5, 5750.5, 5), at: 5800 },
    ],
    terms: [
      [A, 0, 'released', 3500.25, null, 'watch'],
      [B, 5750.5, 'open', null, 2250.25, 'watch'],
    ],
  },
  {
    name: 'a takeover after renewTime + duration passed: expired, the gap from the last renewal',
    steps: [
      { obs: held(A, 0, 4000, 2), at: 4000 },
      { obs: held(B, 20_500.125, 20_500.125, 3), at: 20_600 },
    ],
    terms: [
      [A, 0, 'expired', 20_500.125, null, 'watch'],
      [B, 20_500.125, 'open', null, 16_500.125, 'watch'],
    ],
  },
  {
    name: 'a takeover while the old term was still valid (preferred holder): taken-over',
    steps: [
      { obs: held(A, 0, 4000, 2), at: 4000 },
      { obs: held(B, 6000, 6000, 3), at: 6100 },
    ],
    terms: [
      [A, 0, 'taken-over', 6000, null, 'watch'],
      [B, 6000, 'open', null, 2000, 'watch'],
    ],
  },
  {
    name: 'exactly at renewTime + duration is still taken-over',
    steps: [
      { obs: held(A, 0, 4000, 2), at: 4000 },
      { obs: held(B, 19_000, 19_000, 3), at: 19_100 },
    ],
    terms: [
      [A, 0, 'taken-over', 19_000, null, 'watch'],
      [B, 19_000, 'open', null, 15_000, 'watch'],
    ],
  },
  {
    name: 'a ConfigMap lock (whole seconds): a takeover in the second the term ran out is expired',
    steps: [
      { obs: held(A, 0, 4000, 2), at: 4900, lock: 'configmap' },
      { obs: held(B, 19_000, 19_000, 3), at: 19_600, lock: 'configmap' },
    ],
    terms: [
      [A, 0, 'expired', 19_000, null, 'watch'],
      [B, 19_000, 'open', null, 15_000, 'watch'],
    ],
  },
  {
    name: 'an Endpoints lock (whole seconds): a takeover a second before the term ran out is taken-over',
    steps: [
      { obs: held(A, 0, 4000, 2), at: 4900, lock: 'endpoints' },
      { obs: held(B, 18_000, 18_000, 3), at: 18_600, lock: 'endpoints' },
    ],
    terms: [
      [A, 0, 'taken-over', 18_000, null, 'watch'],
      [B, 18_000, 'open', null, 14_000, 'watch'],
    ],
  },
  {
    name: "the new holder's clock behind the old one's: no negative gap",
    steps: [
      { obs: held(A, 0, 4000, 2), at: 4000 },
      { obs: held(B, 3000, 3000, 3), at: 4500 },
    ],
    terms: [
      [A, 0, 'taken-over', 3000, null, 'watch'],
      [B, 3000, 'open', null, 0, 'watch'],
    ],
  },
  {
    name: 'seen unrenewed for just the duration: still open',
    steps: [
      { obs: held(A, 0, 4000, 2), at: 4000 },
      { obs: held(A, 0, 4000, 2), at: 19_000 },
    ],
    terms: [[A, 0, 'open', null, null, 'watch']],
  },
  {
    name: 'seen unrenewed past the duration by both clocks: expired at renewTime + duration',
    steps: [
      { obs: held(A, 0, 4000, 2), at: 4000 },
      { obs: held(A, 0, 4000, 2), at: 19_001 },
    ],
    terms: [[A, 0, 'expired', 19_000, null, 'watch']],
  },
  {
    name: "a renewTime old by the holder's clock, but seen changing recently: not expired",
    steps: [
      { obs: held(A, 0, 0, 2), at: 30_000 },
      { obs: held(A, 0, 0, 2), at: 40_000 },
    ],
    terms: [[A, 0, 'open', null, null, 'watch']],
  },
  {
    name: 'expired by observation, then renewed by the same holder: the same term goes on',
    steps: [
      { obs: held(A, 0, 4000, 2), at: 4000 },
      { obs: held(A, 0, 4000, 2), at: 20_000 },
      { obs: held(A, 0, 29_000, 2), at: 29_000 },
    ],
    terms: [[A, 0, 'open', null, null, 'watch']],
  },
  {
    name: 'expired by observation, then a new holder: the gap from the last renewal',
    steps: [
      { obs: held(A, 0, 4000, 2), at: 4000 },
      { obs: held(A, 0, 4000, 2), at: 20_000 },
      { obs: held(B, 25_000, 25_000, 3), at: 25_100 },
    ],
    terms: [
      [A, 0, 'expired', 19_000, null, 'watch'],
      [B, 25_000, 'open', null, 21_000, 'watch'],
    ],
  },
  {
    name: 'deleted, then made again with a new holder: a new term, the gap from the last renewal',
    steps: [{ obs: held(A, 0, 2000, 1), at: 2000 }, { deleted: 9000 }, { obs: held(B, 30_000, 30_000, 0), at: 30_100 }],
    terms: [
      [A, 0, 'deleted', 9000, null, 'watch'],
      [B, 30_000, 'open', null, 28_000, 'watch'],
    ],
  },
  {
    name: 'deleted and made again by the same holder (leaseTransitions back to 0): a new term',
    steps: [{ obs: held(A, 0, 2000, 5), at: 2000 }, { deleted: 3000 }, { obs: held(A, 4000, 4000, 0), at: 4100 }],
    terms: [
      [A, 0, 'deleted', 3000, null, 'watch'],
      [A, 4000, 'open', null, 2000, 'watch'],
    ],
  },
  {
    name: 'the same holder with a higher leaseTransitions: a new term',
    steps: [
      { obs: held(A, 0, 0, 3), at: 0 },
      { obs: held(A, 0, 2000, 3), at: 2000 },
      { obs: held(A, 30_000, 30_000, 4), at: 30_100 },
    ],
    terms: [
      [A, 0, 'expired', 30_000, null, 'watch'],
      [A, 30_000, 'open', null, 28_000, 'watch'],
    ],
  },
  {
    name: 'the same holder with a higher leaseTransitions but the old acquireTime: starts when seen',
    steps: [
      { obs: held(A, 0, 0, 3), at: 0 },
      { obs: held(A, 0, 1000, 4), at: 1500 },
    ],
    terms: [
      [A, 0, 'taken-over', 1500, null, 'watch'],
      [A, 1500, 'open', null, 1500, 'watch'],
    ],
  },
  {
    name: 'the same holder and leaseTransitions after a process restart: the term goes on',
    steps: [
      { obs: held(A, 0, 0, 3), at: 0 },
      { obs: held(A, 0, 9000, 3), at: 9000 },
    ],
    terms: [[A, 0, 'open', null, null, 'watch']],
  },
  {
    name: 'the same holder back after a release: a new term',
    steps: [
      { obs: held(A, 0, 0, 1), at: 0 },
      { obs: released(1000, 1), at: 1000 },
      { obs: held(A, 4000, 4000, 2), at: 4000 },
    ],
    terms: [
      [A, 0, 'released', 1000, null, 'watch'],
      [A, 4000, 'open', null, 3000, 'watch'],
    ],
  },
  {
    name: 'a release without renewTime ends when seen',
    steps: [
      { obs: held(A, 0, 0, 1), at: 0 },
      { obs: { holderIdentity: '' }, at: 9000 },
    ],
    terms: [[A, 0, 'released', 9000, null, 'watch']],
  },
  {
    name: 'a restart (serialise, parse) in the middle: observing goes on',
    steps: [
      { obs: held(A, 0, 0, 1), at: 0 },
      { obs: held(A, 0, 2000, 1), at: 2000 },
      'restart',
      { obs: held(A, 0, 4000, 1), at: 4000 },
      'restart',
      { obs: held(B, 30_000, 30_000, 2), at: 30_000 },
    ],
    terms: [
      [A, 0, 'expired', 30_000, null, 'watch'],
      [B, 30_000, 'open', null, 26_000, 'watch'],
    ],
  },
  {
    name: 'three holders',
    steps: [
      { obs: held(A, 0, 0, 0), at: 0 },
      { obs: released(1000, 0), at: 1000 },
      { obs: held(B, 1500, 1500, 1), at: 1500 },
      { obs: held(C, 40_000, 40_000, 2), at: 40_000 },
    ],
    terms: [
      [A, 0, 'released', 1000, null, 'watch'],
      [B, 1500, 'expired', 40_000, 500, 'watch'],
      [C, 40_000, 'open', null, 38_500, 'watch'],
    ],
  },
];

describe('leadership record: terms', () => {
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(rows(replay(c.steps)), c.terms);
    });
  }

  test('renewals are counted with the last renewal, its observation and the duration', () => {
    const record = replay([
      { obs: held(A, 0, 0, 0), at: 100 },
      { obs: held(A, 0, 2000, 0), at: 2100 },
      { obs: held(A, 0, 2000, 0), at: 2200 }, // same renewTime (e.g. a label changed): not a renewal
      { obs: held(A, 0, 1000, 0), at: 2300 }, // renewTime backwards: not a renewal
      { obs: held(A, 0, 4000.5, 0, 20), at: 4100 },
    ]);
    const term = currentTerm(record);
    assert.equal(term?.renewals, 2);
    assert.equal(term?.lastRenewedAt, T0 + 4000.5);
    assert.equal(term?.renewObservedAt, T0 + 4100);
    assert.equal(term?.durationMs, 20_000);
    assert.deepEqual(term?.renew, { count: 2, intervals: [2000, 2000.5], maxMs: 2000.5 });
    assert.equal(record.firstObservedAt, T0 + 100);
    assert.equal(record.lastObservedAt, T0 + 4100);
  });

  test('a deletion is kept until the Lease is seen again', () => {
    const deleted = replay([{ obs: held(A, 0, 0, 0), at: 0 }, { deleted: 5000 }]);
    assert.equal(deleted.deletedAt, T0 + 5000);
    assert.equal(currentTerm(deleted), undefined);
    const again = replay([{ obs: held(B, 6000, 6000, 0), at: 6000 }], deleted);
    assert.equal(again.deletedAt, undefined);
    assert.equal(currentTerm(again)?.holder, B);
  });

  test('a very long holder identity is kept to MAX_HOLDER_LENGTH code points', () => {
    const long = 'x'.repeat(100_000);
    const record = replay([{ obs: held(long, 0, 0, 0), at: 0 }]);
    assert.equal(record.terms[0]?.holder.length, MAX_HOLDER_LENGTH);
  });

  test('a Lease without spec, or a non-finite time, does not crash or change the record', () => {
    const start = replay([{ obs: held(A, 0, 0, 0), at: 0 }]);
    const noSpec = { ...leaseInfo({}, T0), spec: undefined } as unknown as Parameters<typeof observe>[1];
    assert.equal(observe(start, leaseInfo(held(B, 1, 1, 1), T0), Number.NaN), start);
    const released = observe(start, noSpec, T0 + 1000);
    assert.deepEqual(rows(released), [[A, 0, 'released', 1000, null, 'watch']]);
  });

  test('is pure: inputs are left alone', () => {
    const start = replay([
      { obs: held(A, 0, 0, 0), at: 0 },
      { obs: held(A, 0, 2000, 0), at: 2000 },
    ]);
    const before = JSON.stringify(start);
    const next = observe(start, leaseInfo(held(B, 30_000, 30_000, 1), T0 + 30_000), T0 + 30_000);
    assert.equal(JSON.stringify(start), before);
    assert.notEqual(next.terms, start.terms);
    assert.equal(start.terms.length, 1);
    assert.equal(start.terms[0]?.end, undefined);
  });
});

describe('leadership record: transitions and gaps', () => {
  // A at 0, then B, A, B, C each taking over; gaps 1 s, 2 s, 3 s, 4 s.
  const record = replay([
    { obs: held(A, 0, 0, 7), at: 0 },
    { obs: held(B, 1 * SECOND, 1 * SECOND, 8), at: 1 * SECOND },
    { obs: held(A, 30 * MINUTE + 3 * SECOND, 30 * MINUTE + 3 * SECOND, 9), at: 30 * MINUTE + 3 * SECOND },
    { obs: held(B, 2 * HOUR, 2 * HOUR, 10), at: 2 * HOUR },
    { obs: held(C, 2 * HOUR + 4 * SECOND, 2 * HOUR + 4 * SECOND, 11), at: 2 * HOUR + 4 * SECOND },
  ]);

  test('the gaps', () => {
    assert.deepEqual(
      record.terms.map((term) => term.gapBeforeMs),
      [undefined, 1000, 30 * MINUTE + 2 * SECOND, 2 * HOUR - 30 * MINUTE - 3 * SECOND, 4 * SECOND],
    );
    assert.equal(longestGap(record), 2 * HOUR - 30 * MINUTE - 3 * SECOND);
    assert.equal(lastGap(record), 4 * SECOND);
    assert.equal(longestGap(emptyRecord()), undefined);
    assert.equal(lastGap(emptyRecord()), undefined);
  });

  test('transitions within a window: per hour, per day; the first term counts when leaseTransitions says it was a change', () => {
    const now = T0 + 2 * HOUR + 10 * SECOND;
    assert.equal(transitionsWithin(record, now, HOUR), 2);
    assert.equal(transitionsWithin(record, now, DAY), 5);
    assert.equal(transitionsWithin(record, now, 10 * SECOND), 2); // the window edge is inclusive
    assert.equal(transitionsWithin(record, now, 8 * SECOND), 1);
    assert.equal(transitionsWithin(record, now + 2 * DAY, DAY), 0);
    const first = replay([{ obs: held(A, 0, 0, 0), at: 0 }]);
    assert.equal(transitionsWithin(first, T0 + SECOND, HOUR), 0);
  });
});

describe('leadership record: bounds', () => {
  function holders(n: number): LeadershipRecord {
    const steps: Step[] = [];
    for (let i = 0; i < n; i++) {
      steps.push({ obs: held(`pod-${i}`, i * MINUTE, i * MINUTE, i), at: i * MINUTE });
    }
    return replay(steps);
  }

  test(`51 terms keep the newest ${defaultRecordLimits.maxTerms}`, () => {
    const record = holders(51);
    assert.equal(record.terms.length, 50);
    assert.equal(record.droppedTerms, 1);
    assert.equal(record.terms[0]?.holder, 'pod-1');
    assert.equal(record.terms.at(-1)?.holder, 'pod-50');
    assert.equal(holders(50).droppedTerms, 0);
  });

  test('a term that ended more than 7 days ago is pruned; one that ended 6 days ago is kept', () => {
    const record = replay([
      { obs: held(A, 0, 0, 0), at: 0 },
      { obs: released(HOUR, 0), at: HOUR },
      { obs: held(B, DAY + HOUR, DAY + HOUR, 1), at: DAY + HOUR },
      { obs: released(2 * DAY + HOUR, 1), at: 2 * DAY + HOUR },
      { obs: held(C, 8 * DAY + 2 * HOUR, 8 * DAY + 2 * HOUR, 2), at: 8 * DAY + 2 * HOUR },
    ]);
    assert.deepEqual(
      record.terms.map((term) => term.holder),
      [B, C],
    );
    assert.equal(record.droppedTerms, 1);
  });

  test('the open term is kept however old it is; explicit limits', () => {
    const record = replay([
      { obs: held(A, 0, 0, 0), at: 0 },
      { obs: held(A, 0, 9 * DAY, 0), at: 9 * DAY },
    ]);
    assert.equal(record.terms.length, 1);
    assert.equal(pruneRecord(record, T0 + 30 * DAY).terms.length, 1);
    const many = holders(10);
    assert.deepEqual(
      pruneRecord(many, T0 + 9 * MINUTE, { maxTerms: 3, maxAgeMs: DAY }).terms.map((term) => term.holder),
      ['pod-7', 'pod-8', 'pod-9'],
    );
    assert.deepEqual(
      pruneRecord(many, T0 + 9 * MINUTE + 30 * SECOND, { maxTerms: 50, maxAgeMs: 2 * MINUTE }).terms.map((term) => term.holder),
      ['pod-7', 'pod-8', 'pod-9'],
    );
    assert.equal(pruneRecord(many, T0, defaultRecordLimits), many);
  });

  test('bytes kept per record: grows with terms, holders and intervals, bounded by the limits', () => {
    const empty = estimateRecordBytes(emptyRecord());
    const one = estimateRecordBytes(holders(1));
    const fifty = estimateRecordBytes(holders(50));
    assert.ok(empty > 0 && one > empty && fifty > one);
    const steps: Step[] = [];
    for (let i = 0; i <= 100; i++) {
      steps.push({ obs: held(A, 0, i * 2000, 0), at: i * 2000 });
    }
    const renewed = estimateRecordBytes(replay(steps));
    assert.ok(renewed >= one + RENEW_SAMPLE_SIZE * 8, `the open term's intervals are counted (${renewed} vs ${one})`);
    // Ten ended terms of 30 renewals each, 44-character holders (client-go's <pod>_<uuid>): the
    // ended terms keep only their summaries.
    let ten = emptyRecord();
    for (let i = 0; i < 10; i++) {
      const holder = `pod-${i}_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6`;
      for (let r = 0; r <= 30; r++) {
        ten = observe(ten, leaseInfo(held(holder, i * HOUR, i * HOUR + r * 2000, i), T0), T0 + i * HOUR + r * 2000);
      }
    }
    assert.equal(ten.terms.length, 10);
    assert.ok(ten.terms.slice(0, -1).every((term) => term.renew.intervals.length === 0 && term.renew.medianMs === 2000));
    const tenBytes = estimateRecordBytes(ten);
    assert.ok(tenBytes < 10 * 400 + RENEW_SAMPLE_SIZE * 16 + 200, `10 terms: ${tenBytes} bytes`);
    assert.ok(tenBytes <= 2048, `10 terms within the benchmark's 2 KB per Lease: ${tenBytes} bytes`);
    // The worst case under the default limits: 50 terms, MAX_HOLDER_LENGTH holders.
    let worst = emptyRecord();
    for (let i = 0; i < 60; i++) {
      const holder = `${i}`.padEnd(MAX_HOLDER_LENGTH, 'x');
      for (let r = 0; r <= 70; r++) {
        worst = observe(worst, leaseInfo(held(holder, i * HOUR, i * HOUR + r * 2000, i), T0), T0 + i * HOUR + r * 2000);
      }
    }
    assert.equal(worst.terms.length, 50);
    // Holders of Latin-1 characters are one-byte strings in V8; any other character makes them two-byte.
    const bytes = estimateRecordBytes(worst);
    assert.ok(bytes > 50 * MAX_HOLDER_LENGTH && bytes < 60_000, `worst case ${bytes} bytes`);
    let wide = emptyRecord();
    for (let i = 0; i < 60; i++) {
      const holder = `${i}`.padEnd(MAX_HOLDER_LENGTH, 'я');
      wide = observe(wide, leaseInfo(held(holder, i * HOUR, i * HOUR, i), T0), T0 + i * HOUR);
    }
    const wideBytes = estimateRecordBytes(wide);
    assert.ok(wideBytes > 50 * 2 * MAX_HOLDER_LENGTH && wideBytes < 120_000, `worst case, two-byte holders: ${wideBytes} bytes`);
  });
});

describe('leadership record: resumed after a pause', () => {
  test('the same holder goes on without one long renew interval; a change while away ends the term at its last renewal', () => {
    const before = replay([
      { obs: held(A, 0, 0, 0), at: 0 },
      { obs: held(A, 0, 2000, 0), at: 2000 },
    ]);
    const later = held(A, 0, HOUR, 0);
    const resumed = observe(resume(before, leaseInfo(later, T0 + HOUR), T0 + HOUR), leaseInfo(later, T0 + HOUR), T0 + HOUR);
    assert.deepEqual(currentTerm(resumed)?.renew.intervals, [2000]);
    assert.equal(currentTerm(resumed)?.lastRenewedAt, T0 + HOUR);
    const other = held(B, HOUR - 5000, HOUR, 1);
    assert.equal(resume(before, leaseInfo(other, T0 + HOUR), T0 + HOUR), before, 'a new holder: left to observe');
    const taken = observe(before, leaseInfo(other, T0 + HOUR), T0 + HOUR);
    assert.equal(taken.terms[0]?.end, 'expired');
    assert.equal(taken.terms[1]?.gapBeforeMs, HOUR - 5000 - 2000);
  });
});
