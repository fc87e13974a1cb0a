import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currentTerm } from '../../src/core/leadershipRecord';
import {
  addInterval,
  compactSample,
  emptyRenewSample,
  median,
  RENEW_SAMPLE_SIZE,
  renewSummary,
  type RenewSample,
} from '../../src/core/renewStats';
import { A, B, held, replay, type Step } from './leadershipHistory';

function sampleOf(intervals: number[]): RenewSample {
  return intervals.reduce(addInterval, emptyRenewSample());
}

describe('renew statistics', () => {
  const medians: [number[], number | undefined][] = [
    [[], undefined],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[2000, 2000, 2000, 9000], 2000],
  ];
  for (const [values, expected] of medians) {
    test(`median of [${values.join(', ')}] is ${expected}`, () => {
      assert.equal(median(values), expected);
    });
  }

  test('median, max and last against the duration', () => {
    assert.deepEqual(renewSummary(sampleOf([1500, 3750, 2250]), 15_000), {
      count: 3,
      sampled: 3,
      durationMs: 15_000,
      lastMs: 2250,
      medianMs: 2250,
      recentMaxMs: 3750,
      maxMs: 3750,
      lastRatio: 0.15,
      medianRatio: 0.15,
      recentMaxRatio: 0.25,
      maxRatio: 0.25,
    });
    assert.deepEqual(renewSummary(sampleOf([1000]), undefined), {
      count: 1,
      sampled: 1,
      lastMs: 1000,
      medianMs: 1000,
      recentMaxMs: 1000,
      maxMs: 1000,
    });
    assert.deepEqual(renewSummary(emptyRenewSample(), 0), { count: 0, sampled: 0 });
  });

  test(`the sample keeps the last ${RENEW_SAMPLE_SIZE} intervals; the term's max and count stay`, () => {
    const intervals = [12_000, ...Array.from({ length: 69 }, (_, i) => 2000 + i)];
    const sample = sampleOf(intervals);
    assert.equal(RENEW_SAMPLE_SIZE, 16);
    assert.equal(sample.count, 70);
    assert.equal(sample.intervals.length, RENEW_SAMPLE_SIZE);
    assert.deepEqual(sample.intervals, intervals.slice(-RENEW_SAMPLE_SIZE));
    const summary = renewSummary(sample, 15_000);
    assert.equal(summary.maxMs, 12_000);
    assert.equal(summary.recentMaxMs, 2068);
    assert.equal(summary.medianMs, (2060 + 2061) / 2);
  });

  test('an ended term keeps only its summary: count, median and max', () => {
    const sample = sampleOf([2000, 11_000, 3000]);
    const compact = compactSample(sample);
    assert.ok(Object.isFrozen(compact.intervals), 'ended terms share one frozen empty array');
    assert.deepEqual(compact, { count: 3, intervals: [], maxMs: 11_000, medianMs: 3000 });
    assert.equal(compactSample(compact), compact, 'compacting twice changes nothing');
    assert.equal(compactSample(emptyRenewSample()).medianMs, undefined);
    const summary = renewSummary(compact, 15_000);
    assert.deepEqual(summary, {
      count: 3,
      sampled: 0,
      durationMs: 15_000,
      medianMs: 3000,
      maxMs: 11_000,
      medianRatio: 0.2,
      maxRatio: 11_000 / 15_000,
    });
    assert.deepEqual(addInterval(compact, 2000), { count: 4, intervals: [2000], maxMs: 11_000 }, 'a reopened term samples anew');
  });

  test('negative or non-finite intervals are not counted', () => {
    const sample = sampleOf([2000]);
    assert.equal(addInterval(sample, -1), sample);
    assert.equal(addInterval(sample, Number.NaN), sample);
    assert.equal(addInterval(sample, Number.POSITIVE_INFINITY), sample);
  });

  test('renewals of a term fill its sample; a new holder starts new statistics', () => {
    const steps: Step[] = [
      { obs: held(A, 0, 0, 0), at: 0 },
      { obs: held(A, 0, 2000, 0), at: 2000 },
      { obs: held(A, 0, 13_000, 0), at: 13_000 },
      { obs: held(B, 40_000, 40_000, 1), at: 40_000 },
      { obs: held(B, 40_000, 43_000, 1), at: 43_000 },
    ];
    const record = replay(steps);
    assert.deepEqual(record.terms[0]?.renew, { count: 2, intervals: [], maxMs: 11_000, medianMs: 6500 }, 'the ended term is compacted');
    assert.deepEqual(record.terms[1]?.renew, { count: 1, intervals: [3000], maxMs: 3000 });
    const current = currentTerm(record);
    assert.ok(current);
    assert.equal(renewSummary(current.renew, current.durationMs).maxRatio, 0.2);
  });

  test('a higher leaseTransitions with the same holder starts new statistics too', () => {
    const record = replay([
      { obs: held(A, 0, 0, 0), at: 0 },
      { obs: held(A, 0, 9000, 0), at: 9000 },
      { obs: held(A, 10_000, 10_000, 1), at: 10_000 },
      { obs: held(A, 10_000, 12_000, 1), at: 12_000 },
    ]);
    assert.deepEqual(
      record.terms.map((term) => [term.renew.intervals, term.renew.medianMs]),
      [
        [[], 9000],
        [[2000], undefined],
      ],
    );
  });
});
