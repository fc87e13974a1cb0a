// ConfigMaps and Endpoints on the local API server, through @kubernetes/client-node: CRUD with the
// real concurrency rules, selectors, pagination, watches and discovery — what the old leader
// election locks (client-go's ConfigMapLock and EndpointsLock) and the Lease server use.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { type ApiServer, startApiServer } from '../../../demo/apiserver/index';
import { getWithAccept, kubeConfigFor, openWatch, statusOf } from './testkit';

const leaderKey = 'control-plane.alpha.kubernetes.io/leader';

function configMap(namespace: string, name: string, extra: Partial<V1ConfigMap> = {}): V1ConfigMap {
  return { metadata: { name, namespace, ...(extra.metadata ?? {}) }, data: extra.data };
}

describe('local API server: ConfigMaps and Endpoints', () => {
  let server: ApiServer;
  let core: CoreV1Api;

  before(async () => {
    server = await startApiServer({ bookmarkIntervalMs: 50 });
    core = kubeConfigFor(server).makeApiClient(CoreV1Api);
    for (const ns of ['argocd', 'paging', 'watching', 'legacy']) {
      server.store.ensureNamespace(ns);
    }
  });
  after(() => server.close());

  test('lists configmaps and endpoints in /api/v1 discovery with their short names', async () => {
    const { body } = await getWithAccept(server, '/api/v1');
    const resources = body.resources as { name: string; kind: string; namespaced: boolean; shortNames?: string[]; verbs: string[] }[];
    const cm = resources.find((r) => r.name === 'configmaps');
    const ep = resources.find((r) => r.name === 'endpoints');
    assert.deepEqual([cm?.kind, cm?.namespaced, cm?.shortNames], ['ConfigMap', true, ['cm']]);
    assert.deepEqual([ep?.kind, ep?.namespaced, ep?.shortNames], ['Endpoints', true, ['ep']]);
    for (const verb of ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']) {
      assert.ok(cm?.verbs.includes(verb), verb);
      assert.ok(ep?.verbs.includes(verb), verb);
    }
  });

  test('creates, reads, updates (409 on a stale resourceVersion), patches and deletes ConfigMaps', async () => {
    const record = JSON.stringify({ holderIdentity: 'argocd-0', leaseDurationSeconds: 15 });
    const created = await core.createNamespacedConfigMap({
      namespace: 'argocd',
      body: configMap('argocd', 'argocd-application-controller', { metadata: { annotations: { [leaderKey]: record } } }),
    });
    assert.equal(created.kind, 'ConfigMap');
    assert.equal(created.apiVersion, 'v1');
    assert.equal(created.metadata?.annotations?.[leaderKey], record);
    const got = await core.readNamespacedConfigMap({ namespace: 'argocd', name: 'argocd-application-controller' });
    assert.equal(got.metadata?.resourceVersion, created.metadata?.resourceVersion);

    const dup = await statusOf(
      core.createNamespacedConfigMap({ namespace: 'argocd', body: configMap('argocd', 'argocd-application-controller') }),
    );
    assert.equal(dup.code, 409);
    assert.equal(dup.message, 'configmaps "argocd-application-controller" already exists');

    const next = JSON.stringify({ holderIdentity: 'argocd-1', leaseDurationSeconds: 15 });
    const updated = await core.replaceNamespacedConfigMap({
      namespace: 'argocd',
      name: 'argocd-application-controller',
      body: { ...got, metadata: { ...got.metadata, annotations: { [leaderKey]: next } } },
    });
    assert.ok(Number(updated.metadata?.resourceVersion) > Number(got.metadata?.resourceVersion));
    const stale = await statusOf(
      core.replaceNamespacedConfigMap({ namespace: 'argocd', name: 'argocd-application-controller', body: got }),
    );
    assert.equal(stale.code, 409);
    assert.equal(stale.reason, 'Conflict');

    // PUT without a resourceVersion overwrites (ConfigMaps allow unconditional updates); PUT of a missing one is 404.
    const { resourceVersion: _rv, ...noRv } = updated.metadata ?? {};
    const forced = await core.replaceNamespacedConfigMap({
      namespace: 'argocd',
      name: 'argocd-application-controller',
      body: { metadata: noRv, data: { k: 'v' } },
    });
    assert.deepEqual(forced.data, { k: 'v' });
    const missing = await statusOf(
      core.replaceNamespacedConfigMap({ namespace: 'argocd', name: 'nope', body: configMap('argocd', 'nope') }),
    );
    assert.equal(missing.code, 404);

    const patched = await fetch(`${server.url}/api/v1/namespaces/argocd/configmaps/argocd-application-controller`, {
      method: 'PATCH',
      headers: { Authorization: 'Bearer admin-token', 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { annotations: { [leaderKey]: next } } }),
    });
    assert.equal(patched.status, 200);
    assert.equal(((await patched.json()) as V1ConfigMap).metadata?.annotations?.[leaderKey], next);

    const bad = await fetch(`${server.url}/api/v1/namespaces/argocd/configmaps`, {
      method: 'POST',
      headers: { Authorization: 'Bearer admin-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'bad' }, data: { n: 1 } }),
    });
    assert.equal(bad.status, 400);

    await core.deleteNamespacedConfigMap({ namespace: 'argocd', name: 'argocd-application-controller' });
    assert.equal((await core.listNamespacedConfigMap({ namespace: 'argocd' })).items.length, 0);
  });

  test('filters by label and field selectors, and pages lists with limit/continue', async () => {
    for (let i = 0; i < 7; i++) {
      server.store.applyConfigMap({
        metadata: { name: `cm-${i}`, namespace: 'paging', labels: { lock: i % 2 === 0 ? 'yes' : 'no' } },
        data: { i: String(i) },
      });
    }
    const byLabel = await core.listNamespacedConfigMap({ namespace: 'paging', labelSelector: 'lock=yes' });
    assert.deepEqual(
      byLabel.items.map((c) => c.metadata?.name),
      ['cm-0', 'cm-2', 'cm-4', 'cm-6'],
    );
    const byName = await core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.name=cm-3' });
    assert.deepEqual(
      byName.items.map((c) => `${c.metadata?.namespace}/${c.metadata?.name}`),
      ['paging/cm-3'],
    );
    const byNs = await core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.namespace=paging' });
    assert.equal(byNs.items.length, 7);
    const unsupported = await statusOf(core.listNamespacedConfigMap({ namespace: 'paging', fieldSelector: 'data.i=1' }));
    assert.equal(unsupported.code, 400);
    assert.equal(unsupported.message, '"data.i" is not a known field selector: only "metadata.name", "metadata.namespace"');

    const first = await core.listNamespacedConfigMap({ namespace: 'paging', limit: 3 });
    assert.equal(first.items.length, 3);
    assert.equal(first.metadata?.remainingItemCount, 4);
    server.store.applyConfigMap({ metadata: { name: 'cm-9', namespace: 'paging' } }); // not in the snapshot
    const rest = await core.listNamespacedConfigMap({ namespace: 'paging', limit: 10, _continue: first.metadata?._continue });
    assert.deepEqual(
      [...first.items, ...rest.items].map((c) => c.metadata?.name),
      ['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5', 'cm-6'],
    );
    assert.equal(rest.metadata?.resourceVersion, first.metadata?.resourceVersion);
  });

  test('watches ConfigMaps: ADDED, MODIFIED, DELETED, from a resourceVersion, with BOOKMARKs', async () => {
    const listed = await core.listNamespacedConfigMap({ namespace: 'watching' });
    const w = await openWatch(kubeConfigFor(server), '/api/v1/namespaces/watching/configmaps', {
      resourceVersion: listed.metadata?.resourceVersion ?? '',
      allowWatchBookmarks: true,
    });
    try {
      server.store.applyConfigMap({ metadata: { name: 'lock', namespace: 'watching' }, data: { a: '1' } });
      server.store.applyConfigMap({
        metadata: { name: 'lock', namespace: 'watching', annotations: { [leaderKey]: '{}' } },
        data: { a: '1' },
      });
      server.store.deleteObject('configmaps', 'watching', 'lock');
      const seen: string[] = [];
      while (seen.filter((t) => t !== 'BOOKMARK').length < 3 || !seen.includes('BOOKMARK')) {
        const e = await w.events.next(3000, 'a ConfigMap watch event');
        seen.push(e.type);
        if (e.type !== 'BOOKMARK') {
          assert.equal(e.object.kind, 'ConfigMap');
          assert.equal(e.object.apiVersion, 'v1');
        }
      }
      assert.deepEqual(
        seen.filter((t) => t !== 'BOOKMARK'),
        ['ADDED', 'MODIFIED', 'DELETED'],
      );
    } finally {
      w.abort();
    }
  });

  test('serves Endpoints: PUT of a missing one creates it, lists, watches and prints a Table', async () => {
    const created = await core.replaceNamespacedEndpoints({
      namespace: 'legacy',
      name: 'old-endpoints-controller',
      body: {
        metadata: { name: 'old-endpoints-controller', namespace: 'legacy', annotations: { [leaderKey]: '{"holderIdentity":"a"}' } },
        subsets: [{ addresses: [{ ip: '10.0.0.7' }], ports: [{ port: 8080 }] }],
      },
    });
    assert.equal(created.kind, 'Endpoints');
    const w = await openWatch(kubeConfigFor(server), '/api/v1/namespaces/legacy/endpoints', {});
    try {
      const added = await w.events.next(3000, 'the synthetic ADDED');
      assert.deepEqual([added.type, added.object.kind, added.object.metadata?.name], ['ADDED', 'Endpoints', 'old-endpoints-controller']);
      await core.replaceNamespacedEndpoints({
        namespace: 'legacy',
        name: 'old-endpoints-controller',
        body: { ...created, metadata: { ...created.metadata, annotations: { [leaderKey]: '{"holderIdentity":"b"}' } } },
      });
      const modified = await w.events.next(3000, 'the MODIFIED');
      assert.equal(modified.type, 'MODIFIED');
      assert.equal(modified.object.metadata?.annotations?.[leaderKey], '{"holderIdentity":"b"}');
    } finally {
      w.abort();
    }
    const list = await core.listNamespacedEndpoints({ namespace: 'legacy' });
    assert.deepEqual(
      list.items.map((e) => e.metadata?.name),
      ['old-endpoints-controller'],
    );
    const table = await getWithAccept(
      server,
      '/api/v1/namespaces/legacy/endpoints',
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    );
    const rows = table.body.rows as { cells: unknown[] }[];
    assert.deepEqual(rows[0].cells.slice(0, 2), ['old-endpoints-controller', '10.0.0.7:8080']);
    const cmTable = await getWithAccept(
      server,
      '/api/v1/namespaces/paging/configmaps?fieldSelector=metadata.name%3Dcm-1',
      'application/json;as=Table;v=v1;g=meta.k8s.io',
    );
    assert.deepEqual((cmTable.body.rows as { cells: unknown[] }[])[0].cells.slice(0, 2), ['cm-1', 1]);
  });
});
