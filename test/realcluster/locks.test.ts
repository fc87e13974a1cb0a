// Elections whose record is not a Lease, on the real control plane (issue 17), through the real
// dist/server.js: the ConfigMap lock of `locks/configmap-elector` (two replicas of our elector
// writing the annotation control-plane.alpha.kubernetes.io/leader the way client-go's ConfigMapLock
// did, 15/10/2 s) shows with lock 'configmap' and the holder the ConfigMap names; killing the
// leading replica moves the record to the other one and the election's health record ends the old
// term; kube-apiserver's audit log shows the Lease server read ConfigMaps as metadata only; and the
// coordinated election `locks/coordinated-elector` (LeaseCandidates, coordination.k8s.io/v1beta1,
// with the CoordinatedLeaderElection gate on) shows its candidates. Its own cluster, like the others.
// Run: node scripts/build.mjs && node --import tsx --test test/realcluster/locks.test.ts
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { CoordinationV1beta1Api, CoreV1Api } from '@kubernetes/client-node';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { waitFor } from '../../harness/waiting';
import { poll, startRealCluster, type RealCluster } from '../../realcluster/cluster';
import type { HealthDetail } from '../../src/shared/health';
import { Health } from '../../src/shared/protocol';
import { leaderAnnotation, leaseKey, type LeaseInfo, type LeaseKey } from '../../src/shared/types';

const LOCKS = 'locks';
const CONFIGMAP_LOCK = 'configmap-elector';
const COORDINATED = 'coordinated-elector';

/** The record as the elector writes it into the annotation (client-go's LeaderElectionRecord). */
interface AnnotationRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string;
  renewTime: string;
  leaderTransitions: number;
}

/** One line of kube-apiserver's JSON audit log (the fields used here). */
interface AuditEvent {
  verb: string;
  requestURI: string;
  userAgent?: string;
  stage: string;
  objectRef?: { resource?: string; namespace?: string; name?: string };
  responseObject?: {
    kind?: string;
    apiVersion?: string;
    items?: { metadata?: { name?: string; annotations?: Record<string, string> }; data?: unknown }[];
  };
}

describe('ConfigMap locks and LeaseCandidates on the real control plane', { timeout: 20 * 60_000 }, () => {
  let cluster: RealCluster;
  let core: CoreV1Api;
  let server: LeaseServerProcess;
  let key: LeaseKey;
  /** The holder after the failover, and its pod (set by the failover test). */
  let taker = '';

  const annotationRecord = async (): Promise<AnnotationRecord | undefined> => {
    const cm = await core.readNamespacedConfigMap({ namespace: LOCKS, name: CONFIGMAP_LOCK });
    const raw = cm.metadata?.annotations?.[leaderAnnotation];
    return raw ? (JSON.parse(raw) as AnnotationRecord) : undefined;
  };
  const podOf = (identity: string): string => identity.split('_')[0] ?? '';
  const electorPods = async (lease: string): Promise<string[]> =>
    (await cluster.state()).processes
      .filter((p) => p.role === 'elector' && p.pod?.lease === `${LOCKS}/${lease}`)
      .map((p) => p.pod?.name ?? '');

  before(async () => {
    cluster = await startRealCluster();
    core = cluster.kubeConfig().makeApiClient(CoreV1Api);
    key = leaseKey(cluster.adminContext, LOCKS, CONFIGMAP_LOCK);
    server = await startLeaseServer({ env: { KUBECONFIG: cluster.kubeconfigPath } });
    await server.watch([cluster.adminContext]);
  });

  after(async () => {
    await server?.close();
    await cluster?.stop();
  });

  test("the ConfigMap lock is one election with lock 'configmap' and the holder the annotation names", async () => {
    const record = await poll('a holder in the ConfigMap lock', 60_000, async () => {
      const r = await annotationRecord();
      return r?.holderIdentity ? r : undefined;
    });
    // The annotation as client-go wrote it: five fields, RFC3339 times in whole seconds.
    assert.deepEqual(Object.keys(record).sort(), [
      'acquireTime',
      'holderIdentity',
      'leaderTransitions',
      'leaseDurationSeconds',
      'renewTime',
    ]);
    assert.match(record.renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(record.leaseDurationSeconds, 15);
    assert.ok((await electorPods(CONFIGMAP_LOCK)).includes(podOf(record.holderIdentity)), `${record.holderIdentity} is a replica's`);

    const info = await server.waitFor(
      `${key} with lock 'configmap'`,
      () => {
        const l = server.leases.get(key);
        return l?.lock === 'configmap' && l.spec.holderIdentity !== undefined && l.spec.holderIdentity !== '' && l;
      },
      60_000,
    );
    const now = await annotationRecord();
    assert.equal(info.spec.holderIdentity, now?.holderIdentity);
    assert.equal(info.spec.leaseDurationSeconds, 15);
    assert.equal(info.spec.leaseTransitions, now?.leaderTransitions);
    // One election per namespace/name: no Lease of that name, so no other record.
    assert.equal(info.otherRecords?.length ?? 0, 0);
  });

  test('killing the leading replica moves the record to the other one; the health record ends the old term', async () => {
    const before = await annotationRecord();
    const old = before?.holderIdentity ?? '';
    assert.ok(old !== '', 'a holder to kill');
    const pods = await electorPods(CONFIGMAP_LOCK);
    const oldPod = podOf(old);
    const otherPod = pods.find((p) => p !== oldPod);
    assert.ok(otherPod, `another replica than ${oldPod} in ${pods.join(', ')}`);
    await server.waitFor(`the record holding ${old}`, () => server.leases.get(key)?.spec.holderIdentity === old || undefined, 30_000);

    const killedAt = Date.now();
    await cluster.killPod(LOCKS, oldPod);
    // The truth, our own reads of the ConfigMap: the other replica takes over once the record has
    // not changed for 15 s (the killed one is restarted only after 20 s).
    const next = await poll(`a new holder of the ConfigMap lock after killing ${oldPod}`, 60_000, async () => {
      const r = await annotationRecord();
      return r && r.holderIdentity !== '' && r.holderIdentity !== old ? r : undefined;
    });
    console.error(`[locks] ${old} -> ${next.holderIdentity} in ${((Date.now() - killedAt) / 1000).toFixed(1)}s`);
    assert.equal(podOf(next.holderIdentity), otherPod, 'the other replica holds it');
    assert.equal(next.leaderTransitions, (before?.leaderTransitions ?? 0) + 1);

    const moved: LeaseInfo = await server.waitFor(
      `${key} held by ${next.holderIdentity}`,
      () => {
        const l = server.leases.get(key);
        return l?.lock === 'configmap' && l.spec.holderIdentity === next.holderIdentity && l;
      },
      30_000,
    );
    assert.equal(moved.spec.leaseTransitions, next.leaderTransitions);
    taker = next.holderIdentity;

    let seen: HealthDetail | null = null;
    const detail = await waitFor(
      `the health record of ${key} with ${old}'s term ended`,
      async () => {
        seen = await server.conn.sendRequest(Health.detail, { key });
        const terms = seen?.terms ?? [];
        const i = terms.findIndex((t) => t.holder === old);
        return i >= 0 && terms[i]?.end !== undefined && terms.at(-1)?.holder === next.holderIdentity && seen;
      },
      30_000,
      { everyMs: 250, detail: () => JSON.stringify(seen?.terms.map((t) => [t.holder, t.end])) },
    );
    const ended = detail.terms.find((t) => t.holder === old);
    const open = detail.terms.at(-1);
    assert.ok(ended?.lostAt !== undefined, `${old}'s term has an end time`);
    // SIGKILL releases nothing: the term ran out (the record went unrenewed for more than 15 s).
    assert.equal(ended.end, 'expired');
    assert.equal(open?.end, undefined);
    assert.equal(open?.durationMs, 15_000);
    assert.ok(open?.gapBeforeMs !== undefined && open.gapBeforeMs >= 15_000, `failover gap ${open?.gapBeforeMs} ms ≥ the 15 s duration`);
  });

  test("following the ConfigMap lock: the holder's pod, its replica, the LeaderElection Events on the ConfigMap, its log", async (t) => {
    if (taker === '') {
      t.skip('needs the failover of the test before');
      return;
    }
    const pods = await electorPods(CONFIGMAP_LOCK);
    await server.follow(key);
    const snapshot = await server.waitFor(
      `the follow of ${key}: pods, the Event and the log line of ${taker}`,
      () => {
        const f = server.follows.get(key);
        return (
          f?.lease?.lock === 'configmap' &&
          f.pods.some((p) => p.holder && p.name === podOf(taker)) &&
          f.events.some((e) => e.message === `${taker} became leader`) &&
          f.logs.some((l) => l.pod === podOf(taker) && l.signal === 'acquired') &&
          f
        );
      },
      60_000,
    );
    assert.equal(snapshot.lease?.spec.holderIdentity, taker);
    assert.deepEqual(snapshot.pods.map((p) => p.name).sort(), [...pods].sort(), 'both replicas of the Deployment');
    assert.ok(
      snapshot.events.every((e) => e.reason === 'LeaderElection'),
      snapshot.events.map((e) => e.reason).join(', '),
    );
  });

  test("the Lease server reads ConfigMaps as metadata only (kube-apiserver's audit log)", async () => {
    const { auditLog } = await cluster.state();
    let ours: AuditEvent[] = [];
    await waitFor(
      'a ConfigMap list by the Lease server in the audit log',
      async () => {
        const lines = (await readFile(auditLog, 'utf8')).split('\n').filter((l) => l.trim() !== '');
        ours = lines
          .map((l) => JSON.parse(l) as AuditEvent)
          .filter((e) => e.userAgent?.startsWith('lease-lens') && e.objectRef?.resource === 'configmaps');
        return ours.some((e) => e.verb === 'list');
      },
      30_000,
      { everyMs: 250 },
    );
    const lists = ours.filter((e) => e.verb === 'list' && e.stage === 'ResponseComplete');
    assert.ok(lists.length > 0, 'a completed list');
    for (const e of lists) {
      assert.equal(e.responseObject?.kind, 'PartialObjectMetadataList', `${e.requestURI} answered metadata only`);
      assert.equal(e.responseObject?.apiVersion, 'meta.k8s.io/v1');
      for (const item of e.responseObject?.items ?? []) {
        assert.equal(item.data, undefined, `no data of ${item.metadata?.name}`);
      }
    }
    // The 50 KB ConfigMap was listed, its record annotation with it, its data not.
    const lock = lists.flatMap((e) => e.responseObject?.items ?? []).find((i) => i.metadata?.name === CONFIGMAP_LOCK);
    assert.ok(lock?.metadata?.annotations?.[leaderAnnotation], 'the lock ConfigMap with its annotation in a metadata-only list');
    // Nothing but GET verbs (list, watch, get), and never a get that would return the data... the
    // audit log cannot show a watch's or get's Accept header, so only the verbs are checked there.
    for (const e of ours) {
      assert.ok(['list', 'watch', 'get'].includes(e.verb), `${e.verb} ${e.requestURI}`);
    }
  });

  test('the coordinated election shows its LeaseCandidates, and the holder the strategy picks', async () => {
    const lcApi = cluster.kubeConfig().makeApiClient(CoordinationV1beta1Api);
    const real = await poll('two LeaseCandidates of coordinated-elector', 60_000, async () => {
      const list = await lcApi.listNamespacedLeaseCandidate({ namespace: LOCKS });
      const items = list.items.filter((c) => c.spec?.leaseName === COORDINATED);
      return items.length === 2 ? items : undefined;
    });
    // OldestEmulationVersion: the candidate with the older emulation version (the first replica).
    const oldest = real.find((c) => c.spec?.emulationVersion === '1.35.0');
    assert.ok(oldest?.metadata?.name, 'a candidate emulating 1.35');
    const coordKey = leaseKey(cluster.adminContext, LOCKS, COORDINATED);
    const info = await server.waitFor(
      `${coordKey} with two candidates, held by ${oldest.metadata.name}`,
      () => {
        const l = server.leases.get(coordKey);
        return l?.candidates?.length === 2 && l.spec.holderIdentity === oldest.metadata?.name && l;
      },
      60_000,
    );
    assert.equal(info.lock, undefined, 'a Lease');
    assert.equal(info.spec.strategy, 'OldestEmulationVersion');
    const byName = new Map((info.candidates ?? []).map((c) => [c.name, c]));
    for (const c of real) {
      const shown = byName.get(c.metadata?.name ?? '');
      assert.ok(shown, `candidate ${c.metadata?.name}`);
      assert.equal(shown.uid, c.metadata?.uid);
      assert.equal(shown.apiVersion, 'coordination.k8s.io/v1beta1');
      assert.equal(shown.leaseName, COORDINATED);
      assert.equal(shown.binaryVersion, '1.36.3');
      assert.equal(shown.emulationVersion, c.spec?.emulationVersion);
      assert.equal(shown.strategy, 'OldestEmulationVersion');
      assert.ok(shown.renewTime, 'a renew time');
    }
  });
});
