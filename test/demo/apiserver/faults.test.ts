// The local API server's request log, fault hooks (drop watches, stall, stalled streams, delay,
// failWith, restart) and HTTPS with its generated CA.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { CoordinationV1Api, KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { type ApiServer, startApiServer } from '../../../demo/apiserver/index';
import { waitFor, within } from '../../../harness/waiting';
import { kubeConfigFor, openWatch, statusOf } from './testkit';

const lease = (namespace: string, name: string, holderIdentity = 'h'): V1Lease => ({
  metadata: { name, namespace },
  spec: { holderIdentity },
});

describe('local API server: request log, faults, restart, HTTPS', () => {
  const servers: ApiServer[] = [];
  const start = async (opts: Parameters<typeof startApiServer>[0] = {}) => {
    const s = await startApiServer(opts);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  test('records every request: method, path, query, user, status, watch', async () => {
    const server = await start({
      users: [
        { name: 'viewer', token: 'v', namespaces: ['kube-system'] },
        { name: 'admin', token: 'a', admin: true },
      ],
    });
    const api = kubeConfigFor(server, 'viewer').makeApiClient(CoordinationV1Api);
    await api.listNamespacedLease({ namespace: 'kube-system', limit: 5 });
    await statusOf(api.listLeaseForAllNamespaces({}));
    const w = await openWatch(kubeConfigFor(server, 'viewer'), '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases', {
      resourceVersion: '0',
    });
    await waitFor('the watch to be answered', () => server.requests.some((r) => r.watch && r.status === 200), 2000);
    w.abort();
    const mine = server.requests.filter((r) => r.user === 'viewer');
    assert.ok(
      mine.every((r) => r.method === 'GET'),
      'a read-only client sends only GETs',
    );
    assert.deepEqual(
      mine.map((r) => [r.path, r.status, r.watch]),
      [
        ['/apis/coordination.k8s.io/v1/namespaces/kube-system/leases', 200, false],
        ['/apis/coordination.k8s.io/v1/leases', 403, false],
        ['/apis/coordination.k8s.io/v1/namespaces/kube-system/leases', 200, true],
      ],
    );
    assert.equal(mine[0].query, 'limit=5');
    assert.ok(mine[0].time <= Date.now());
  });

  test('dropWatches ends open watches; expireHistory makes their resume point too old', async () => {
    const server = await start();
    const kc = kubeConfigFor(server);
    const w = await openWatch(kc, '/apis/coordination.k8s.io/v1/leases', { resourceVersion: server.store.resourceVersion() });
    server.store.applyLease(lease('default', 'a'));
    const e = await w.events.next(2000, 'ADDED');
    server.faults.dropWatches();
    await within(w.done, 2000, 'the watch to end');
    server.faults.expireHistory();
    server.store.applyLease(lease('default', 'a', 'other'));
    const again = await openWatch(kc, '/apis/coordination.k8s.io/v1/leases', { resourceVersion: e.object.metadata?.resourceVersion ?? '' });
    const err = await again.events.next(2000, 'the 410');
    assert.equal(err.type, 'ERROR');
    assert.equal((err.object as { code?: number }).code, 410);
  });

  test('stall holds matching requests without an answer until released', async () => {
    const server = await start();
    const api = kubeConfigFor(server).makeApiClient(CoordinationV1Api);
    const release = server.faults.stall(/\/namespaces\/kube-system\/leases/);
    let settled = false;
    const pending = api.listNamespacedLease({ namespace: 'kube-system' }).finally(() => (settled = true));
    await waitFor('the request to arrive', () => server.requests.some((r) => r.path.endsWith('/kube-system/leases')), 2000);
    // Other requests are served meanwhile.
    await api.listNamespacedLease({ namespace: 'default' });
    assert.equal(settled, false);
    const rec = server.requests.find((r) => r.path.endsWith('/kube-system/leases'));
    assert.equal(rec?.status, undefined);
    release();
    assert.equal((await within(pending, 2000, 'the released list')).items.length, 0);
  });

  test('stallStreams: a watch gets its headers and then nothing until released', async () => {
    const server = await start({ bookmarkIntervalMs: 20 });
    const release = server.faults.stallStreams((r) => r.watch);
    const w = await openWatch(kubeConfigFor(server), '/apis/coordination.k8s.io/v1/namespaces/default/leases', {
      allowWatchBookmarks: true,
    });
    server.store.applyLease(lease('default', 'silent'));
    // Bookmarks would arrive every 20 ms on a live stream: none and no ADDED may come now.
    await assert.rejects(w.events.next(150, 'anything'), /timed out/);
    release();
    const e = await w.events.next(2000, 'the held ADDED');
    assert.equal(e.type, 'ADDED');
    assert.equal(e.object.metadata?.name, 'silent');
    w.abort();
  });

  test('delay and failWith shape answers; failWith 403 generates the real message', async () => {
    const server = await start();
    const api = kubeConfigFor(server).makeApiClient(CoordinationV1Api);
    const undelay = server.faults.delay(/\/leases$/, 100);
    const t0 = Date.now();
    await api.listLeaseForAllNamespaces({});
    assert.ok(Date.now() - t0 >= 95, 'the list was delayed');
    undelay();

    const unfail = server.faults.failWith((r) => r.path.includes('/namespaces/payments/'), 403);
    const forbidden = await statusOf(api.listNamespacedLease({ namespace: 'payments' }));
    assert.equal(
      forbidden.message,
      'leases.coordination.k8s.io is forbidden: User "admin" cannot list resource "leases" in API group "coordination.k8s.io" in the namespace "payments"',
    );
    assert.equal((await api.listNamespacedLease({ namespace: 'default' })).kind, 'LeaseList');
    unfail();
    const un500 = server.faults.failWith(/leases/, 500);
    const internal = await statusOf(api.listLeaseForAllNamespaces({}));
    assert.equal(internal.code, 500);
    assert.equal(internal.reason, 'InternalError');
    un500();
    const custom = server.faults.failWith(/leases/, 503, 'etcd is down');
    assert.equal((await statusOf(api.listLeaseForAllNamespaces({}))).message, 'etcd is down');
    custom();
  });

  test('restart closes connections and listens again on the same port, keeping or resetting the store', async () => {
    const server = await start();
    const kc = kubeConfigFor(server);
    const api = kc.makeApiClient(CoordinationV1Api);
    const url = server.url;
    server.store.applyLease(lease('default', 'kept'));
    const listed = await api.listNamespacedLease({ namespace: 'default' });
    const w = await openWatch(kc, '/apis/coordination.k8s.io/v1/namespaces/default/leases', {
      resourceVersion: listed.metadata?.resourceVersion ?? '',
    });
    await server.restart();
    assert.equal(server.url, url);
    await within(w.done, 2000, 'the watch to end at the restart');
    assert.deepEqual(
      (await api.listNamespacedLease({ namespace: 'default' })).items.map((l) => l.metadata?.name),
      ['kept'],
    );

    await server.restart({ keepStore: false });
    assert.equal((await api.listNamespacedLease({ namespace: 'default' })).items.length, 0);
    const stale = await openWatch(kc, '/apis/coordination.k8s.io/v1/namespaces/default/leases', {
      resourceVersion: listed.metadata?.resourceVersion ?? '',
    });
    assert.equal((await stale.events.next(2000, 'the 410 after a reset')).type, 'ERROR');
  });

  test('serves HTTPS with a generated CA that client-node verifies', async () => {
    const server = await start({ tls: true });
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.caPem ?? '', /BEGIN CERTIFICATE/);
    server.store.applyLease(lease('kube-system', 'kube-scheduler'));
    const api = kubeConfigFor(server).makeApiClient(CoordinationV1Api);
    assert.deepEqual(
      (await api.listLeaseForAllNamespaces({})).items.map((l) => l.metadata?.name),
      ['kube-scheduler'],
    );

    const untrusted = new KubeConfig();
    untrusted.loadFromOptions({
      clusters: [{ name: 'c', server: server.url, skipTLSVerify: false }],
      users: [{ name: 'u', token: 'admin-token' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    await assert.rejects(untrusted.makeApiClient(CoordinationV1Api).listLeaseForAllNamespaces({}), /certificate/i);
  });
});
