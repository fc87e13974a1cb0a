import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatCoarseDuration, formatDuration } from '../../src/core/duration';
import { formatDuration as reexported } from '../../src/core/leaseStatus';

describe('formatDuration', () => {
  test('compact, two largest units, truncated', () => {
    const cases: [number, string][] = [
      [0, '0ms'],
      [850, '850ms'],
      [999.9, '999ms'],
      [1000, '1s'],
      [12_999, '12s'],
      [59_999, '59s'],
      [60_000, '1m 00s'],
      [65_000, '1m 05s'],
      [3_599_999, '59m 59s'],
      [3_600_000, '1h 00m'],
      [7_380_000, '2h 03m'],
      [86_399_999, '23h 59m'],
      [86_400_000, '1d 0h'],
      [273_600_000, '3d 4h'],
      [-12_000, '-12s'],
      [-0.5, '0ms'],
      [NaN, '—'],
      [Infinity, '—'],
    ];
    for (const [ms, text] of cases) {
      assert.equal(formatDuration(ms), text, String(ms));
    }
  });

  test('is re-exported from leaseStatus', () => {
    assert.equal(reexported, formatDuration);
  });
});

describe('formatCoarseDuration', () => {
  test('one unit', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [-5, '0s'],
      [59_999, '59s'],
      [60_000, '1m'],
      [3 * 60_000 + 40_000, '3m'],
      [2 * 3_600_000, '2h'],
      [47 * 3_600_000, '47h'],
      [50 * 3_600_000, '2d'],
      [NaN, '—'],
    ];
    for (const [ms, text] of cases) {
      assert.equal(formatCoarseDuration(ms), text, String(ms));
    }
  });
});
