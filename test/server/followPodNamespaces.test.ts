// Candidate pods in another namespace than the Lease's, through the real server process: the
// namespaces of leaseLens.podNamespaces, and a search by name for the holder's pod in the namespaces
// the user may list (or, when listing them is forbidden, those of the settings), bounded to 50.
// Logs, metrics and timing then come from the pods' own namespace; the message says where and why, or which
// namespaces were tried.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { leaseKey, type FollowSnapshot, type LeaseKey } from '../../src/shared/types';
import { leaseObject, podObject } from '../support/builders';
import { writeKubeconfig } from '../support/kubeconfig';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { waitFor } from '../../harness/waiting';

const UUID = '6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f';
const users = [
  { name: 'viewer', token: 'viewer-token', admin: true, write: false },
  // May read only these namespaces, and may not list namespaces.
  { name: 'narrow', token: 'narrow-token', namespaces: ['apps', 'team-b'] },
];
/** Namespaces beyond the search's bound of 50 (sorted after the others, which are searched first). */
const BULK = 55;

function withArgs(pod: Record<string, unknown>, args: string[]): Record<string, unknown> {
  const spec = pod.spec as { containers: { name: string }[] };
  return { ...pod, spec: { ...spec, containers: spec.containers.map((c) => ({ ...c, image: 'ctrl:1', args })) } };
}

describe('following a Lease whose candidate pods live in another namespace', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;

  before(async () => {
    api = await startApiServer({ users });
    for (const ns of ['apps', 'far', 'ext-system', 'team-b']) {
      api.store.ensureNamespace(ns);
    }
    for (let i = 0; i < BULK; i++) {
      api.store.ensureNamespace(`zz-bulk-${String(i).padStart(2, '0')}`);
    }
    api.store.upsertPod(podObject({ namespace: 'apps', name: 'unrelated-0' }));
    // Found by name elsewhere: a StatefulSet in "far", whose pods run with their own flags.
    const far = { kind: 'StatefulSet', name: 'far-ctrl', uid: 'ss-far' };
    for (const name of ['far-ctrl-0', 'far-ctrl-1']) {
      const pod = withArgs(podObject({ namespace: 'far', name, owner: far }), ['--leader-elect-retry-period=3s']);
      const metadata = { ...(pod.metadata as Record<string, unknown>), annotations: { 'prometheus.io/port': '9090' } };
      api.store.upsertPod({ ...pod, metadata });
    }
    api.store.proxies.register('far', 'far-ctrl-0', 9090, () => ({
      status: 200,
      body: '# TYPE leader_election_master_status gauge\nleader_election_master_status{name="far-lock"} 1\n',
    }));
    api.store.appendLog(
      'far',
      'far-ctrl-0',
      'manager',
      'I0101 00:00:01.000000       1 leaderelection.go:268] successfully acquired lease apps/far-lock',
    );
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'far-lock', holder: `far-ctrl-0_${UUID}` }));
    // Named by leaseLens.podNamespaces.
    const ext = { kind: 'ReplicaSet', name: 'ext-ctrl-7d9f8c6b5', uid: 'rs-ext' };
    for (const name of ['ext-ctrl-7d9f8c6b5-abcde', 'ext-ctrl-7d9f8c6b5-fghij']) {
      api.store.upsertPod({
        ...podObject({ namespace: 'ext-system', name, owner: ext }),
        metadata: {
          name,
          namespace: 'ext-system',
          labels: { 'pod-template-hash': '7d9f8c6b5' },
          ownerReferences: [{ apiVersion: 'apps/v1', ...ext, controller: true }],
        },
      });
    }
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'ext-lock', holder: `ext-ctrl-7d9f8c6b5-fghij_${UUID}` }));
    // For the user who may not list namespaces: found in a namespace of leaseLens.namespaces.
    api.store.upsertPod(podObject({ namespace: 'team-b', name: 'team-ctrl-0' }));
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'team-lock', holder: `team-ctrl-0_${UUID}` }));
    // Nowhere.
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'ghost-lock', holder: `ghost-7_${UUID}` }));
    const kubeconfig = writeKubeconfig(
      api.kubeconfig({
        contexts: [
          { name: 'demo', user: 'viewer' },
          { name: 'narrow', user: 'narrow', namespace: 'apps' },
        ],
        current: 'demo',
      }),
    );
    server = await startLeaseServer({
      env: { KUBECONFIG: kubeconfig },
      settings: { namespaces: ['team-b'], podNamespaces: { 'apps/ext-lock': 'ext-system, not a namespace!' } },
    });
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  async function settled(key: LeaseKey): Promise<FollowSnapshot> {
    await server.follow(key);
    return server.waitFor(`the pods of ${key}`, () => {
      const s = server.follows.get(key);
      return s?.podResolution === 'found' || s?.podResolution === 'none' || s?.podResolution === 'error' ? s : undefined;
    });
  }

  test('automatic: the holder’s pod found by name in another namespace; its replicas, logs and flags from there', async () => {
    const key = leaseKey('demo', 'apps', 'far-lock');
    const snap = await settled(key);
    assert.equal(snap.podResolution, 'found', snap.podMessage);
    assert.deepEqual(
      snap.pods.map((p) => [p.namespace, p.name, p.holder]),
      [
        ['far', 'far-ctrl-0', true],
        ['far', 'far-ctrl-1', false],
      ],
    );
    assert.equal(
      snap.podMessage,
      'The holder’s pod far-ctrl-0 and its replicas are in namespace far: no pod in apps matched the holder, so Lease Lens looked for a pod named far-ctrl-0 in the namespaces you may list and found it there.',
    );
    const logged = await server.waitFor('the holder’s log line', () =>
      server.follows.get(key)?.logs.find((l) => l.pod === 'far-ctrl-0' && l.signal === 'acquired'),
    );
    assert.match(logged.text, /successfully acquired lease apps\/far-lock/);
    const timing = await server.waitFor('the timing from the pods’ flags', () => server.follows.get(key)?.timing);
    assert.deepEqual(timing.retryPeriod, { ms: 3000, source: timing.retryPeriod.source });
    assert.notEqual(timing.retryPeriod.source, 'default');
    const metrics = await server.waitFor('the holder’s metrics through the pod proxy', () =>
      server.follows.get(key)?.podMetrics?.find((m) => m.pod === 'far-ctrl-0' && m.masterStatus !== undefined),
    );
    assert.equal(metrics.masterStatus, 1);
    // Only GETs, pods searched by name with a field selector; the log read in the pod's own namespace.
    const mine = api.requests.filter((r) => r.user === 'viewer');
    assert.ok(mine.every((r) => r.method === 'GET'));
    assert.ok(mine.some((r) => r.path === '/api/v1/namespaces/far/pods' && r.query.includes('fieldSelector=metadata.name%3Dfar-ctrl-0')));
    assert.ok(mine.some((r) => r.path === '/api/v1/namespaces/far/pods/far-ctrl-0/log'));
  });

  test('leaseLens.podNamespaces: the candidates from the namespace it names, and the message says so', async () => {
    const key = leaseKey('demo', 'apps', 'ext-lock');
    const before = api.requests.length;
    const snap = await settled(key);
    assert.equal(snap.podResolution, 'found', snap.podMessage);
    assert.deepEqual(
      snap.pods.map((p) => [p.namespace, p.name, p.holder]),
      [
        ['ext-system', 'ext-ctrl-7d9f8c6b5-fghij', true],
        ['ext-system', 'ext-ctrl-7d9f8c6b5-abcde', false],
      ],
    );
    assert.equal(
      snap.podMessage,
      'The holder’s pod ext-ctrl-7d9f8c6b5-fghij and its replicas are in namespace ext-system, which leaseLens.podNamespaces["apps/ext-lock"] names.',
    );
    // The setting's namespace is watched (the watch follows the list the snapshot came from); no search by name was needed.
    await waitFor(
      'the watch of the pods in ext-system',
      () => api.requests.slice(before).some((r) => r.path === '/api/v1/namespaces/ext-system/pods' && r.watch),
      10_000,
    );
    assert.ok(!api.requests.slice(before).some((r) => r.path === '/api/v1/namespaces'));
  });

  test('a user who may not list namespaces: the namespaces of the settings are searched', async () => {
    const key = leaseKey('narrow', 'apps', 'team-lock');
    const snap = await settled(key);
    assert.equal(snap.podResolution, 'found', snap.podMessage);
    assert.deepEqual(
      snap.pods.map((p) => [p.namespace, p.name, p.holder]),
      [['team-b', 'team-ctrl-0', true]],
    );
    assert.match(snap.podMessage ?? '', /looked for a pod named team-ctrl-0 in the namespaces of the settings and found it there\.$/);
  });

  test('nowhere: at most 50 namespaces searched, and the message names the namespaces tried', async () => {
    const key = leaseKey('demo', 'apps', 'ghost-lock');
    const before = api.requests.length;
    const snap = await settled(key);
    assert.equal(snap.podResolution, 'none');
    const searched = api.requests.slice(before).filter((r) => r.query.includes('fieldSelector=metadata.name%3Dghost-7'));
    // The namespaces besides apps: default, kube-system, far, ext-system, team-b, 55 bulk ones; 50 of them searched.
    assert.equal(searched.length, 50);
    assert.ok(!searched.some((r) => r.path === '/api/v1/namespaces/apps/pods'));
    assert.match(
      snap.podMessage ?? '',
      /^No pod found for holder "ghost-7" in apps\. Tried: pod named ghost-7; .*; pod named ghost-7 in the other namespaces you may list: default, ext-system, far, .*, zz-bulk-\d\d and \d+ more\. To choose the pods/,
    );
    const more = Number(/ and (\d+) more\./.exec(snap.podMessage ?? '')?.[1]);
    const total = api.store.listNamespaces().filter((n) => !['apps', 'kube-node-lease'].includes(n.metadata.name ?? '')).length;
    assert.equal(more + 12, total);
  });
});
