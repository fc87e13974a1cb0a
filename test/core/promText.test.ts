import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePromText } from '../../src/core/promText';
import { electionMetricNames, readElectionMetrics } from '../../src/core/electionMetrics';

const PAGE = [
  '# HELP leader_election_master_status [ALPHA] Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.',
  '# TYPE leader_election_master_status gauge',
  'leader_election_master_status{name="kube-scheduler"} 1',
  '# TYPE rest_client_requests_total counter',
  'rest_client_requests_total{code="200",host="10.96.0.1:443",method="PUT",resource="leases"} 412',
  'rest_client_requests_total{code="200",host="10.96.0.1:443",method="GET",resource="leases"} 3',
  'rest_client_requests_total{code="409",host="10.96.0.1:443",method="PUT",resource="leases"} 2 1712345678901',
  'workqueue_depth{name="a"} 3',
  'workqueue_depth{name="b"} 4.5e0',
  'process_cpu_seconds_total 12.5',
  '',
].join('\n');

describe('parsePromText', () => {
  test('reads samples, labels, values and timestamps of a real page', () => {
    const r = parsePromText(PAGE);
    assert.ok(r.ok);
    assert.equal(r.series, 7);
    assert.equal(r.truncated, false);
    assert.deepEqual(
      r.samples.map((s) => [s.name, Object.fromEntries(s.labels), s.value]),
      [
        ['leader_election_master_status', { name: 'kube-scheduler' }, 1],
        ['rest_client_requests_total', { code: '200', host: '10.96.0.1:443', method: 'PUT', resource: 'leases' }, 412],
        ['rest_client_requests_total', { code: '200', host: '10.96.0.1:443', method: 'GET', resource: 'leases' }, 3],
        ['rest_client_requests_total', { code: '409', host: '10.96.0.1:443', method: 'PUT', resource: 'leases' }, 2],
        ['workqueue_depth', { name: 'a' }, 3],
        ['workqueue_depth', { name: 'b' }, 4.5],
        ['process_cpu_seconds_total', {}, 12.5],
      ],
    );
  });

  test('keeps only the names asked for, but still checks every line', () => {
    const r = parsePromText(PAGE, { names: electionMetricNames });
    assert.ok(r.ok);
    assert.equal(r.samples.length, 6);
    const bad = parsePromText(`${PAGE}other_metric{x="1" 2\n`, { names: electionMetricNames });
    assert.equal(bad.ok, false);
  });

  const cases: [string, string, number | string | boolean][] = [
    ['special values', 'a +Inf\nb -Inf\nc NaN\nd Inf', 'ok'],
    ['escapes in label values', 'a{l="x\\"y\\\\z\\n"} 1', 'x"y\\z\n'],
    ['CRLF lines', 'a 1\r\nb 2\r\n', 'ok'],
    ['empty labels and trailing comma', 'a{} 1\nb{x="1",} 2', 'ok'],
    ['a label named __proto__ stays a label', 'a{__proto__="p"} 1', 'p'],
    ['no value', 'a{x="1"}', 1],
    ['a bad value', 'a 1x', 1],
    ['a bad escape', 'a{x="\\q"} 1', 1],
    ['an unclosed label value', 'a{x="1} 1', 1],
    ['a label twice', 'a{x="1",x="2"} 1', 1],
    ['a bad label name', 'a{1x="1"} 1', 1],
    ['text after the timestamp', 'a 1 2 3', 1],
    ['a bad timestamp', 'a 1 2.5', 1],
    ['a bad TYPE', '# TYPE a gaugez\na 1', 1],
    ['a bad metric name', 'ok 1\n9a 1', 2],
  ];
  for (const [what, text, expected] of cases) {
    test(what, () => {
      const r = parsePromText(text);
      if (expected === 'ok') {
        assert.ok(r.ok, JSON.stringify(r));
      } else if (typeof expected === 'number') {
        assert.equal(r.ok, false);
        assert.equal(!r.ok && r.line, expected);
        assert.ok(!r.ok && r.error.length > 0);
      } else {
        assert.ok(r.ok);
        const labels = r.samples[0]!.labels;
        assert.equal([...labels.values()][0], expected);
        assert.equal(Object.getPrototypeOf(Object.fromEntries(labels)), Object.prototype);
      }
    });
  }

  test('special values parse to Infinity and NaN', () => {
    const r = parsePromText('a +Inf\nb -Inf\nc NaN');
    assert.ok(r.ok);
    assert.deepEqual(
      r.samples.map((s) => s.value),
      [Infinity, -Infinity, NaN],
    );
  });

  test('bounds: line length, labels per series, series count', () => {
    const long = `a{x="${'y'.repeat(200)}"} 1`;
    const r1 = parsePromText(`ok 1\n${long}`, { maxLineLength: 100 });
    assert.equal(r1.ok, false);
    assert.equal(!r1.ok && r1.line, 2);
    const labels = Array.from({ length: 5 }, (_, i) => `l${i}="v"`).join(',');
    const r2 = parsePromText(`a{${labels}} 1`, { maxLabels: 4 });
    assert.equal(r2.ok, false);
    const many = Array.from({ length: 50 }, (_, i) => `m${i} ${i}`).join('\n');
    const r3 = parsePromText(many, { maxSeries: 10 });
    assert.ok(r3.ok);
    assert.equal(r3.truncated, true);
    assert.equal(r3.samples.length, 10);
  });

  test('a huge line without newline is refused without being scanned as a sample', () => {
    const r = parsePromText(`a{x="${'z'.repeat(100_000)}`, { maxLineLength: 1000 });
    assert.equal(r.ok, false);
  });
});

describe('readElectionMetrics', () => {
  test('master status by the Lease name, lease writes summed, queue depths summed', () => {
    const r = parsePromText(PAGE, { names: electionMetricNames });
    assert.ok(r.ok);
    assert.deepEqual(readElectionMetrics(r.samples, 'kube-scheduler'), { masterStatus: 1, renewRequests: 414, workqueueDepth: 7.5 });
  });

  const cases: [string, string, string, object][] = [
    ['the only series counts when its name differs', 'leader_election_master_status{name="other"} 0', 'mine', { masterStatus: 0 }],
    [
      'with several elections, only the one named',
      'leader_election_master_status{name="a"} 1\nleader_election_master_status{name="b"} 0',
      'b',
      { masterStatus: 0 },
    ],
    [
      'several elections, none named: nothing',
      'leader_election_master_status{name="a"} 1\nleader_election_master_status{name="b"} 0',
      'c',
      {},
    ],
    ['no resource label: no renew count', 'rest_client_requests_total{code="200",method="PUT",host="h"} 9', 'x', {}],
    ['nothing of ours', 'up 1', 'x', {}],
  ];
  for (const [what, text, lease, expected] of cases) {
    test(what, () => {
      const r = parsePromText(text, { names: electionMetricNames });
      assert.ok(r.ok);
      assert.deepEqual(readElectionMetrics(r.samples, lease), expected);
    });
  }
});
