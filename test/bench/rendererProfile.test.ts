// The editor bench's profile summaries (bench/editor/rendererProfile.ts) on a small profile whose
// sums are known: own and inclusive CPU, allocations by the nearest script function and by stack.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allocationsByFunction, cpuByFunction } from '../../bench/editor/rendererProfile';

const frame = (functionName: string, url = 'https://x/workbench.js', lineNumber = 0, columnNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber,
});

describe('renderer profile summaries', () => {
  test('CPU: own time per function, and with what it called, a recursive function counted once per sample', () => {
    // root → handler → refresh → refresh (recursion); handler → keys. 10 samples over 10 ms: 1 ms each.
    const profile = {
      startTime: 0,
      endTime: 10_000,
      samples: new Array<number>(10).fill(1),
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2] },
        { id: 2, callFrame: frame('handler', undefined, 0, 10), hitCount: 1, children: [3, 5] },
        { id: 3, callFrame: frame('refresh', undefined, 0, 20), hitCount: 2, children: [4] },
        { id: 4, callFrame: frame('refresh', undefined, 0, 20), hitCount: 3 },
        { id: 5, callFrame: frame('keys', undefined, 0, 30), hitCount: 4 },
      ],
    };
    const { self, total } = cpuByFunction(profile);
    const get = (rows: { name: string; value: number }[], name: string): number | undefined =>
      rows.find((r) => r.name.startsWith(`${name} `) || r.name === name)?.value;
    assert.equal(get(self, 'refresh'), 5);
    assert.equal(get(self, 'keys'), 4);
    assert.equal(get(total, 'handler'), 10);
    assert.equal(get(total, 'refresh'), 5, 'the recursion is not counted twice');
    assert.equal(get(total, '(root)'), 10);
    assert.ok(
      total.some((r) => r.name === 'handler workbench.js:1:11'),
      'named with script, line and column',
    );
  });

  test('allocations: a builtin allocation goes to its script caller; every function on the stack gets it once', () => {
    const head = {
      callFrame: frame('(root)', ''),
      selfSize: 0,
      children: [
        {
          callFrame: frame('getMenuContexts', undefined, 408, 5),
          selfSize: 100,
          children: [
            { callFrame: frame('push', ''), selfSize: 1000, children: [] },
            { callFrame: frame('keys', undefined, 32, 7), selfSize: 10, children: [] },
          ],
        },
      ],
    };
    const { byScript, total, totalBytes } = allocationsByFunction(head);
    assert.equal(totalBytes, 1110);
    assert.equal(byScript.find((r) => r.name.startsWith('getMenuContexts'))?.value, 1100, 'its own and the builtin push');
    assert.equal(byScript.find((r) => r.name.startsWith('keys'))?.value, 10);
    assert.equal(total.find((r) => r.name.startsWith('getMenuContexts'))?.value, 1110);
    assert.equal(total.find((r) => r.name === '(root)')?.value, 1110);
  });
});
