// The demo's elections kept elsewhere than in a Lease (issue 17), in-process with short timings and
// read back over HTTP with @kubernetes/client-node: a ConfigMap lock whose holder changes, an
// Endpoints lock, a migration lock (ConfigMap + Lease) whose ConfigMap record lags during a window,
// a leader-for-life ConfigMap owned by its leader's pod, a coordinated election with three
// LeaseCandidates, and 200 ordinary ConfigMaps. Every wait is on an event or a polled condition.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CoordinationV1beta1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  COORDINATED_LEASE,
  COORDINATED_STRATEGY,
  DEMO_CONFIGMAP_COUNT,
  LEADER_FOR_LIFE_LOCK,
  LEGACY_NAMESPACE,
  startDemo,
  type Demo,
} from '../../demo';
import { leaderAnnotationKey, unknownLeader } from '../../demo/elector';
import { parseMicroTime } from '../../src/core/microTime';
import { waitFor } from '../../harness/waiting';

const NS = LEGACY_NAMESPACE;
let demo: Demo;
let dir: string;
let core: CoreV1Api;

interface Record_ {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string | null;
  renewTime: string | null;
  leaderTransitions: number;
}

async function annotated(kind: 'configmaps' | 'endpoints', name: string): Promise<Record_ | undefined> {
  const o =
    kind === 'configmaps'
      ? await core.readNamespacedConfigMap({ namespace: NS, name })
      : await core.readNamespacedEndpoints({ namespace: NS, name });
  const text = o.metadata?.annotations?.[leaderAnnotationKey];
  return text ? (JSON.parse(text) as Record_) : undefined;
}

async function held(kind: 'configmaps' | 'endpoints', name: string, not = ''): Promise<Record_> {
  return waitFor(
    `${kind} ${NS}/${name} to be held${not ? ` by another than ${not}` : ''}`,
    async () => {
      const r = await annotated(kind, name).catch(() => undefined);
      return r?.holderIdentity && r.holderIdentity !== not ? r : undefined;
    },
    10_000,
  );
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lease-lens-legacy-locks-'));
  demo = await startDemo({
    port: 0,
    kubeconfigPath: join(dir, 'kubeconfig.yaml'),
    crashEveryMs: 0,
    releaseEveryMs: 0,
    restartDelayMs: 300,
    timing: { leaseDurationSeconds: 2, renewDeadlineMs: 1500, retryPeriodMs: 300 },
    nodeCount: 6,
    chatterEveryMs: 0,
    legacyLocks: { handoverEveryMs: 0, firstLagAfterMs: 3_600_000, lagForMs: 2_000, lagEveryMs: 0 },
    coordinated: { renewEveryMs: 300, pingEveryMs: 3_600_000 },
  });
  const kc = new KubeConfig();
  kc.loadFromFile(demo.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
});

after(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo: locks that are not Leases', () => {
  test('legacy-controller keeps its election in a ConfigMap; a hand-over moves it to the other pod', async () => {
    const first = await held('configmaps', 'legacy-controller');
    assert.match(first.renewTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const pods = (await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=legacy-controller' })).items.map(
      (p) => p.metadata?.name ?? '',
    );
    assert.equal(pods.length, 2);
    const holderPod = first.holderIdentity.split('_')[0];
    assert.ok(pods.includes(holderPod), `the holder ${first.holderIdentity} is one of the pods ${pods.join(', ')}`);
    const args = (await core.readNamespacedPod({ namespace: NS, name: holderPod })).spec?.containers[0]?.args ?? [];
    assert.ok(args.includes('--leader-elect-resource-lock=configmaps'), args.join(' '));
    assert.equal(demo.server.store.getLease(NS, 'legacy-controller'), undefined, 'no Lease');
    await waitFor(
      "the holder's log to show the acquisition",
      async () =>
        (await core.readNamespacedPodLog({ namespace: NS, name: holderPod, container: 'manager' })).includes(
          'successfully acquired lease legacy-locks/legacy-controller',
        ),
      5000,
    );
    await waitFor(
      'a became-leader Event on the ConfigMap',
      () =>
        demo.server.store
          .listEvents(NS)
          .some((e) => e.involvedObject.kind === 'ConfigMap' && e.message === `${first.holderIdentity} became leader`),
      5000,
    );

    const exit = await demo.releaseLeader(`${NS}/legacy-controller`);
    assert.equal(exit.identity, first.holderIdentity);
    const next = await held('configmaps', 'legacy-controller', first.holderIdentity);
    assert.ok(next.leaderTransitions > first.leaderTransitions, `${next.leaderTransitions} > ${first.leaderTransitions}`);
  });

  test('old-endpoints-controller keeps its election in an Endpoints object held by one of its pods', async () => {
    const r = await held('endpoints', 'old-endpoints-controller');
    const pods = (await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=old-endpoints-controller' })).items.map(
      (p) => p.metadata?.name,
    );
    assert.ok(pods.includes(r.holderIdentity.split('_')[0]));
    assert.equal(r.leaseDurationSeconds, 2);
  });

  test('migrating-controller: one election in a ConfigMap and a Lease; in a lag window the ConfigMap record falls behind, then catches up', async () => {
    // At start two replicas may race (client-go's MultiLock ignores AlreadyExists on the primary), so the
    // records may name different holders until one lease duration has passed: wait until they agree.
    await waitFor(
      'the ConfigMap and the Lease to name one holder',
      async () => {
        const cm = await annotated('configmaps', 'migrating-controller').catch(() => undefined);
        const lease = demo.server.store.getLease(NS, 'migrating-controller')?.spec;
        return cm?.holderIdentity && cm.holderIdentity === lease?.holderIdentity && cm.holderIdentity !== unknownLeader;
      },
      10_000,
    );
    const legacy = demo.legacyLocks;
    assert.ok(legacy);
    const leaseRenew = (): number => parseMicroTime(demo.server.store.getLease(NS, 'migrating-controller')?.spec?.renewTime ?? '') ?? 0;
    const cmRenew = async (): Promise<number> => Date.parse((await annotated('configmaps', 'migrating-controller'))?.renewTime ?? '');

    const started = once(legacy, 'lag');
    legacy.startLag();
    assert.deepEqual(await started, [true]);
    const ended = once(legacy, 'lag');
    // While the window lasts, the Lease is renewed and the ConfigMap is not: they disagree by more than a second.
    const gap = await waitFor(
      'the ConfigMap record to lag 1.2 s behind the Lease',
      async () => {
        const d = leaseRenew() - (await cmRenew());
        return d > 1_200 && d;
      },
      5000,
    );
    assert.ok(legacy.lagging, `the records disagreed (${gap} ms) inside the window`);
    assert.deepEqual(await ended, [false]);
    await waitFor('the ConfigMap record to catch up', async () => leaseRenew() - (await cmRenew()) < 1_000 && !legacy.lagging, 5000);
    assert.equal(legacy.lagWindows, 1);
  });

  test('memcached-operator-lock: a leader-for-life ConfigMap owned by its leader pod, without an annotation', async () => {
    const lock = await core.readNamespacedConfigMap({ namespace: NS, name: LEADER_FOR_LIFE_LOCK.name });
    assert.equal(lock.metadata?.annotations?.[leaderAnnotationKey], undefined);
    const owner = lock.metadata?.ownerReferences?.[0];
    assert.equal(owner?.kind, 'Pod');
    assert.equal(owner?.apiVersion, 'v1');
    assert.equal(owner?.controller, true);
    assert.match(owner?.name ?? '', /^memcached-operator-7d9f[a-z0-9]+-[a-z0-9]{5}$/);
    const pod = await core.readNamespacedPod({ namespace: NS, name: owner?.name ?? '' });
    assert.equal(pod.metadata?.uid, owner?.uid);
    assert.equal(pod.status?.phase, 'Running');
    const waiting = demo.leaderForLife?.waitingPod ?? '';
    const log = await core.readNamespacedPodLog({ namespace: NS, name: waiting, container: 'manager' });
    assert.match(log, /"msg":"Found existing lock","LockOwner":"memcached-operator-7d9f/);
    assert.match(log, /"msg":"Not the leader\. Waiting\."/);
    const leaderLog = await core.readNamespacedPodLog({ namespace: NS, name: owner?.name ?? '', container: 'manager' });
    assert.match(leaderLog, /"logger":"leader","msg":"Became the leader\."/);
  });

  test('kube-system/demo-coordinated: strategy, preferredHolder and three LeaseCandidates whose ping and renew times move', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(demo.kubeconfigPath);
    const beta = kc.makeApiClient(CoordinationV1beta1Api);
    const lease = demo.server.store.getLease(COORDINATED_LEASE.namespace, COORDINATED_LEASE.name);
    assert.equal(lease?.spec?.strategy, COORDINATED_STRATEGY);
    const list = await beta.listNamespacedLeaseCandidate({ namespace: COORDINATED_LEASE.namespace });
    assert.equal(list.items.length, 3);
    for (const c of list.items) {
      assert.equal(c.spec?.leaseName, COORDINATED_LEASE.name);
      assert.equal(c.spec?.strategy, COORDINATED_STRATEGY);
      const pod = await core.readNamespacedPod({ namespace: COORDINATED_LEASE.namespace, name: c.metadata?.name ?? '' });
      assert.equal(pod.spec?.hostNetwork, true, 'a static pod named as the candidate');
    }
    assert.equal(new Set(list.items.map((c) => `${c.spec?.binaryVersion}/${c.spec?.emulationVersion}`)).size, 3, 'different versions');
    const oldest = [...list.items].sort((a, b) => (a.spec?.emulationVersion ?? '').localeCompare(b.spec?.emulationVersion ?? ''))[0];
    assert.equal(lease?.spec?.preferredHolder, oldest.metadata?.name, 'preferredHolder is the oldest emulation version');
    assert.ok(
      list.items.some((c) => c.metadata?.name === lease?.spec?.holderIdentity),
      'the holder is a candidate',
    );
    assert.notEqual(lease?.spec?.holderIdentity, lease?.spec?.preferredHolder);
    const holderLog = await core.readNamespacedPodLog({
      namespace: COORDINATED_LEASE.namespace,
      name: lease?.spec?.holderIdentity ?? '',
      container: 'demo-coordinated',
    });
    assert.match(holderLog, /successfully acquired lease kube-system\/demo-coordinated/);

    const before = new Map(list.items.map((c) => [c.metadata?.name, [String(c.spec?.pingTime), String(c.spec?.renewTime)]]));
    const renewed = await waitFor(
      'the Lease to be renewed',
      () => {
        const now = demo.server.store.getLease(COORDINATED_LEASE.namespace, COORDINATED_LEASE.name)?.spec?.renewTime;
        return now !== lease?.spec?.renewTime && now;
      },
      5000,
    );
    assert.ok(renewed);
    demo.coordinated?.ping();
    const after = await beta.listNamespacedLeaseCandidate({ namespace: COORDINATED_LEASE.namespace });
    for (const c of after.items) {
      const [ping, renew] = before.get(c.metadata?.name) ?? [];
      assert.notEqual(String(c.spec?.pingTime), ping, `${c.metadata?.name} was pinged`);
      assert.notEqual(String(c.spec?.renewTime), renew, `${c.metadata?.name} renewed`);
      assert.ok((parseMicroTime(String(c.spec?.renewTime)) ?? 0) >= (parseMicroTime(String(c.spec?.pingTime)) ?? Infinity));
    }
  });

  test('200 ordinary ConfigMaps with data; only the two lock ConfigMaps carry the leader annotation', async () => {
    const all = await core.listConfigMapForAllNamespaces();
    const withData = all.items.filter((c) => Object.keys(c.data ?? {}).length > 0);
    assert.ok(withData.length >= DEMO_CONFIGMAP_COUNT, `${withData.length} ConfigMaps with data`);
    assert.deepEqual(
      all.items
        .filter((c) => c.metadata?.annotations?.[leaderAnnotationKey])
        .map((c) => `${c.metadata?.namespace}/${c.metadata?.name}`)
        .sort(),
      [`${NS}/legacy-controller`, `${NS}/migrating-controller`],
    );
  });
});
