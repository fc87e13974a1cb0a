// The benchmarks' shared report pieces (bench/report.ts): the table every report prints.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { table } from '../../bench/report';

test('the table: head, a rule, rows; metric and target left, figures right, two spaces apart', () => {
  const lines = table(
    ['metric', 'Lease Lens', 'target'],
    [
      ['churn CPU (%)', '8.5', '≤ 25 % PASS'],
      ['peak RSS (MB)', '136.6', ''],
    ],
  );
  assert.deepEqual(lines, [
    'metric         Lease Lens  target',
    '-------------  ----------  -----------',
    'churn CPU (%)         8.5  ≤ 25 % PASS',
    'peak RSS (MB)       136.6',
  ]);
});
