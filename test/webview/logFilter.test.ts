// Unit tests of src/core/logFilter.ts: the semantics the panel and Open in Editor share.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogLine } from '../../src/shared/types';
import type { LogFilterState } from '../../src/shared/webviewProtocol';
import { compileLogFilter, defaultLogFilter, maxHighlightRanges, sameLogFilter, type CompiledLogFilter } from '../../src/core/logFilter';
import { parseLogFilterState as toLogFilterState } from '../../src/shared/webviewMessages';
import { logLine } from '../support/followSnapshots';

function line(text: string, signal?: LogLine['signal']): LogLine {
  return logLine(text, { pod: 'p', container: 'c', time: 0, ...(signal ? { signal } : {}) });
}

function compile(partial: Partial<LogFilterState>): CompiledLogFilter {
  const result = compileLogFilter({ ...defaultLogFilter, ...partial });
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result;
}

const acquired = line(
  'I1121 00:41:36.118002       1 leaderelection.go:260] successfully acquired lease kube-system/kube-scheduler',
  'acquired',
);
const info = line('I1121 00:41:17.925871       1 reflector.go:351] Caches populated for *v1.Pod');
const klogError = line('E1121 00:45:02.001234       1 reflector.go:158] Failed to watch *v1.Node: connection refused');
const klogWarning = line('W1121 00:52:20.000100       1 request.go:697] Waited for 1.04s due to client-side throttling');
const jsonError = line('{"level":"error","ts":1732150000.1,"msg":"Reconciler error","error":"conflict"}');
const renewFailed = line('I1121 00:52:13.554120       1 leaderelection.go:297] failed to renew lease x: timed out', 'renew-failed');
const lost = line('I1121 00:52:13.554201       1 server.go:274] "Leaderelection lost"', 'lost');
const attempting = line(
  'I1121 00:41:17.924123       1 leaderelection.go:250] attempting to acquire leader lease kube-system/x...',
  'attempting',
);
const all = [acquired, info, klogError, klogWarning, jsonError, renewFailed, lost, attempting];

const kept = (f: CompiledLogFilter): LogLine[] => all.filter((l) => f.test(l));

describe('log filter semantics', () => {
  test('presets: leadership (a signal), errors (error/warning severity, lost, renew-failed), all', () => {
    assert.deepEqual(kept(compile({ preset: 'leadership' })), [acquired, renewFailed, lost, attempting]);
    assert.deepEqual(kept(compile({ preset: 'errors' })), [klogError, klogWarning, jsonError, renewFailed, lost]);
    assert.deepEqual(kept(compile({ preset: 'all' })), all);
    assert.equal(defaultLogFilter.preset, 'leadership');
  });

  test('plain text: a literal substring, case-insensitive unless asked', () => {
    assert.deepEqual(kept(compile({ preset: 'all', text: 'LEASE' })), [acquired, renewFailed, attempting]);
    assert.deepEqual(kept(compile({ preset: 'all', text: 'LEASE', caseSensitive: true })), []);
    assert.deepEqual(kept(compile({ preset: 'all', text: '*v1.' })), [info, klogError], 'regex characters are literal');
    assert.deepEqual(kept(compile({ preset: 'all', text: 'lease x:' })), [renewFailed]);
  });

  test('text and preset combine', () => {
    assert.deepEqual(kept(compile({ preset: 'leadership', text: 'lease' })), [acquired, renewFailed, attempting]);
    assert.deepEqual(kept(compile({ preset: 'errors', text: 'watch' })), [klogError]);
  });

  test('regex, with and without case', () => {
    assert.deepEqual(kept(compile({ preset: 'all', text: 'renew|acquired', regex: true })), [acquired, renewFailed]);
    assert.deepEqual(kept(compile({ preset: 'all', text: '^E\\d{4}', regex: true })), [klogError]);
    assert.deepEqual(kept(compile({ preset: 'all', text: 'FAILED', regex: true })), [klogError, renewFailed]);
    assert.deepEqual(kept(compile({ preset: 'all', text: 'FAILED', regex: true, caseSensitive: true })), []);
  });

  test('invert keeps the preset lines that do not match the text; no effect without text', () => {
    assert.deepEqual(kept(compile({ preset: 'leadership', text: 'lease', invert: true })), [lost]);
    assert.deepEqual(kept(compile({ preset: 'all', text: 'reflector|request', regex: true, invert: true })), [
      acquired,
      jsonError,
      renewFailed,
      lost,
      attempting,
    ]);
    assert.deepEqual(kept(compile({ preset: 'leadership', invert: true })), [acquired, renewFailed, lost, attempting]);
  });

  test('test() is stable across calls (no lastIndex carried over)', () => {
    const f = compile({ preset: 'all', text: 'lease', regex: true });
    for (let i = 0; i < 3; i++) {
      assert.equal(f.test(acquired), true);
    }
    f.highlight(acquired.text);
    assert.equal(f.test(acquired), true);
  });

  test('an invalid regex says what is wrong', () => {
    const result = compileLogFilter({ ...defaultLogFilter, text: '(renew', regex: true });
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : result.error, 'Invalid regular expression "(renew": Unterminated group');
    const bad = compileLogFilter({ ...defaultLogFilter, text: 'a{2,1}', regex: true });
    assert.match(bad.ok ? '' : bad.error, /^Invalid regular expression "a\{2,1\}": numbers out of order/);
    // The same text as plain text is fine.
    assert.ok(compileLogFilter({ ...defaultLogFilter, text: '(renew' }).ok);
  });

  test('highlight: non-overlapping ranges in order, case as configured, none when inverted or empty', () => {
    const text = 'Lease lease LEASE';
    assert.deepEqual(compile({ text: 'lease' }).highlight(text), [
      { start: 0, end: 5 },
      { start: 6, end: 11 },
      { start: 12, end: 17 },
    ]);
    assert.deepEqual(compile({ text: 'lease', caseSensitive: true }).highlight(text), [{ start: 6, end: 11 }]);
    assert.deepEqual(compile({ text: 'e+a', regex: true }).highlight('eeea ea'), [
      { start: 0, end: 4 },
      { start: 5, end: 7 },
    ]);
    assert.deepEqual(compile({ text: 'lease', invert: true }).highlight(text), []);
    assert.deepEqual(compile({ text: '' }).highlight(text), []);
  });

  test('highlight: zero-width matches mark nothing and terminate; ranges are capped', () => {
    assert.deepEqual(compile({ text: 'x*', regex: true }).highlight('abxxc'), [{ start: 2, end: 4 }]);
    assert.deepEqual(compile({ text: '^', regex: true }).highlight('abc'), []);
    assert.deepEqual(compile({ text: '\\b', regex: true }).highlight(''), []);
    assert.equal(compile({ text: '.', regex: true }).highlight('x'.repeat(1000)).length, maxHighlightRanges);
  });

  test('highlight handles text whose lower-case form has another length', () => {
    // 'İ' lower-cases to two code units; ranges must index the original text.
    const text = 'İİ lease';
    const [range] = compile({ text: 'lease' }).highlight(text);
    assert.equal(text.slice(range.start, range.end), 'lease');
  });

  test('sameLogFilter and toLogFilterState (persisted JSON)', () => {
    assert.ok(sameLogFilter(defaultLogFilter, { ...defaultLogFilter }));
    assert.ok(!sameLogFilter(defaultLogFilter, { ...defaultLogFilter, invert: true }));
    assert.deepEqual(toLogFilterState({ preset: 'errors', text: 'x', regex: true }), {
      preset: 'errors',
      text: 'x',
      regex: true,
      caseSensitive: false,
      invert: false,
    });
    assert.equal(toLogFilterState({ preset: 'nope' }), undefined);
    assert.equal(toLogFilterState(null), undefined);
    assert.deepEqual(toLogFilterState({ preset: 'all', text: 42, invert: 'yes' }), {
      preset: 'all',
      text: '',
      regex: false,
      caseSensitive: false,
      invert: false,
    });
  });
});
