// LeaseCandidates (coordinated leader election, coordination.k8s.io v1beta1 and v1alpha2) on the
// local API server through @kubernetes/client-node, and a server started without some resources
// (withoutResources): 404 and no discovery entry, as on a cluster that does not serve them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CoordinationV1alpha2Api,
  CoordinationV1beta1Api,
  CoreV1Api,
  V1MicroTime,
  type V1beta1LeaseCandidate,
} from '@kubernetes/client-node';
import { type ApiServer, microTime, startApiServer } from '../../../demo/apiserver/index';
import { getWithAccept, kubeConfigFor, openWatch, statusOf } from './testkit';

function candidate(name: string, binaryVersion: string, emulationVersion: string): V1beta1LeaseCandidate {
  const now = new V1MicroTime();
  return {
    metadata: { name, namespace: 'kube-system' },
    spec: {
      leaseName: 'demo-coordinated',
      binaryVersion,
      emulationVersion,
      strategy: 'OldestEmulationVersion',
      renewTime: now,
      pingTime: now,
    },
  };
}

describe('local API server: LeaseCandidates', () => {
  let server: ApiServer;
  let beta: CoordinationV1beta1Api;
  let alpha: CoordinationV1alpha2Api;

  before(async () => {
    server = await startApiServer();
    const kc = kubeConfigFor(server);
    beta = kc.makeApiClient(CoordinationV1beta1Api);
    alpha = kc.makeApiClient(CoordinationV1alpha2Api);
  });
  after(() => server.close());

  test('lists leasecandidates in v1beta1 and v1alpha2 discovery, both under coordination.k8s.io', async () => {
    const group = await getWithAccept(server, '/apis/coordination.k8s.io');
    assert.deepEqual(
      (group.body.versions as { version: string }[]).map((v) => v.version),
      ['v1', 'v1beta1', 'v1alpha2'],
    );
    assert.deepEqual(group.body.preferredVersion, { groupVersion: 'coordination.k8s.io/v1', version: 'v1' });
    const all = await getWithAccept(server, '/apis');
    const coord = (all.body.groups as { name: string; versions: { version: string }[] }[]).find((g) => g.name === 'coordination.k8s.io');
    assert.deepEqual(
      coord?.versions.map((v) => v.version),
      ['v1', 'v1beta1', 'v1alpha2'],
    );
    for (const v of ['v1beta1', 'v1alpha2']) {
      const list = await getWithAccept(server, `/apis/coordination.k8s.io/${v}`);
      assert.deepEqual(
        (list.body.resources as { name: string; kind: string; namespaced: boolean }[]).map((r) => [r.name, r.kind, r.namespaced]),
        [['leasecandidates', 'LeaseCandidate', true]],
        v,
      );
    }
  });

  test('creates, reads (in either version), renews and deletes LeaseCandidates with MicroTimes', async () => {
    const created = await beta.createNamespacedLeaseCandidate({
      namespace: 'kube-system',
      body: candidate('demo-coordinated-a', '1.33.0', '1.32.0'),
    });
    assert.equal(created.kind, 'LeaseCandidate');
    assert.equal(created.apiVersion, 'coordination.k8s.io/v1beta1');
    assert.match(String(created.spec?.renewTime), /\.\d{6}Z$/);
    const viaAlpha = await alpha.readNamespacedLeaseCandidate({ namespace: 'kube-system', name: 'demo-coordinated-a' });
    assert.equal(viaAlpha.apiVersion, 'coordination.k8s.io/v1alpha2');
    assert.equal(viaAlpha.spec?.binaryVersion, '1.33.0');
    assert.equal(viaAlpha.spec?.emulationVersion, '1.32.0');
    assert.equal(viaAlpha.spec?.strategy, 'OldestEmulationVersion');

    const w = await openWatch(kubeConfigFor(server), '/apis/coordination.k8s.io/v1beta1/namespaces/kube-system/leasecandidates', {
      resourceVersion: created.metadata?.resourceVersion ?? '',
    });
    try {
      const renewed = await beta.replaceNamespacedLeaseCandidate({
        namespace: 'kube-system',
        name: 'demo-coordinated-a',
        body: { ...created, spec: { ...created.spec!, renewTime: new V1MicroTime(Date.now() + 1000) } },
      });
      const e = await w.events.next(3000, 'the renewal');
      assert.equal(e.type, 'MODIFIED');
      assert.equal(e.object.kind, 'LeaseCandidate');
      assert.equal(e.object.metadata?.resourceVersion, renewed.metadata?.resourceVersion);
    } finally {
      w.abort();
    }
    const stale = await statusOf(
      beta.replaceNamespacedLeaseCandidate({ namespace: 'kube-system', name: 'demo-coordinated-a', body: created }),
    );
    assert.equal(stale.code, 409);
    await beta.deleteNamespacedLeaseCandidate({ namespace: 'kube-system', name: 'demo-coordinated-a' });
    assert.equal((await alpha.listNamespacedLeaseCandidate({ namespace: 'kube-system' })).items.length, 0);
  });

  test('rejects what the real server rejects: other MicroTime precisions (400), missing required fields (422)', async () => {
    const raw = (spec: Record<string, unknown>) =>
      fetch(`${server.url}/apis/coordination.k8s.io/v1beta1/namespaces/kube-system/leasecandidates`, {
        method: 'POST',
        headers: { Authorization: 'Bearer admin-token', 'Content-Type': 'application/json' },
        body: JSON.stringify({ metadata: { name: 'x' }, spec }),
      });
    const millis = await raw({
      leaseName: 'l',
      binaryVersion: '1.33.0',
      strategy: 'OldestEmulationVersion',
      emulationVersion: '1.33.0',
      renewTime: '2026-01-01T00:00:00.123Z',
    });
    assert.equal(millis.status, 400);
    const missing = await raw({ leaseName: 'l' });
    assert.equal(missing.status, 422);
    const body = (await missing.json()) as { message: string };
    assert.match(body.message, /spec\.binaryVersion: Required value/);
    assert.match(body.message, /spec\.strategy: Required value/);
  });

  test('in-process candidates (applyLeaseCandidate) list across namespaces, with field selectors', async () => {
    server.store.applyLeaseCandidate({
      metadata: { name: 'cand-1', namespace: 'kube-system' },
      spec: {
        leaseName: 'demo-coordinated',
        binaryVersion: '1.34.0',
        emulationVersion: '1.33.0',
        strategy: 'OldestEmulationVersion',
        renewTime: microTime(),
      },
    });
    const list = await beta.listLeaseCandidateForAllNamespaces({ fieldSelector: 'metadata.name=cand-1' });
    assert.deepEqual(
      list.items.map((c) => [c.metadata?.namespace, c.spec?.leaseName]),
      [['kube-system', 'demo-coordinated']],
    );
  });
});

describe('local API server without some resources (withoutResources)', () => {
  let server: ApiServer;

  before(async () => {
    server = await startApiServer({ withoutResources: ['leasecandidates', 'configmaps', 'v1/endpoints'] });
  });
  after(() => server.close());

  test('answers 404 for them and leaves them out of discovery', async () => {
    const group = await getWithAccept(server, '/apis/coordination.k8s.io');
    assert.deepEqual(
      (group.body.versions as { version: string }[]).map((v) => v.version),
      ['v1'],
    );
    for (const path of ['/apis/coordination.k8s.io/v1beta1', '/apis/coordination.k8s.io/v1alpha2']) {
      const r = await getWithAccept(server, path);
      assert.deepEqual([r.status, r.body.text], [404, '404 page not found\n'], path);
    }
    const core = (await getWithAccept(server, '/api/v1')).body.resources as { name: string }[];
    assert.ok(!core.some((r) => r.name === 'configmaps' || r.name === 'endpoints'));
    assert.ok(core.some((r) => r.name === 'pods'));
    for (const path of [
      '/apis/coordination.k8s.io/v1beta1/leasecandidates',
      '/apis/coordination.k8s.io/v1alpha2/namespaces/kube-system/leasecandidates',
      '/api/v1/configmaps',
      '/api/v1/namespaces/default/endpoints?watch=true',
    ]) {
      const r = await getWithAccept(server, path);
      assert.equal(r.status, 404, path);
      assert.equal(r.body.reason, 'NotFound', path);
    }
    const cm = await statusOf(kubeConfigFor(server).makeApiClient(CoreV1Api).listNamespacedConfigMap({ namespace: 'default' }));
    assert.equal(cm.code, 404);
    // What is served still works.
    assert.equal((await getWithAccept(server, '/apis/coordination.k8s.io/v1/leases')).status, 200);
  });

  test('a single version can be left out: coordination.k8s.io/v1alpha2/leasecandidates', async () => {
    const only = await startApiServer({ withoutResources: ['coordination.k8s.io/v1alpha2/leasecandidates'] });
    try {
      const group = await getWithAccept(only, '/apis/coordination.k8s.io');
      assert.deepEqual(
        (group.body.versions as { version: string }[]).map((v) => v.version),
        ['v1', 'v1beta1'],
      );
      assert.equal((await getWithAccept(only, '/apis/coordination.k8s.io/v1beta1/leasecandidates')).status, 200);
      assert.equal((await getWithAccept(only, '/apis/coordination.k8s.io/v1alpha2/leasecandidates')).status, 404);
    } finally {
      await only.close();
    }
  });
});
