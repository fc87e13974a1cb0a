// The Lease server's caches, through its real process and protocol, against local API servers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { leaseKey } from '../../src/shared/types';
import { Contexts } from '../../src/shared/protocol';
import { leaseObject } from '../support/builders';
import { kubeconfigYaml, unreachableKc, writeKubeconfig } from '../support/kubeconfig';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';

const users = [
  { name: 'admin', token: 'admin-token', admin: true, write: true },
  { name: 'viewer', token: 'viewer-token', admin: true, write: false },
  { name: 'dev', token: 'dev-token', namespaces: ['demo', 'jobs'] },
];

describe('Lease caches of several contexts', () => {
  let one: ApiServer;
  let two: ApiServer;
  let server: LeaseServerProcess;

  before(async () => {
    one = await startApiServer({ users });
    two = await startApiServer({ users });
    for (const ns of ['demo', 'jobs', 'payments', 'kube-system', 'kube-node-lease']) {
      one.store.ensureNamespace(ns);
      two.store.ensureNamespace(ns);
    }
    for (let i = 0; i < 12; i++) {
      one.store.applyLease(
        leaseObject({ namespace: i % 2 ? 'demo' : 'jobs', name: `one-${i}`, holder: `pod-${i}_0b7f5a1d-2e2c-4d8e-8a6f-3c1b9e7d5f02` }),
      );
    }
    one.store.applyLease(leaseObject({ namespace: 'payments', name: 'pay', holder: 'p_1' }));
    for (let i = 0; i < 5; i++) {
      one.store.applyLease(leaseObject({ namespace: 'kube-node-lease', name: `node-${i}`, holder: `node-${i}`, durationSeconds: 40 }));
    }
    two.store.applyLease(
      leaseObject({ namespace: 'kube-system', name: 'kube-scheduler', holder: 'cp-1_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21' }),
    );
    // Two files; the context "second" is defined in both, and the first file's wins.
    const first = writeKubeconfig(
      one.kubeconfig({ clusterName: 'one', contexts: [{ name: 'first', user: 'viewer' }], current: 'first' }) + '\n',
    );
    // The same user name in two files: the first definition wins, as for contexts.
    const second = writeKubeconfig(two.kubeconfig({ clusterName: 'two', contexts: [{ name: 'second', user: 'viewer' }] }));
    const third = writeKubeconfig(
      one.kubeconfig({
        clusterName: 'one-dev',
        contexts: [
          { name: 'third', user: 'dev', namespace: 'demo' },
          { name: 'second', user: 'dev' },
        ],
      }),
    );
    server = await startLeaseServer({
      env: { KUBECONFIG: [first, second, third].join(':'), LEASE_LENS_WATCH_IDLE_MS: '2000' },
      settings: { nodeLeases: 'counted', namespaces: ['jobs', 'payments'] },
    });
  });

  after(async () => {
    await server?.close();
    await one?.close();
    await two?.close();
  });

  test('loads three contexts from two-plus files, reports the duplicate name, and watches all at once', async () => {
    const kc = server.kubeconfig!;
    assert.deepEqual(kc.contexts.map((c) => c.context).sort(), ['first', 'second', 'third']);
    assert.equal(kc.currentContext, 'first');
    assert.ok(
      kc.problems.some((p) => p.message.includes('"second"') && /first is used/.test(p.message)),
      JSON.stringify(kc.problems),
    );
    await server.watch(['first', 'second', 'third']);
    await server.waitFor('all contexts synced', () => ['first', 'second', 'third'].every((c) => server.states.get(c)?.synced));
    await server.waitFor(
      'leases of every context',
      () =>
        server.leases.has(leaseKey('first', 'demo', 'one-1')) &&
        server.leases.has(leaseKey('second', 'kube-system', 'kube-scheduler')) &&
        server.leases.has(leaseKey('third', 'jobs', 'one-0')),
    );
    assert.equal(server.states.get('second')?.server, two.url, 'the first definition of "second" is used');
    // Told "synced", a client already holds the context's leases (the state follows the flush).
    assert.equal(server.heldWhenSynced.get('first'), 13);
    assert.equal(server.heldWhenSynced.get('second'), 1);
  });

  test('counts node leases without sending them when nodeLeases is "counted"', async () => {
    const state = await server.waitFor('node lease count', () =>
      server.states.get('first')?.nodeLeaseCount === 5 ? server.states.get('first') : undefined,
    );
    assert.equal(state.nodeLeaseCount, 5);
    assert.ok(![...server.leases.keys()].some((k) => k.includes('/kube-node-lease/')));
  });

  test('falls back to readable namespaces when cluster scope is forbidden, and names the forbidden ones', async () => {
    const state = await server.waitFor('third partial', () => {
      const s = server.states.get('third');
      return s?.phase === 'partial' && s.synced ? s : undefined;
    });
    assert.deepEqual(state.forbiddenNamespaces, ['payments']);
    assert.match(state.message ?? '', /payments/);
    assert.ok(server.leases.has(leaseKey('third', 'demo', 'one-1')));
    assert.ok(server.leases.has(leaseKey('third', 'jobs', 'one-0')));
    assert.ok(!server.leases.has(leaseKey('third', 'payments', 'pay')));
    assert.ok(server.leases.has(leaseKey('first', 'payments', 'pay')), 'the admin context still sees payments');
  });

  test('reconnects a dropped watch and delivers what changed meanwhile', async () => {
    await server.waitFor('first synced', () => server.states.get('first')?.synced);
    one.faults.dropWatches();
    one.store.applyLease(leaseObject({ namespace: 'demo', name: 'one-1', holder: 'after-drop_1' }));
    await server.waitFor(
      'change after drop',
      () => server.leases.get(leaseKey('first', 'demo', 'one-1'))?.spec.holderIdentity === 'after-drop_1',
    );
  });

  test('relists on 410 and sends only real differences', async () => {
    await server.waitFor('first synced', () => server.states.get('first')?.synced);
    const mark = server.batches.length;
    const relistsBefore = server.logLines.filter((l) => /expired, listing again/.test(l.message)).length;
    one.faults.expireHistory();
    one.store.applyLease(leaseObject({ namespace: 'jobs', name: 'one-2', holder: 'after-410_1' }));
    one.faults.dropWatches();
    await server.waitFor(
      'change after 410',
      () => server.leases.get(leaseKey('first', 'jobs', 'one-2'))?.spec.holderIdentity === 'after-410_1',
    );
    await server.waitFor(
      'a relist happened',
      () => server.logLines.filter((l) => /expired, listing again/.test(l.message)).length > relistsBefore,
    );
    const keys = server.batches
      .slice(mark)
      .filter((b) => b.context === 'first')
      .flatMap((b) => b.deltas.map((d) => (d.type === 'upsert' ? d.lease.key : `deleted ${d.key}`)));
    assert.deepEqual([...new Set(keys)], [leaseKey('first', 'jobs', 'one-2')], 'no spurious delete+add for unchanged leases');
  });

  test('replaces a watch that goes silent', async () => {
    await server.waitFor('first synced', () => server.states.get('first')?.synced);
    const unstall = one.faults.stall(
      (req) => /watch=/.test(req.url ?? '') && /\/leases\?/.test(req.url ?? '') && !/kube-node-lease/.test(req.url ?? ''),
    );
    one.faults.dropWatches();
    await server.waitFor('a silent watch noticed', () => server.logLines.some((l) => /sent nothing for/.test(l.message)), 10_000);
    unstall();
    one.store.applyLease(leaseObject({ namespace: 'demo', name: 'one-3', holder: 'after-stall_1' }));
    await server.waitFor(
      'change after stall',
      () => server.leases.get(leaseKey('first', 'demo', 'one-3'))?.spec.holderIdentity === 'after-stall_1',
      10_000,
    );
  });

  test('coalesces rapid changes: at most one flush per 250 ms per context, and the last version wins', async () => {
    const mark = server.batches.length;
    const started = Date.now();
    for (let i = 0; i < 60; i++) {
      one.store.applyLease(leaseObject({ namespace: 'demo', name: 'one-5', holder: `rapid-${i}_1` }));
    }
    await server.waitFor(
      'last rapid change',
      () => server.leases.get(leaseKey('first', 'demo', 'one-5'))?.spec.holderIdentity === 'rapid-59_1',
    );
    const batches = server.batches.slice(mark).filter((b) => b.context === 'first');
    const elapsed = Date.now() - started;
    assert.ok(batches.length <= Math.ceil(elapsed / 250) + 1, `${batches.length} flushes in ${elapsed} ms`);
    for (let i = 1; i < batches.length; i++) {
      assert.ok(batches[i].sentAt - batches[i - 1].sentAt >= 240, 'flushes are 250 ms apart');
    }
    const sent = batches.flatMap((b) => b.deltas).filter((d) => d.type === 'upsert' && d.lease.name === 'one-5');
    assert.ok(sent.length < 60 / 2, `coalesced: ${sent.length} upserts for 60 writes`);
  });

  test('stamps every delta with the time it was observed', async () => {
    const before = Date.now();
    one.store.applyLease(leaseObject({ namespace: 'jobs', name: 'one-4', holder: 'stamp_1' }));
    const lease = await server.waitFor('stamped', () => {
      const l = server.leases.get(leaseKey('first', 'jobs', 'one-4'));
      return l?.spec.holderIdentity === 'stamp_1' ? l : undefined;
    });
    assert.ok(lease.observedAt >= before && lease.observedAt <= Date.now(), `${lease.observedAt} within the test's window`);
  });

  test('after a cluster-scope 403 watches namespaces, and Refresh tries cluster scope again, without spurious changes', async () => {
    await server.waitFor('first synced', () => server.states.get('first')?.synced && server.states.get('first')?.phase === 'connected');
    const mark = server.batches.length;
    const clusterList = (req: { url?: string }): boolean => /\/apis\/coordination\.k8s\.io\/v1\/leases\?/.test(req.url ?? '');
    const allow = one.faults.failWith(clusterList, 403);
    await server.conn.sendNotification(Contexts.refresh, { contexts: ['first'] });
    one.faults.dropWatches();
    await server.waitFor('namespace fallback', () => /cluster scope is forbidden/.test(server.states.get('first')?.message ?? ''));
    allow();
    await server.conn.sendNotification(Contexts.refresh, { contexts: ['first'] });
    await server.waitFor('cluster scope again', () => {
      const s = server.states.get('first');
      return s?.phase === 'connected' && s.synced && !/forbidden/.test(s.message ?? '');
    });
    one.store.applyLease(leaseObject({ namespace: 'demo', name: 'one-7', holder: 'after-retry_1' }));
    await server.waitFor(
      'changes flow again',
      () => server.leases.get(leaseKey('first', 'demo', 'one-7'))?.spec.holderIdentity === 'after-retry_1',
    );
    const keys = server.batches
      .slice(mark)
      .filter((b) => b.context === 'first')
      .flatMap((b) => b.deltas.map((d) => (d.type === 'upsert' ? d.lease.key : `deleted ${d.key}`)));
    assert.deepEqual([...new Set(keys)], [leaseKey('first', 'demo', 'one-7')], 'switching scopes sends no delete+add for unchanged leases');
    assert.ok(server.leases.has(leaseKey('first', 'payments', 'pay')));
  });

  test('reports an unreachable context as a state with the reason, and keeps the others', async () => {
    const dead = writeKubeconfig(kubeconfigYaml({ ...unreachableKc(), current: null }));
    const other = await startLeaseServer({ env: { KUBECONFIG: dead } });
    try {
      const states = await other.conn.sendRequest(Contexts.watch, { contexts: ['dead', 'nonexistent'] });
      assert.equal(states[1].phase, 'misconfigured');
      const state = await other.waitFor('unreachable', () => {
        const s = other.states.get('dead');
        return s?.phase === 'unreachable' ? s : undefined;
      });
      assert.match(state.message ?? '', /Cannot reach http:\/\/127\.0\.0\.1:9/);
      assert.match(state.hint ?? '', /retries/);
      assert.ok(state.retryAt && state.retryAt > Date.now() - 1000);
    } finally {
      await other.close();
    }
  });

  test('sends nothing but GET to the clusters', () => {
    const mine = [...one.requests, ...two.requests].filter((r) => r.user === 'viewer' || r.user === 'dev');
    assert.ok(mine.length > 10, `the Lease server made ${mine.length} requests`);
    assert.deepEqual([...new Set(mine.map((r) => r.method))], ['GET']);
  });
});
