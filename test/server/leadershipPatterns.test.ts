// leaseLens.logs.leadershipPatterns through the real server process: the user's patterns mark the
// lines they match with their meaning, the built-in phrases of other clients still count, and each
// invalid or runaway pattern is said once in the server log and skipped.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { leaseKey } from '../../src/shared/types';
import { leaseObject, podObject } from '../support/builders';
import { writeKubeconfig } from '../support/kubeconfig';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';

const users = [{ name: 'viewer', token: 'viewer-token', admin: true, write: false }];
const pod = 'billing-7d9f8c6b5-x2k4q';

describe('leaseLens.logs.leadershipPatterns', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;

  before(async () => {
    api = await startApiServer({ users });
    api.store.ensureNamespace('apps');
    api.store.upsertPod(podObject({ namespace: 'apps', name: pod }));
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'billing-leader', holder: pod }));
    const log = api.store.podLogs('apps', pod)?.container('manager');
    assert.ok(log);
    const now = Date.now();
    log.append('billing: took over apps/billing-leader', now - 3000);
    log.append('billing: nothing to report', now - 2000);
    log.append('2026-11-21 00:41:36.119 DEBUG 1 --- [pool-2-thread-1] LeaderElector : Successfully Acquired leader lease x', now - 1000);
    log.append(`billing: ${'x'.repeat(3000)} gave up`, now - 500);
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'demo', user: 'viewer' }], current: 'demo' }));
    server = await startLeaseServer({
      env: { KUBECONFIG: kubeconfig },
      settings: {
        leadershipPatterns: {
          '^billing: took over ': 'acquired',
          'gave up$': 'lost',
          '(a+)+b': 'lost',
          'took (over': 'acquired',
          'handed over': 'leader',
        },
      },
    });
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test("the user's pattern gives its meaning; other clients' phrases count; bounded lines", async () => {
    const key = leaseKey('demo', 'apps', 'billing-leader');
    await server.follow(key);
    const snap = await server.waitFor('the four log lines', () => {
      const s = server.follows.get(key);
      return s && s.logs.length >= 4 ? s : undefined;
    });
    const signals = snap.logs.map((l) => [l.text.slice(0, 30), l.signal]);
    assert.deepEqual(signals, [
      ['billing: took over apps/billin', 'acquired'],
      ['billing: nothing to report', undefined],
      ['2026-11-21 00:41:36.119 DEBUG ', 'acquired'],
      // "gave up" lies beyond the 2,000 characters user patterns see.
      [`billing: ${'x'.repeat(21)}`, undefined],
    ]);
  });

  test('each skipped pattern is said once in the server log', () => {
    const said = server.logLines.filter((l) => /Leadership pattern/.test(l.message));
    assert.equal(said.filter((l) => l.message.includes('(a+)+b') && /repeats a group/.test(l.message)).length, 1);
    assert.equal(said.filter((l) => l.message.includes('took (over')).length, 1);
    assert.equal(said.filter((l) => l.message.includes('handed over') && /one of attempting/.test(l.message)).length, 1);
    assert.equal(said.length, 3);
    assert.ok(said.every((l) => l.level === 'warn'));
  });
});
