import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fateTerms } from '../../src/core/fateTerms';
import type { HealthTerm } from '../../src/shared/health';
import type { LeadershipTerm } from '../../src/shared/types';

describe('fateTerms: the ended terms whose fates the follow looks for', () => {
  const followed: LeadershipTerm[] = [
    { holder: 'b', acquiredAt: 10_000, lostAt: 20_000, end: 'expired', renewals: 3 },
    { holder: 'c', acquiredAt: 21_000, renewals: 1 },
  ];

  test('the record’s ended terms from before the follow come first; one the follow saw is the follow’s', () => {
    const record: HealthTerm[] = [
      { holder: 'x', acquiredAt: 1000, lostAt: 2000, end: 'unknown', source: 'events', renewals: 0 },
      { holder: 'a', acquiredAt: 3000, lostAt: 9000, end: 'taken-over', source: 'watch', renewals: 5, transitions: 7 },
      { holder: 'b', acquiredAt: 11_500, lostAt: 20_000, end: 'expired', source: 'watch', renewals: 3 },
      { holder: 'c', acquiredAt: 21_000, source: 'watch', renewals: 1 },
    ];
    assert.deepEqual(fateTerms(followed, record), [
      { holder: 'x', acquiredAt: 1000, lostAt: 2000, renewals: 0 },
      { holder: 'a', acquiredAt: 3000, lostAt: 9000, end: 'taken-over', renewals: 5, transitions: 7 },
      ...followed,
    ]);
  });

  test('no record: the follow’s terms as they are', () => {
    assert.deepEqual(fateTerms(followed, []), followed);
    assert.deepEqual(fateTerms([], []), []);
  });
});
