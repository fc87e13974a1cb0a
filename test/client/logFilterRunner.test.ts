// The controller log filter off the main thread: the real worker (dist/logFilterWorker.js) run by
// LogFilterRunner as the extension runs it. A pattern that backtracks without end is stopped at
// the bound while this thread keeps running, and the next filter works on a fresh worker.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LogFilterRunner, logFilterBoundMs } from '../../src/client/documents/logFilterRunner';
import type { LogFilterState } from '../../src/shared/webviewProtocol';
import { ensureBuilt, root } from '../package/build';

const words = 'the quick brown fox jumps over the lazy dog and keeps running through the field';
const lines = [
  { text: `I1121 00:41:36.118002 1 leaderelection.go:268] successfully acquired lease demo/leader`, signal: 'acquired' as const },
  { text: `I1121 00:41:37.000000 1 worker.go:10] ${words} ${words}.` },
  { text: 'E1121 00:41:38.000000 1 worker.go:11] failed to sync: beta unavailable' },
];

function regex(text: string, preset: LogFilterState['preset'] = 'all'): LogFilterState {
  return { preset, text, regex: true, caseSensitive: false, invert: false };
}

describe('the log filter worker', () => {
  let runner: LogFilterRunner;

  before(async () => {
    await ensureBuilt();
    runner = new LogFilterRunner(join(root, 'dist', 'logFilterWorker.js'));
  });

  after(() => runner?.dispose());

  test('answers the matching lines by the shared filter rules', async () => {
    assert.deepEqual(await runner.run(regex('beta|fox'), lines), { kind: 'matched', matches: [1, 2] });
    assert.deepEqual(await runner.run(regex('acquired|fox', 'leadership'), lines), { kind: 'matched', matches: [0] });
    assert.deepEqual(await runner.run({ ...regex('FOX'), caseSensitive: true }, lines), { kind: 'matched', matches: [] });
    const invalid = await runner.run(regex('(beta'), lines);
    assert.equal(invalid.kind, 'invalid');
  });

  test('stops a catastrophic pattern at the bound, this thread running all along; the next filter works', async () => {
    // Timer ticks on this thread while the worker backtracks: a blocked thread would show a long gap.
    let last = Date.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = Date.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);
    const started = Date.now();
    const outcome = await runner.run(regex('(\\w+\\s?)+$'), lines);
    const took = Date.now() - started;
    clearInterval(ticker);
    assert.deepEqual(outcome, { kind: 'stopped', boundMs: logFilterBoundMs });
    assert.ok(
      took >= logFilterBoundMs - 50 && took < logFilterBoundMs + 500,
      `stopped after ${took} ms, the bound is ${logFilterBoundMs} ms`,
    );
    assert.ok(longestGap < 200, `this thread kept running (longest pause ${longestGap} ms)`);

    const next = Date.now();
    assert.deepEqual(await runner.run(regex('beta'), lines), { kind: 'matched', matches: [2] });
    assert.ok(Date.now() - next < logFilterBoundMs, 'a fresh worker answered the next filter');
  });

  test('filters queued behind a stopped one each get their own bound', async () => {
    const [slow, quick] = await Promise.all([runner.run(regex('(\\w+\\s?)+$'), lines), runner.run(regex('fox'), lines)]);
    assert.equal(slow.kind, 'stopped');
    assert.deepEqual(quick, { kind: 'matched', matches: [1] });
  });
});
