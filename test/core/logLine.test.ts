import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LeadershipSignal } from '../../src/shared/types';
import { logSeverity, matchLeadership, matchRenewLatency, matchThrottling, splitTimestamp } from '../../src/core/logLine';
import { readFixture } from '../support/fixtures';

const fixtureLines = readFixture('controller-logs.txt')
  .split('\n')
  .filter((line) => line !== '');

describe('matchLeadership on controller-logs.txt', () => {
  test('every line gets the expected signal', () => {
    const expected: (LeadershipSignal | undefined)[] = [
      undefined, // # klog text, client-go up to 1.34
      'attempting',
      undefined, // Caches populated for *v1.Pod
      'acquired',
      undefined, // "Starting Kubernetes Scheduler"
      'lock-update-failed',
      'lock-get-failed',
      'renew-failed',
      'lost', // "Leaderelection lost"
      undefined, // # klog text, client-go 1.35 and later
      'attempting',
      'acquired',
      'renew-failed',
      'lost',
      undefined, // # JSON logging
      'acquired',
      undefined, // "Starting workers"
      'lost', // "error":"leader election lost"
    ];
    assert.equal(fixtureLines.length, expected.length);
    assert.deepEqual(fixtureLines.map(matchLeadership), expected);
  });

  test('with the --timestamps prefix too', () => {
    const prefixed = fixtureLines.map((line) => `2026-11-21T00:41:17.924123456Z ${line}`);
    assert.deepEqual(prefixed.map(matchLeadership), fixtureLines.map(matchLeadership));
  });
});

describe('matchLeadership phrases', () => {
  const cases: [string, LeadershipSignal][] = [
    [
      'I1121 00:41:17.924123 1 leaderelection.go:250] attempting to acquire leader lease payments/a3f1c2d4.payments.example.com...',
      'attempting',
    ],
    ['successfully acquired lease kube-system/kube-scheduler', 'acquired'],
    ['cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21 became leader', 'acquired'],
    ['I1121 00:41:36.118002 1 main.go:80] started leading', 'acquired'],
    ['FAILED TO RENEW LEASE kube-system/x: timed out', 'renew-failed'],
    ['E1121 00:52:03.553001 1 leaderelection.go:441] Failed to update lock: etcdserver: request timed out', 'lock-update-failed'],
    ['E1121 00:52:03.553001 1 leaderelection.go:300] Failed to release lock: conflict', 'lock-update-failed'],
    ['error initially creating leader election record: leases.coordination.k8s.io is forbidden', 'lock-update-failed'],
    ['error retrieving resource lock kube-system/x: leases.coordination.k8s.io "x" is forbidden', 'lock-get-failed'],
    ['F1121 00:52:13.554201 1 main.go:1] leaderelection lost', 'lost'],
    ['{"level":"error","msg":"leader election lost"}', 'lost'],
    ['level=error msg="leader-election lost"', 'lost'],
    ['cp-node-1_77e6d5c4-b3a2-4918-8f7e-6d5c4b3a2918 stopped leading', 'lost'],
    ['I1121 00:58:22.000001 1 leaderelection.go:1] new leader elected: cp-node-1_77e6d5c4-b3a2-4918-8f7e-6d5c4b3a2918', 'new-leader'],
    ['I1121 00:30:05.112233 1 leaderelection.go:1] successfully released lease payments/a3f1c2d4.payments.example.com', 'released'],
    ['"Released lease" lock="payments/a3f1c2d4.payments.example.com"', 'released'],
  ];
  for (const [line, signal] of cases) {
    test(`${signal}: ${line.slice(0, 60)}`, () => {
      assert.equal(matchLeadership(line), signal);
    });
  }

  test('the first phrase in the line decides', () => {
    assert.equal(matchLeadership('"Failed to renew lease" err="leader election lost"'), 'renew-failed');
    assert.equal(matchLeadership('"leader election lost" cause="failed to renew lease"'), 'lost');
  });

  test('ordinary lines that mention leaders, leases or locks stay unmarked', () => {
    for (const line of [
      'I1121 00:41:17.925871 1 reflector.go:351] Caches populated for *v1.Pod from k8s.io/client-go/informers/factory.go:160',
      'I1121 00:41:36.120417 1 controller.go:1] "Starting workers" controller="leader-cleanup" worker count=2',
      'I1121 00:41:36.120417 1 round_trippers.go:553] GET https://10.0.0.1:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/leader-election?timeout=5s 200 OK',
      'I1121 00:41:38.120000 1 leaderelection.go:283] successfully renewed lease kube-system/kube-scheduler',
      'I1121 00:41:38.120000 1 leaderelection.go:362] lock is held by cp-node-1_77e6 and has not yet expired',
      'clusterrole.rbac.authorization.k8s.io/leader-election-role created',
      '"Reconciling" controller="leaderboard" name="released-leases"',
      'released leases: 3',
      'leadership is a state of mind',
      '',
      'x'.repeat(20_000),
    ]) {
      assert.equal(matchLeadership(line), undefined, line.slice(0, 80));
    }
  });
});

describe('logSeverity', () => {
  test('every fixture line', () => {
    assert.deepEqual(fixtureLines.map(logSeverity), [
      undefined,
      'info',
      'info',
      'info',
      'info',
      'error',
      'error',
      'info',
      'error',
      undefined,
      'info',
      'info',
      'error',
      'error',
      undefined,
      'info', // JSON with "v":0
      'info',
      'error', // "level":"error"
    ]);
  });

  test('klog letters, also after a --timestamps prefix', () => {
    assert.equal(logSeverity('I1121 00:41:17.924123 1 x.go:1] hi'), 'info');
    assert.equal(logSeverity('W1121 00:41:17.924123 1 x.go:1] hmm'), 'warning');
    assert.equal(logSeverity('E1121 00:41:17.924123 1 x.go:1] bad'), 'error');
    assert.equal(logSeverity('F1121 00:41:17.924123 1 x.go:1] dead'), 'error');
    assert.equal(logSeverity('2026-11-21T00:41:17.924123456Z W1121 00:41:17.924123 1 x.go:1] hmm'), 'warning');
  });

  test('JSON level, verbosity and err', () => {
    assert.equal(logSeverity('{"level":"warn","msg":"x"}'), 'warning');
    assert.equal(logSeverity('{"level":"DEBUG","msg":"x"}'), 'debug');
    assert.equal(logSeverity('{"severity": "ERROR", "message": "x"}'), 'error');
    assert.equal(logSeverity('{"ts":1,"msg":"x","v":2}'), 'debug');
    assert.equal(logSeverity('{"ts":1,"msg":"x","v":0}'), 'info');
    assert.equal(logSeverity('{"ts":1,"msg":"Failed","err":"boom"}'), 'error');
    assert.equal(logSeverity('{"ts":1,"msg":"x"}'), undefined);
  });

  test('logfmt level=', () => {
    assert.equal(logSeverity('time=2026-11-21T00:41:17Z level=warn msg="x"'), 'warning');
    assert.equal(logSeverity('time=2026-11-21T00:41:17Z level="error" msg="x"'), 'error');
    assert.equal(logSeverity('level=trace msg=x'), 'debug');
    assert.equal(logSeverity('level=bogus msg=x'), undefined);
  });

  test('level words', () => {
    assert.equal(logSeverity('2026/11/21 00:41:17 ERROR something broke'), 'error');
    assert.equal(logSeverity('WARNING: low disk'), 'warning');
    assert.equal(logSeverity('[INFO] started'), 'info');
    assert.equal(logSeverity('2026/11/21 00:41:17 [warn] x'), 'warning');
    assert.equal(logSeverity('DEBUG x=1'), 'debug');
    assert.equal(logSeverity('an error happened'), undefined);
    assert.equal(logSeverity('Information about ERRORS'), undefined);
    assert.equal(logSeverity(''), undefined);
  });
});

describe('splitTimestamp', () => {
  test('strips the --timestamps prefix and reads its time', () => {
    const { time, text } = splitTimestamp('2026-11-21T00:41:17.924123456Z I1121 00:41:17.924123 1 x.go:1] hi');
    assert.equal(text, 'I1121 00:41:17.924123 1 x.go:1] hi');
    assert.equal(Math.round((time ?? 0) * 1000), 1795221677924123);
  });

  test('offsets and fewer digits', () => {
    assert.deepEqual(splitTimestamp('2026-11-21T02:41:17+02:00 x'), { time: Date.parse('2026-11-21T00:41:17Z'), text: 'x' });
    assert.deepEqual(splitTimestamp('2026-11-21T00:41:17.5Z  two spaces'), { time: 1795221677500, text: ' two spaces' });
    assert.deepEqual(splitTimestamp('2026-11-21T00:41:17.924123456Z '), { time: 1795221677924.123, text: '' });
  });

  test('lines without a prefix come back whole', () => {
    for (const line of [
      'I1121 00:41:17.924123 1 x.go:1] hi',
      '2026-11-21T00:41:17.924123456Z',
      '2026-11-21T00:41:17.924123456Zno-space',
      '2026-13-21T00:41:17.924123456Z bad month',
      '2026-11-21 00:41:17 plain',
      '12345',
      '',
    ]) {
      assert.deepEqual(splitTimestamp(line), { text: line });
    }
  });
});

describe('matchThrottling and matchRenewLatency', () => {
  const [matching = '', notMatching = ''] = readFixture('throttling-logs.txt').split(/^# not$/m);
  const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

  test('every client-side throttling form, with how long it waited', () => {
    assert.deepEqual(
      lines(matching).map((l) => matchThrottling(l)),
      [{ waitedMs: 1042.7 }, { waitedMs: 195.42 }, { waitedMs: 1136.996877 }, { waitedMs: 2500 }],
    );
  });

  test('lines that are not throttling, leadership lines included, do not match', () => {
    assert.deepEqual(
      lines(notMatching).map((l) => matchThrottling(l)),
      lines(notMatching).map(() => undefined),
    );
    assert.equal(matchThrottling('server-side throttling of misleading leaders'), undefined);
  });

  test('renew latency only when a renewal line states it', () => {
    assert.equal(
      matchRenewLatency('I1206 00:00:00.000000 1 leaderelection.go:1] "Renewed lease" lease="kube-system/x" latency="53ms"'),
      53,
    );
    assert.equal(matchRenewLatency('{"msg":"renewed lease","took":"1.2s"}'), 1200);
    assert.equal(matchRenewLatency('successfully renewed lease kube-system/x'), undefined);
    assert.equal(matchRenewLatency('request latency="53ms" for GET /leases'), undefined);
    assert.equal(matchRenewLatency('the renewable took=3s'), undefined);
  });
});
