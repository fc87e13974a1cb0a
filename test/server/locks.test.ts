// Election records that are not Leases (issue 17), through the real Lease server and local API
// servers: ConfigMap and Endpoints locks, migration locks, leader-for-life, LeaseCandidates,
// discovery of what a server serves, metadata-only ConfigMap requests and lockKinds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { leaderAnnotation, leaseKey } from '../../src/shared/types';
import { leaseStatus } from '../../src/core/leaseStatus';
import { leaseObject, microTime, podObject } from '../support/builders';
import { writeKubeconfig } from '../support/kubeconfig';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { waitFor } from '../../harness/waiting';
import { Health, Leases } from '../../src/shared/protocol';

const users = [
  { name: 'admin', token: 'admin-token', admin: true, write: true },
  { name: 'dev', token: 'dev-token', namespaces: ['ingress'] },
];

/** client-go's LeaderElectionRecord as the ConfigMap/Endpoints locks write it (RFC 3339 seconds). */
function record(holder: string, renewMs = Date.now(), opts: { duration?: number; transitions?: number } = {}): string {
  const rfc = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return JSON.stringify({
    holderIdentity: holder,
    leaseDurationSeconds: opts.duration ?? 30,
    acquireTime: rfc(renewMs - 60_000),
    renewTime: rfc(renewMs),
    leaderTransitions: opts.transitions ?? 2,
  });
}

function lockObject(
  kind: 'ConfigMap' | 'Endpoints',
  namespace: string,
  name: string,
  annotation?: string,
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'v1',
    kind,
    metadata: { name, namespace, annotations: annotation ? { [leaderAnnotation]: annotation } : {} },
    ...extra,
  };
}

const bigData = { 'config.yaml': 'x'.repeat(50 * 1024) };

function candidate(version: 'v1beta1' | 'v1alpha2', name: string, leaseName: string, emulationVersion: string) {
  const now = microTime(Date.now());
  return {
    apiVersion: `coordination.k8s.io/${version}`,
    kind: 'LeaseCandidate',
    metadata: { name, namespace: 'kube-system' },
    spec: { leaseName, binaryVersion: '1.36.0', emulationVersion, strategy: 'OldestEmulationVersion', pingTime: now, renewTime: now },
  };
}

describe('lock kinds besides Leases', () => {
  let full: ApiServer;
  let alpha: ApiServer;
  let bare: ApiServer;
  let server: LeaseServerProcess;

  before(async () => {
    full = await startApiServer({ users });
    alpha = await startApiServer({ users, withoutResources: ['coordination.k8s.io/v1beta1/leasecandidates'] });
    bare = await startApiServer({ users, withoutResources: ['configmaps', 'endpoints', 'leasecandidates'] });

    full.store.applyConfigMap(
      lockObject('ConfigMap', 'ingress', 'ingress-controller-leader', record('ingress-7d9f_4b1c'), { data: bigData }),
    );
    full.store.applyEndpoints(lockObject('Endpoints', 'legacy', 'old-controller', record('old-controller-0_9c2a')));
    // Leadership Events recorded on an Endpoints lock before the watch seed its health record.
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    for (const [holder, ago] of [
      ['a-holder_1', 60],
      ['c-holder_3', 1],
    ] as const) {
      full.store.createEvent({
        involvedObject: { kind: 'Endpoints', namespace: 'legacy', name: 'seeded', apiVersion: 'v1' },
        reason: 'LeaderElection',
        message: `${holder} became leader`,
        source: { component: 'legacy-controller' },
        firstTimestamp: new Date(t0 - ago * 60_000).toISOString(),
        lastTimestamp: new Date(t0 - ago * 60_000).toISOString(),
      });
    }
    full.store.applyEndpoints(lockObject('Endpoints', 'legacy', 'seeded', record('c-holder_3')));
    for (let i = 0; i < 20; i++) {
      full.store.applyConfigMap(lockObject('ConfigMap', 'apps', `settings-${i}`, undefined, { data: bigData }));
    }
    // A migration lock (configmapsleases): the same election in a Lease and a ConfigMap.
    full.store.applyLease(leaseObject({ namespace: 'mig', name: 'ctrl', holder: 'ctrl-a_1', durationSeconds: 30 }));
    full.store.applyConfigMap(lockObject('ConfigMap', 'mig', 'ctrl', record('ctrl-a_1'), { data: bigData }));
    // operator-framework's leader-for-life: a ConfigMap owned by the leader pod.
    full.store.upsertPod(podObject({ namespace: 'ops', name: 'memcached-operator-5f7c-abcde' }));
    full.store.applyConfigMap({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'memcached-operator-lock',
        namespace: 'ops',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'memcached-operator-5f7c-abcde', uid: 'pod-uid-1' }],
      },
    });
    // Coordinated leader election.
    full.store.applyLease({
      ...leaseObject({ namespace: 'kube-system', name: 'kube-controller-manager', holder: 'cp-1_abc' }),
      spec: { ...leaseObject({ namespace: 'kube-system', name: 'x', holder: 'cp-1_abc' }).spec, strategy: 'OldestEmulationVersion' },
    });
    full.store.applyLeaseCandidate(candidate('v1beta1', 'kcm-cp-1', 'kube-controller-manager', '1.35'));
    full.store.applyLeaseCandidate(candidate('v1beta1', 'kcm-cp-2', 'kube-controller-manager', '1.36'));

    alpha.store.applyLease(leaseObject({ namespace: 'kube-system', name: 'kube-scheduler', holder: 'cp-2_def' }));
    alpha.store.applyLeaseCandidate(candidate('v1alpha2', 'sched-cp-2', 'kube-scheduler', '1.35'));

    bare.store.applyLease(leaseObject({ namespace: 'demo', name: 'plain', holder: 'p_1' }));

    const kubeconfig = [
      writeKubeconfig(full.kubeconfig({ clusterName: 'full', contexts: [{ name: 'full', user: 'admin' }], current: 'full' })),
      writeKubeconfig(alpha.kubeconfig({ clusterName: 'alpha', contexts: [{ name: 'alpha', user: 'admin' }] })),
      writeKubeconfig(bare.kubeconfig({ clusterName: 'bare', contexts: [{ name: 'bare', user: 'admin' }] })),
      writeKubeconfig(full.kubeconfig({ clusterName: 'full-dev', contexts: [{ name: 'dev', user: 'dev', namespace: 'ingress' }] })),
    ].join(':');
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig, LEASE_LENS_WATCH_IDLE_MS: '3000' } });
    await server.watch(['full', 'alpha', 'bare', 'dev']);
  });

  after(async () => {
    await server?.close();
    await Promise.all([full?.close(), alpha?.close(), bare?.close()]);
  });

  test('a ConfigMap lock and an Endpoints lock are elections with lock set, counting down', async () => {
    const cm = await server.waitFor('the ConfigMap lock', () =>
      server.leases.get(leaseKey('full', 'ingress', 'ingress-controller-leader')),
    );
    assert.equal(cm.lock, 'configmap');
    assert.equal(cm.spec.holderIdentity, 'ingress-7d9f_4b1c');
    assert.equal(cm.spec.leaseDurationSeconds, 30);
    assert.equal(cm.spec.leaseTransitions, 2);
    const status = leaseStatus(cm, Date.now());
    assert.equal(status.state, 'held');
    assert.ok(status.byRenewMs !== undefined && status.byRenewMs > 0 && status.byRenewMs <= 30_000, JSON.stringify(status));
    const ep = await server.waitFor('the Endpoints lock', () => server.leases.get(leaseKey('full', 'legacy', 'old-controller')));
    assert.equal(ep.lock, 'endpoints');
    assert.equal(ep.spec.holderIdentity, 'old-controller-0_9c2a');
    // ConfigMaps without a record are no elections.
    assert.ok(![...server.leases.keys()].some((k) => k.includes('/apps/settings-')));
  });

  test('a lock has a health record, seeded by the LeaderElection Events on its Endpoints object', async () => {
    const detail = await waitFor(
      'the seeded record',
      async () => {
        const d = await server.conn.sendRequest(Health.detail, { key: leaseKey('full', 'legacy', 'seeded') });
        return d && d.terms.some((term) => term.holder === 'a-holder_1') ? d : undefined;
      },
      15_000,
    );
    assert.equal(detail.terms.find((term) => term.holder === 'a-holder_1')?.source, 'events');
    assert.equal(detail.terms.at(-1)?.holder, 'c-holder_3');
  });

  test('a renewal of a ConfigMap lock reaches the client', async () => {
    full.store.applyConfigMap(
      lockObject('ConfigMap', 'ingress', 'ingress-controller-leader', record('ingress-other_77', Date.now(), { transitions: 3 }), {
        data: bigData,
      }),
    );
    const cm = await server.waitFor('the new holder', () => {
      const l = server.leases.get(leaseKey('full', 'ingress', 'ingress-controller-leader'));
      return l?.spec.holderIdentity === 'ingress-other_77' ? l : undefined;
    });
    assert.equal(cm.spec.leaseTransitions, 3);
  });

  test('a migration lock is one election: the Lease primary, the ConfigMap in otherRecords; disagreement is said', async () => {
    const key = leaseKey('full', 'mig', 'ctrl');
    const agreed = await server.waitFor('the migration lock', () => {
      const l = server.leases.get(key);
      return l?.otherRecords?.length === 1 ? l : undefined;
    });
    assert.equal(agreed.lock, undefined, 'the Lease is primary');
    assert.equal(agreed.otherRecords?.[0].lock, 'configmap');
    assert.equal(agreed.recordsDisagree, undefined);
    assert.equal([...server.leases.keys()].filter((k) => k === key).length, 1);

    full.store.applyConfigMap(lockObject('ConfigMap', 'mig', 'ctrl', record('ctrl-b_2'), { data: bigData }));
    const split = await server.waitFor('the disagreement', () => server.leases.get(key)?.recordsDisagree);
    assert.deepEqual(split, ['The Lease record names holder ctrl-a_1, the ConfigMap record ctrl-b_2.']);

    // The Lease changing re-sends the election too: now both name ctrl-b_2.
    full.store.applyLease(leaseObject({ namespace: 'mig', name: 'ctrl', holder: 'ctrl-b_2', durationSeconds: 30 }));
    await server.waitFor(
      'agreement again',
      () => server.leases.get(key)?.spec.holderIdentity === 'ctrl-b_2' && server.leases.get(key)?.recordsDisagree === undefined,
    );
  });

  test('leader-for-life: the owner pod holds it, for life', async () => {
    const lfl = await server.waitFor('the leader-for-life lock', () =>
      server.leases.get(leaseKey('full', 'ops', 'memcached-operator-lock')),
    );
    assert.equal(lfl.lock, 'leader-for-life');
    assert.equal(lfl.ownerPod, 'memcached-operator-5f7c-abcde');
    assert.equal(lfl.spec.holderIdentity, 'memcached-operator-5f7c-abcde');
    const status = leaseStatus(lfl, Date.now() + 7 * 86_400_000);
    assert.equal(status.state, 'held');
    assert.equal(status.forLife, true);
  });

  test('LeaseCandidates attach to their Lease (v1beta1), and a candidate change re-sends it', async () => {
    const key = leaseKey('full', 'kube-system', 'kube-controller-manager');
    const kcm = await server.waitFor('two candidates', () => {
      const l = server.leases.get(key);
      return l?.candidates?.length === 2 ? l : undefined;
    });
    assert.deepEqual(
      kcm.candidates?.map((c) => [c.name, c.apiVersion, c.emulationVersion, c.binaryVersion, c.strategy]),
      [
        ['kcm-cp-1', 'coordination.k8s.io/v1beta1', '1.35', '1.36.0', 'OldestEmulationVersion'],
        ['kcm-cp-2', 'coordination.k8s.io/v1beta1', '1.36', '1.36.0', 'OldestEmulationVersion'],
      ],
    );
    assert.ok(kcm.candidates?.every((c) => c.pingTime && c.renewTime));
    full.store.applyLeaseCandidate(candidate('v1beta1', 'kcm-cp-3', 'kube-controller-manager', '1.34'));
    await server.waitFor('a third candidate', () => server.leases.get(key)?.candidates?.length === 3);
    full.store.deleteObject('leasecandidates', 'kube-system', 'kcm-cp-1');
    await server.waitFor('one gone', () => {
      const names = server.leases.get(key)?.candidates?.map((c) => c.name);
      return names?.join(',') === 'kcm-cp-2,kcm-cp-3';
    });
  });

  test('v1alpha2 LeaseCandidates when v1beta1 is not served', async () => {
    const sched = await server.waitFor('the v1alpha2 candidate', () => {
      const l = server.leases.get(leaseKey('alpha', 'kube-system', 'kube-scheduler'));
      return l?.candidates?.length === 1 ? l : undefined;
    });
    assert.equal(sched.candidates?.[0].apiVersion, 'coordination.k8s.io/v1alpha2');
    assert.ok(!alpha.requests.some((r) => r.path.includes('/v1beta1/leasecandidates')));
  });

  test('kinds a server does not serve are skipped without an error state', async () => {
    await server.waitFor('bare connected', () => server.states.get('bare')?.phase === 'connected' && server.states.get('bare')?.synced);
    await server.waitFor('the plain Lease', () => server.leases.get(leaseKey('bare', 'demo', 'plain')));
    assert.ok(
      bare.requests.some((r) => r.path === '/api/v1'),
      'discovery asked',
    );
    assert.ok(!bare.requests.some((r) => /\/(configmaps|endpoints|leasecandidates)\b/.test(r.path)), 'never asked for an unserved kind');
    assert.equal(server.states.get('bare')?.phase, 'connected');
    assert.equal(server.states.get('full')?.phase, 'connected');
  });

  test('a 403 at cluster scope watches the namespaces the Lease fallback watches, quietly', async () => {
    const cm = await server.waitFor('the lock in a readable namespace', () =>
      server.leases.get(leaseKey('dev', 'ingress', 'ingress-controller-leader')),
    );
    assert.equal(cm.lock, 'configmap');
    const state = await server.waitFor('dev synced', () => (server.states.get('dev')?.synced ? server.states.get('dev') : undefined));
    assert.equal(state.phase, 'connected', JSON.stringify(state));
    assert.ok(!/configmaps|endpoints/.test(state.message ?? ''));
    const devRequests = full.requests.filter((r) => r.user === 'dev');
    assert.ok(devRequests.some((r) => r.path === '/api/v1/configmaps' && r.status === 403));
    assert.ok(devRequests.some((r) => r.path === '/api/v1/namespaces/ingress/configmaps' && r.status === 200));
    assert.ok(!server.leases.has(leaseKey('dev', 'legacy', 'old-controller')));
  });

  test('ConfigMaps are asked for metadata only, and the server never receives data', async () => {
    await server.waitFor('the ConfigMap lock', () => server.leases.get(leaseKey('full', 'ingress', 'ingress-controller-leader')));
    const requests = full.requests.filter((r) => r.path.endsWith('/configmaps') && r.user === 'admin');
    assert.ok(requests.length >= 2, 'a list and a watch');
    for (const r of requests) {
      const as = r.watch ? 'PartialObjectMetadata' : 'PartialObjectMetadataList';
      assert.ok((r.accept ?? '').startsWith(`application/json;as=${as};g=meta.k8s.io;v=v1,`), `${r.path}?${r.query}: ${r.accept}`);
      assert.equal(r.status, 200, `${r.path}?${r.query}`);
      assert.ok(!(r.objectFields ?? []).includes('data'), `${r.path}?${r.query} carried ${r.objectFields?.join(',')}`);
    }
    assert.ok(
      requests.some((r) => r.as === 'PartialObjectMetadataList'),
      'the local API server answered metadata-only',
    );
    assert.ok(full.requests.filter((r) => r.path.endsWith('/endpoints')).every((r) => /as=PartialObjectMetadata/.test(r.accept ?? '')));
    assert.ok(full.requests.every((r) => r.method === 'GET'));
  });

  test('leases/get of a ConfigMap lock answers its metadata, never its data', async () => {
    const cmKey = leaseKey('full', 'ingress', 'ingress-controller-leader');
    await server.waitFor('the ConfigMap lock', () => server.leases.get(cmKey));
    const got = await server.conn.sendRequest(Leases.get, { key: cmKey });
    assert.equal(got.lease?.lock, 'configmap');
    const raw = got.raw as { kind?: string; data?: unknown; metadata?: { annotations?: Record<string, string> } };
    assert.equal(raw.kind, 'ConfigMap');
    assert.equal(raw.data, undefined);
    assert.ok(raw.metadata?.annotations?.[leaderAnnotation]);
    const get = full.requests.filter((r) => r.path === '/api/v1/namespaces/ingress/configmaps/ingress-controller-leader').at(-1);
    assert.equal(get?.as, 'PartialObjectMetadata');
    assert.ok(!(get?.objectFields ?? []).includes('data'));
  });

  test('a follow of a ConfigMap lock gets its record, its Events and its timeline', async () => {
    const key = leaseKey('full', 'ingress', 'ingress-controller-leader');
    full.store.upsertPod(podObject({ namespace: 'ingress', name: 'ingress-other' }));
    const snapshot = await server.follow(key);
    assert.equal(snapshot.key, key);
    const followed = await server.waitFor('the followed lock', () => {
      const f = server.follows.get(key);
      return f?.lease?.lock === 'configmap' ? f : undefined;
    });
    assert.equal(followed.lease?.spec.holderIdentity, 'ingress-other_77');
    full.store.createEvent({
      involvedObject: { kind: 'ConfigMap', namespace: 'ingress', name: 'ingress-controller-leader', apiVersion: 'v1' },
      reason: 'LeaderElection',
      message: 'ingress-next_88 became leader',
      source: { component: 'ingress-controller' },
    });
    // An Event of another kind with the same name is not the election's.
    full.store.createEvent({
      involvedObject: { kind: 'Service', namespace: 'ingress', name: 'ingress-controller-leader', apiVersion: 'v1' },
      reason: 'Other',
      message: 'not about the lock',
    });
    full.store.applyConfigMap(
      lockObject('ConfigMap', 'ingress', 'ingress-controller-leader', record('ingress-next_88', Date.now(), { transitions: 4 }), {
        data: bigData,
      }),
    );
    const after = await server.waitFor('the event and the new term', () => {
      const f = server.follows.get(key);
      return f?.events.some((e) => e.message === 'ingress-next_88 became leader') &&
        f.timeline.terms.some((t) => t.holder === 'ingress-next_88')
        ? f
        : undefined;
    });
    assert.ok(!after.events.some((e) => e.message === 'not about the lock'));
    assert.equal(after.lease?.spec.holderIdentity, 'ingress-next_88');
    assert.ok(
      full.requests.some(
        (r) =>
          r.path === '/api/v1/namespaces/ingress/configmaps' &&
          /metadata\.name%3Dingress-controller-leader|metadata\.name=ingress-controller-leader/.test(r.query),
      ),
    );
  });
});

describe('leaseLens.lockKinds []', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;

  before(async () => {
    api = await startApiServer({ users });
    api.store.applyConfigMap(lockObject('ConfigMap', 'ingress', 'ingress-controller-leader', record('ingress-7d9f_4b1c')));
    api.store.applyLease(leaseObject({ namespace: 'demo', name: 'plain', holder: 'p_1' }));
    const kubeconfig = writeKubeconfig(api.kubeconfig({ clusterName: 'k', contexts: [{ name: 'k', user: 'admin' }], current: 'k' }));
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig }, settings: { lockKinds: [] } });
    await server.watch(['k']);
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('watches no ConfigMaps, Endpoints or LeaseCandidates', async () => {
    await server.waitFor('synced', () => server.states.get('k')?.synced);
    await server.waitFor('the Lease', () => server.leases.get(leaseKey('k', 'demo', 'plain')));
    assert.ok(!api.requests.some((r) => /\/(configmaps|endpoints|leasecandidates)\b/.test(r.path)));
    assert.ok(!server.leases.has(leaseKey('k', 'ingress', 'ingress-controller-leader')));
  });
});
