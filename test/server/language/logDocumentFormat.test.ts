// The controller-log document's line format (src/core/logDocument.ts): what the client writes is
// what the server reads back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  describeLogFilter,
  formatLogDocumentHeader,
  formatLogDocumentLine,
  formatLogDocumentNote,
  isLogDocumentComment,
  parseLogDocumentHeader,
  parseLogDocumentLine,
} from '../../../src/core/logDocument';
import { formatMicroTime } from '../../../src/core/microTime';
import { at } from '../../support/builders';

const time = at('2026-11-21T00:41:36.118002Z');

describe('log document lines', () => {
  test('a line is the MicroTime, the [pod/container] tag and the text', () => {
    const text = 'I1121 00:41:36.118002       1 leaderelection.go:260] successfully acquired lease kube-system/kube-scheduler';
    const line = formatLogDocumentLine({ time, pod: 'kube-scheduler-cp-1', container: 'kube-scheduler', text });
    assert.equal(line, `2026-11-21T00:41:36.118002Z [kube-scheduler-cp-1/kube-scheduler] ${text}`);
    const parsed = parseLogDocumentLine(line);
    assert.deepEqual(parsed, { time, pod: 'kube-scheduler-cp-1', container: 'kube-scheduler', message: text, messageStart: 65 });
    assert.equal(line.slice(parsed?.messageStart), text);
  });

  test('keeps microseconds through the round trip', () => {
    const parsed = parseLogDocumentLine(formatLogDocumentLine({ time, pod: 'p', container: 'c', text: 'x' }));
    assert.equal(formatMicroTime(parsed?.time ?? NaN), '2026-11-21T00:41:36.118002Z');
  });

  test('a line without a container or a time still has its pod tag', () => {
    assert.equal(formatLogDocumentLine({ time, pod: 'p', container: '', text: 'x' }), '2026-11-21T00:41:36.118002Z [p] x');
    assert.equal(formatLogDocumentLine({ time: NaN, pod: 'p', container: 'c', text: 'x' }), '[p/c] x');
    assert.deepEqual(parseLogDocumentLine('[p/c] x'), { pod: 'p', container: 'c', message: 'x', messageStart: 6 });
    assert.deepEqual(parseLogDocumentLine('2026-11-21T00:41:36.118002Z [p] '), { time, pod: 'p', message: '', messageStart: 32 });
  });

  test('text that would break the line or the tag is made safe; ANSI colours are dropped', () => {
    const line = formatLogDocumentLine({ time, pod: 'a b/c]', container: 'x', text: 'one\ntwo\r\nthree\u2028four \u001b[31mred\u001b[0m' });
    assert.equal(line, '2026-11-21T00:41:36.118002Z [a_b_c_/x] one two  three four red');
    assert.equal(line.split(/\r\n|\r|\n/).length, 1);
  });

  test('header, notes and blank lines are not log lines; untagged text is all message', () => {
    assert.equal(parseLogDocumentLine('# Lease a/b in context c'), undefined);
    assert.equal(parseLogDocumentLine(''), undefined);
    assert.equal(parseLogDocumentLine('   '), undefined);
    assert.deepEqual(parseLogDocumentLine('failed to renew lease a/b'), { message: 'failed to renew lease a/b', messageStart: 0 });
    assert.deepEqual(parseLogDocumentLine('2026-11-21 not a time [p/c] x'), { message: '2026-11-21 not a time [p/c] x', messageStart: 0 });
    assert.equal(isLogDocumentComment(formatLogDocumentNote('120 earlier lines dropped')), true);
    assert.equal(formatLogDocumentNote('a\nb'), '# a b');
  });
});

describe('log document header', () => {
  test('names the Lease, the context and the filter, and reads back', () => {
    const header = { context: 'kind-demo', namespace: 'kube-system', name: 'kube-scheduler', filter: 'leadership lines matching /renew/i' };
    const line = formatLogDocumentHeader(header);
    assert.equal(line, '# Lease kube-system/kube-scheduler in context kind-demo — filter: leadership lines matching /renew/i');
    assert.deepEqual(parseLogDocumentHeader(line), header);
    assert.deepEqual(parseLogDocumentHeader('# Lease ns/n in context c'), { context: 'c', namespace: 'ns', name: 'n' });
  });

  test('quotes a context name that has spaces or quotes in it', () => {
    const header = { context: 'arn:aws:eks:eu-west-1:1234:cluster/prod "blue" — x', namespace: 'ns', name: 'n' };
    const line = formatLogDocumentHeader(header);
    assert.equal(line, '# Lease ns/n in context "arn:aws:eks:eu-west-1:1234:cluster/prod \\"blue\\" — x"');
    assert.deepEqual(parseLogDocumentHeader(line), header);
  });

  test('describes filters in words', () => {
    const filter = { preset: 'leadership', text: '', regex: false, caseSensitive: false, invert: false } as const;
    assert.equal(describeLogFilter(filter), 'leadership lines');
    assert.equal(describeLogFilter({ ...filter, preset: 'all' }), undefined);
    assert.equal(describeLogFilter({ ...filter, preset: 'errors', text: 'renew', regex: true }), 'errors and warnings matching /renew/i');
    assert.equal(
      describeLogFilter({ ...filter, preset: 'all', text: 'probe', invert: true, caseSensitive: true }),
      'all lines not containing "probe" (case-sensitive)',
    );
  });
});
