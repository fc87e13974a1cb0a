// The local API server's Kubernetes semantics, exercised through @kubernetes/client-node:
// discovery, Lease CRUD, optimistic concurrency, MicroTime, pagination, selectors, watches,
// authentication and authorization, Events and their field selectors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CoordinationV1Api, CoreV1Api, EventsV1Api, KubeConfig, V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import { type ApiServer, startApiServer } from '../../../demo/apiserver/index';
import { within } from '../../../harness/waiting';
import { kubeConfigFor, openWatch, statusOf } from './testkit';
import { fixtureStatus } from '../../support/fixtures';

const fixtures = fixtureStatus();

const users = [
  { name: 'admin', token: 'admin-token', admin: true, write: true },
  { name: 'dev@example.com', token: 'dev-token', namespaces: ['payments'] },
  { name: 'reader', token: 'reader-token', admin: true, write: false },
];

function lease(namespace: string, name: string, spec: V1Lease['spec'] = {}, labels?: Record<string, string>): V1Lease {
  return { metadata: { name, namespace, labels }, spec };
}

describe('local API server: leases, watches, auth, events', () => {
  let server: ApiServer;
  let leases: CoordinationV1Api;
  let core: CoreV1Api;

  before(async () => {
    server = await startApiServer({ users, bookmarkIntervalMs: 50 });
    const kc = kubeConfigFor(server);
    leases = kc.makeApiClient(CoordinationV1Api);
    core = kc.makeApiClient(CoreV1Api);
    for (const ns of ['payments', 'jobs', 'paging', 'watching']) {
      server.store.ensureNamespace(ns);
    }
  });
  after(() => server.close());

  test('serves discovery documents kubectl and client-go read', async () => {
    const get = async (path: string) => {
      const res = await fetch(`${server.url}${path}`, { headers: { Authorization: 'Bearer admin-token' } });
      assert.equal(res.status, 200, path);
      return (await res.json()) as Record<string, unknown>;
    };
    assert.equal((await get('/version')).minor, '32');
    assert.deepEqual((await get('/api')).versions, ['v1']);
    const groups = (await get('/apis')).groups as { name: string }[];
    assert.deepEqual(groups.map((g) => g.name).sort(), ['apps', 'coordination.k8s.io', 'events.k8s.io']);
    const apps = (await get('/apis/apps/v1')).resources as { name: string; namespaced: boolean; verbs: string[] }[];
    assert.deepEqual(
      apps.map((r) => [r.name, r.namespaced, r.verbs.join(',')]),
      [
        ['replicasets', true, 'get,list,watch'],
        ['deployments', true, 'get,list,watch'],
      ],
    );
    const coord = (await get('/apis/coordination.k8s.io/v1')).resources as {
      name: string;
      kind: string;
      namespaced: boolean;
      verbs: string[];
    }[];
    assert.deepEqual(
      coord.map((r) => [r.name, r.kind, r.namespaced]),
      [['leases', 'Lease', true]],
    );
    assert.ok(coord[0].verbs.includes('watch'));
    const core1 = (await get('/api/v1')).resources as { name: string; shortNames?: string[] }[];
    assert.deepEqual(
      core1.map((r) => r.name),
      ['namespaces', 'events', 'pods', 'pods/log', 'nodes', 'configmaps', 'endpoints'],
    );
    const res = await fetch(`${server.url}/openapi/v2`, { headers: { Authorization: 'Bearer admin-token' } });
    assert.equal(res.status, 404);
  });

  test('creates, reads, lists and deletes Leases in the real shapes', async () => {
    const renew = new V1MicroTime();
    const created = await leases.createNamespacedLease({
      namespace: 'payments',
      body: lease('payments', 'a3f1c2d4.payments.example.com', {
        holderIdentity: 'pod-a_1',
        leaseDurationSeconds: 15,
        renewTime: renew,
        acquireTime: renew,
      }),
    });
    assert.equal(created.kind, 'Lease');
    assert.match(created.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.match(String(created.spec?.renewTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const got = await leases.readNamespacedLease({ namespace: 'payments', name: 'a3f1c2d4.payments.example.com' });
    assert.equal(got.metadata?.resourceVersion, created.metadata?.resourceVersion);

    const dup = await statusOf(
      leases.createNamespacedLease({ namespace: 'payments', body: lease('payments', 'a3f1c2d4.payments.example.com') }),
    );
    assert.equal(dup.code, 409);
    assert.equal(dup.reason, 'AlreadyExists');
    assert.equal(dup.message, 'leases.coordination.k8s.io "a3f1c2d4.payments.example.com" already exists');

    // Raw list: items carry no kind/apiVersion, the list has the store's resourceVersion.
    const raw = (await (
      await fetch(`${server.url}/apis/coordination.k8s.io/v1/namespaces/payments/leases`, {
        headers: { Authorization: 'Bearer admin-token' },
      })
    ).json()) as { kind: string; metadata: { resourceVersion: string }; items: Record<string, unknown>[] };
    assert.equal(raw.kind, 'LeaseList');
    assert.equal(raw.metadata.resourceVersion, server.store.resourceVersion());
    assert.equal(raw.items.length, 1);
    assert.equal(raw.items[0].kind, undefined);
    assert.equal(raw.items[0].apiVersion, undefined);

    const missing = await statusOf(leases.readNamespacedLease({ namespace: 'kube-system', name: 'kube-schedular' }));
    assert.deepEqual(missing, fixtures.notFound);

    const inMissingNs = await statusOf(leases.createNamespacedLease({ namespace: 'nope', body: lease('nope', 'x') }));
    assert.equal(inMissingNs.code, 404);
    assert.equal(inMissingNs.message, 'namespaces "nope" not found');

    const del = await leases.deleteNamespacedLease({ namespace: 'payments', name: 'a3f1c2d4.payments.example.com' });
    assert.equal(del.status, 'Success');
    assert.equal((await leases.listNamespacedLease({ namespace: 'payments' })).items.length, 0);
  });

  test('rejects stale and unversioned updates like the real server (409 Conflict, 422 Invalid)', async () => {
    server.store.applyLease(lease('kube-system', 'kube-scheduler', { holderIdentity: 'cp-node-2_x', leaseDurationSeconds: 15 }));
    const current = await leases.readNamespacedLease({ namespace: 'kube-system', name: 'kube-scheduler' });
    const updated = await leases.replaceNamespacedLease({
      namespace: 'kube-system',
      name: 'kube-scheduler',
      body: { ...current, spec: { ...current.spec, renewTime: new V1MicroTime() } },
    });
    assert.ok(Number(updated.metadata?.resourceVersion) > Number(current.metadata?.resourceVersion));

    const stale = await statusOf(leases.replaceNamespacedLease({ namespace: 'kube-system', name: 'kube-scheduler', body: current }));
    assert.deepEqual(stale, fixtures.conflict);

    const noRv = await statusOf(
      leases.replaceNamespacedLease({
        namespace: 'kube-system',
        name: 'kube-scheduler',
        body: { ...current, metadata: { ...current.metadata, resourceVersion: undefined } },
      }),
    );
    assert.equal(noRv.code, 422);
    assert.equal(noRv.reason, 'Invalid');
    assert.equal(
      noRv.message,
      'leases.coordination.k8s.io "kube-scheduler" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );

    // The in-process store applies the same concurrency rules.
    assert.throws(() => server.store.updateLease({ ...current, metadata: { ...current.metadata } } as never), /has been modified/);
  });

  test('rejects MicroTimes without six fractional digits (400) and non-positive durations (422)', async () => {
    const threeDigits = await statusOf(
      leases.createNamespacedLease({ namespace: 'jobs', body: lease('jobs', 'ms', { renewTime: new Date('2026-11-21T00:41:17.924Z') }) }),
    );
    assert.equal(threeDigits.code, 400);
    assert.equal(threeDigits.reason, 'BadRequest');
    assert.equal(
      threeDigits.message,
      'Lease in version "v1" cannot be handled as a Lease: parsing time "2026-11-21T00:41:17.924Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".924Z" as ".000000"',
    );
    const raw = await fetch(`${server.url}/apis/coordination.k8s.io/v1/namespaces/jobs/leases`, {
      method: 'POST',
      headers: { Authorization: 'Bearer admin-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'ns9' }, spec: { acquireTime: '2026-11-21T00:41:17.924123456Z' } }),
    });
    assert.equal(raw.status, 400);
    assert.match(((await raw.json()) as { message: string }).message, /cannot parse "456Z" as "Z07:00"$/);

    const zero = await statusOf(
      leases.createNamespacedLease({ namespace: 'jobs', body: lease('jobs', 'zero', { leaseDurationSeconds: 0 }) }),
    );
    assert.equal(zero.code, 422);
    assert.equal(
      zero.message,
      'Lease.coordination.k8s.io "zero" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    );
    assert.deepEqual(zero.details?.causes, [
      { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be greater than 0', field: 'spec.leaseDurationSeconds' },
    ]);
  });

  test('pages lists with limit/continue from a consistent snapshot', async () => {
    for (let i = 0; i < 25; i++) {
      server.store.applyLease(lease('paging', `l-${String(i).padStart(2, '0')}`, { holderIdentity: `h${i}` }));
    }
    const first = await leases.listNamespacedLease({ namespace: 'paging', limit: 10 });
    assert.equal(first.items.length, 10);
    assert.equal(first.metadata?.remainingItemCount, 15);
    assert.ok(first.metadata?._continue);
    const snapshotRv = first.metadata?.resourceVersion;
    // Changes after the first page do not show up in the later pages.
    server.store.applyLease(lease('paging', 'l-99', {}));
    server.store.applyLease(lease('paging', 'l-20', { holderIdentity: 'changed' }));
    const names = first.items.map((l) => l.metadata?.name);
    let cont: string | undefined = first.metadata?._continue;
    while (cont) {
      const page = await leases.listNamespacedLease({ namespace: 'paging', limit: 10, _continue: cont });
      assert.equal(page.metadata?.resourceVersion, snapshotRv);
      names.push(...page.items.map((l) => l.metadata?.name));
      if (page.items.some((l) => l.metadata?.name === 'l-20')) {
        assert.equal(page.items.find((l) => l.metadata?.name === 'l-20')?.spec?.holderIdentity, 'h20');
      }
      cont = page.metadata?._continue;
    }
    assert.deepEqual(
      names,
      Array.from({ length: 25 }, (_, i) => `l-${String(i).padStart(2, '0')}`),
    );

    server.faults.expireContinueTokens();
    const expired = await statusOf(
      leases.listNamespacedLease({ namespace: 'paging', limit: 10, _continue: first.metadata?._continue ?? '' }),
    );
    assert.equal(expired.code, 410);
    assert.equal(expired.reason, 'Expired');
    assert.match(expired.message ?? '', /^The provided continue parameter is too old to display a consistent list result\./);
    assert.ok(expired.metadata.continue, 'the 410 carries a continue token for an inconsistent continuation');
    const inconsistent = await leases.listNamespacedLease({ namespace: 'paging', limit: 100, _continue: expired.metadata.continue });
    assert.equal(inconsistent.items[0].metadata?.name, 'l-10');
  });

  test('filters by labelSelector and fieldSelector', async () => {
    const ns = 'jobs';
    server.store.applyLease(lease(ns, 'a', {}, { app: 'a', tier: 'web' }));
    server.store.applyLease(lease(ns, 'b', {}, { app: 'b', tier: 'db' }));
    server.store.applyLease(lease(ns, 'c', {}, { app: 'c' }));
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (await leases.listNamespacedLease({ namespace: ns, labelSelector, fieldSelector })).items.map((l) => l.metadata?.name).sort();
    assert.deepEqual(await names('app=a'), ['a']);
    assert.deepEqual(await names('app==b'), ['b']);
    assert.deepEqual(await names('app!=a'), ['b', 'c']);
    assert.deepEqual(await names('app in (a, c)'), ['a', 'c']);
    assert.deepEqual(await names('app notin (a)'), ['b', 'c']);
    assert.deepEqual(await names('tier'), ['a', 'b']);
    assert.deepEqual(await names('!tier'), ['c']);
    assert.deepEqual(await names('tier,app!=b'), ['a']);
    assert.deepEqual(await names(undefined, 'metadata.name=b'), ['b']);
    assert.deepEqual(await names(undefined, 'metadata.name!=b,metadata.namespace=jobs'), ['a', 'c']);
    const allNs = await leases.listLeaseForAllNamespaces({ fieldSelector: 'metadata.namespace=jobs', labelSelector: 'app' });
    assert.deepEqual(allNs.items.map((l) => l.metadata?.name).sort(), ['a', 'b', 'c']);
    const bad = await statusOf(leases.listNamespacedLease({ namespace: ns, fieldSelector: 'spec.holderIdentity=x' }));
    assert.equal(bad.code, 400);
    assert.equal(bad.message, '"spec.holderIdentity" is not a known field selector: only "metadata.name", "metadata.namespace"');
    assert.equal((await statusOf(leases.listNamespacedLease({ namespace: ns, labelSelector: 'app in a' }))).code, 400);
  });

  test('watches: synthetic ADDED, then MODIFIED and DELETED, selector moves, BOOKMARKs', async () => {
    const kc = kubeConfigFor(server);
    server.store.applyLease(lease('watching', 'w1', { holderIdentity: 'one' }, { app: 'x' }));
    const all = await openWatch(kc, '/apis/coordination.k8s.io/v1/namespaces/watching/leases', { allowWatchBookmarks: true });
    const added = await all.events.next(2000, 'ADDED');
    assert.equal(added.type, 'ADDED');
    assert.equal(added.object.kind, 'Lease');
    assert.equal(added.object.apiVersion, 'coordination.k8s.io/v1');

    const list = await leases.listNamespacedLease({ namespace: 'watching' });
    const selected = await openWatch(kc, '/apis/coordination.k8s.io/v1/namespaces/watching/leases', {
      labelSelector: 'app=x',
      resourceVersion: list.metadata?.resourceVersion ?? '',
    });
    const w1 = server.store.getLease('watching', 'w1');
    assert.ok(w1);
    const w1b = server.store.updateLease({ ...w1, spec: { ...w1.spec, holderIdentity: 'two' } });
    server.store.applyLease({ ...w1b, metadata: { ...w1b.metadata, labels: { app: 'y' } } });
    server.store.deleteLease('watching', 'w1');

    const seen: string[] = [];
    for (;;) {
      const e = await all.events.next(2000, 'events on the unfiltered watch');
      if (e.type === 'BOOKMARK') {
        assert.equal(e.object.kind, 'Lease');
        assert.ok(e.object.metadata?.resourceVersion);
        continue;
      }
      seen.push(`${e.type}:${String((e.object.spec as { holderIdentity?: string }).holderIdentity)}`);
      if (e.type === 'DELETED') {
        break;
      }
    }
    assert.deepEqual(seen, ['MODIFIED:two', 'MODIFIED:two', 'DELETED:two']);
    const m = await selected.events.next(2000, 'MODIFIED on the selector watch');
    assert.equal(m.type, 'MODIFIED');
    const gone = await selected.events.next(2000, 'DELETED when the label no longer matches');
    assert.equal(gone.type, 'DELETED');
    assert.equal((gone.object.metadata as { labels?: Record<string, string> }).labels?.app, 'x', 'the last state that matched');
    const bookmark = await (async () => {
      for (;;) {
        const e = await all.events.next(2000, 'a BOOKMARK');
        if (e.type === 'BOOKMARK') {
          return e;
        }
      }
    })();
    assert.equal(bookmark.object.metadata?.resourceVersion, server.store.resourceVersion());
    all.abort();
    selected.abort();
  });

  test('answers a watch from a too-old resourceVersion with HTTP 200 and one 410 ERROR event', async () => {
    const kc = kubeConfigFor(server);
    const old = Number(server.store.resourceVersion());
    server.store.applyLease(lease('watching', 'expire-me', {}));
    server.faults.expireHistory();
    const w = await openWatch(kc, '/apis/coordination.k8s.io/v1/leases', { resourceVersion: String(old) });
    const e = await w.events.next(2000, 'the ERROR event');
    assert.equal(e.type, 'ERROR');
    assert.deepEqual(e.object, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `too old resource version: ${old} (${server.store.resourceVersion()})`,
      reason: 'Expired',
      code: 410,
    });
    assert.equal(await w.done, null);
    const rec = server.requests.filter((r) => r.watch).pop();
    assert.equal(rec?.status, 200);
  });

  test('ends a watch cleanly after timeoutSeconds; streams initial events with sendInitialEvents', async () => {
    const kc = kubeConfigFor(server);
    server.store.applyLease(lease('watching', 'initial', {}));
    const timed = await openWatch(kc, '/apis/coordination.k8s.io/v1/namespaces/watching/leases', {
      resourceVersion: server.store.resourceVersion(),
      timeoutSeconds: 1,
    });
    assert.equal(await within(timed.done, 3000, 'the watch to time out'), null);

    const streamed = await openWatch(kc, '/apis/coordination.k8s.io/v1/namespaces/watching/leases', {
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
      allowWatchBookmarks: true,
    });
    const first = await streamed.events.next(2000, 'the initial ADDED');
    assert.equal(first.type, 'ADDED');
    let e = first;
    while (e.type !== 'BOOKMARK') {
      e = await streamed.events.next(2000, 'the initial-events-end BOOKMARK');
    }
    assert.equal(e.object.metadata?.annotations?.['k8s.io/initial-events-end'], 'true');
    streamed.abort();
  });

  test('answers 401 for unknown tokens and 403 with the real messages', async () => {
    const bad = new KubeConfig();
    bad.loadFromOptions({
      clusters: [{ name: 'c', server: server.url, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'wrong' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    // client-node drops the body of a 401; the raw answer carries the real Status.
    assert.equal((await statusOf(bad.makeApiClient(CoordinationV1Api).listLeaseForAllNamespaces({}))).code, 401);
    const wrong = await fetch(`${server.url}/apis/coordination.k8s.io/v1/leases`, { headers: { Authorization: 'Bearer wrong' } });
    assert.equal(wrong.status, 401);
    assert.deepEqual(await wrong.json(), fixtures.unauthorized);
    const none = await fetch(`${server.url}/apis/coordination.k8s.io/v1/leases`);
    assert.equal(none.status, 401);

    const dev = kubeConfigFor(server, 'dev@example.com').makeApiClient(CoordinationV1Api);
    assert.ok(Array.isArray((await dev.listNamespacedLease({ namespace: 'payments' })).items));
    assert.deepEqual(await statusOf(dev.listNamespacedLease({ namespace: 'kube-system' })), {
      ...(fixtures.forbiddenNamespace as object),
      message:
        'leases.coordination.k8s.io is forbidden: User "dev@example.com" cannot list resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"',
    });
    assert.deepEqual(await statusOf(dev.listLeaseForAllNamespaces({})), fixtures.forbiddenClusterScope);
    const write = await statusOf(dev.createNamespacedLease({ namespace: 'payments', body: lease('payments', 'x') }));
    assert.equal(
      write.message,
      'leases.coordination.k8s.io is forbidden: User "dev@example.com" cannot create resource "leases" in API group "coordination.k8s.io" in the namespace "payments"',
    );
    const readOnlyAdmin = kubeConfigFor(server, 'reader').makeApiClient(CoordinationV1Api);
    assert.equal((await statusOf(readOnlyAdmin.deleteNamespacedLease({ namespace: 'payments', name: 'x' }))).code, 403);
    assert.ok(Array.isArray((await readOnlyAdmin.listLeaseForAllNamespaces({})).items));

    const devWatch = await fetch(
      `${server.url}/apis/coordination.k8s.io/v1/namespaces/kube-system/leases?watch=true&fieldSelector=metadata.name%3Dkube-scheduler`,
      {
        headers: { Authorization: 'Bearer dev-token' },
      },
    );
    assert.equal(devWatch.status, 403);
    assert.equal(
      ((await devWatch.json()) as { message: string }).message,
      'leases.coordination.k8s.io "kube-scheduler" is forbidden: User "dev@example.com" cannot watch resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"',
    );
  });

  test('lists Events with field selectors, and rejects unsupported field labels', async () => {
    const base = { reason: 'LeaderElection', source: { component: 'default-scheduler' }, reportingComponent: 'default-scheduler' };
    server.store.createEvent({
      ...base,
      involvedObject: { kind: 'Lease', namespace: 'kube-system', name: 'kube-scheduler', apiVersion: 'coordination.k8s.io/v1' },
      message: 'cp-node-2_1 became leader',
    });
    server.store.createEvent({
      ...base,
      involvedObject: { kind: 'Lease', namespace: 'kube-system', name: 'kube-controller-manager' },
      message: 'cp-node-1_2 became leader',
    });
    await core.createNamespacedEvent({
      namespace: 'kube-system',
      body: {
        metadata: { name: 'kube-scheduler.187a1b1f0e2d3c4b', namespace: 'kube-system' },
        involvedObject: { kind: 'Lease', namespace: 'kube-system', name: 'kube-scheduler' },
        reason: 'LeaderElection',
        message: 'cp-node-1_0 stopped leading',
        type: 'Normal',
        source: { component: 'default-scheduler' },
      },
    });
    server.store.createEvent({
      involvedObject: { kind: 'Pod', namespace: 'kube-system', name: 'kube-scheduler' },
      reason: 'Started',
      type: 'Normal',
    });

    const sel = 'involvedObject.kind=Lease,involvedObject.name=kube-scheduler';
    const list = await core.listNamespacedEvent({ namespace: 'kube-system', fieldSelector: sel });
    assert.deepEqual(list.items.map((e) => e.message).sort(), ['cp-node-1_0 stopped leading', 'cp-node-2_1 became leader']);
    assert.equal(list.items[0].eventTime, null);
    const notLeases = await core.listEventForAllNamespaces({ fieldSelector: 'involvedObject.kind!=Lease' });
    assert.deepEqual(
      notLeases.items.map((e) => e.reason),
      ['Started'],
    );
    const byReason = await core.listNamespacedEvent({ namespace: 'kube-system', fieldSelector: 'reason=LeaderElection,type=Normal' });
    assert.equal(byReason.items.length, 3);

    assert.deepEqual(
      await statusOf(core.listNamespacedEvent({ namespace: 'kube-system', fieldSelector: 'involvedObject.color=blue' })),
      fixtures.badFieldLabel,
    );

    const v1 = kubeConfigFor(server).makeApiClient(EventsV1Api);
    const regarding = await v1.listNamespacedEvent({
      namespace: 'kube-system',
      fieldSelector: 'regarding.kind=Lease,regarding.name=kube-scheduler',
    });
    assert.deepEqual(regarding.items.map((e) => e.note).sort(), ['cp-node-1_0 stopped leading', 'cp-node-2_1 became leader']);
    assert.equal(regarding.items[0].regarding?.kind, 'Lease');
    assert.equal(regarding.items[0].deprecatedSource?.component, 'default-scheduler');

    const ew = await openWatch(kubeConfigFor(server), '/api/v1/namespaces/kube-system/events', {
      fieldSelector: sel,
      resourceVersion: list.metadata?.resourceVersion ?? '',
    });
    server.store.createEvent({
      ...base,
      involvedObject: { kind: 'Lease', namespace: 'kube-system', name: 'kube-scheduler' },
      message: 'cp-node-3_9 became leader',
    });
    server.store.createEvent({
      ...base,
      involvedObject: { kind: 'Lease', namespace: 'kube-system', name: 'other' },
      message: 'not for this watch',
    });
    server.store.createEvent({
      ...base,
      involvedObject: { kind: 'Lease', namespace: 'kube-system', name: 'kube-scheduler' },
      message: 'cp-node-3_9 stopped leading',
    });
    assert.equal((await ew.events.next(2000, 'first event')).object.message, 'cp-node-3_9 became leader');
    assert.equal((await ew.events.next(2000, 'second event')).object.message, 'cp-node-3_9 stopped leading');
    ew.abort();
  });
});
