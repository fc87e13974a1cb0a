// Split brain through the real server process: the candidate pods' metrics read through the local
// API server's pod proxy (master status, renew requests, queue depth; a 404, a 403 and a missing
// port each a note), polled slowly with GET only, and the alarm raised only after the retry period.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { SplitBrainPair, SPLIT_BRAIN_LEASE } from '../../demo/splitBrainPair';
import { defaultRetryPeriodMs } from '../../src/core/splitBrain';
import type { PodMetrics } from '../../src/shared/splitBrain';
import { leaseKey, type FollowSnapshot } from '../../src/shared/types';
import { writeKubeconfig } from '../support/kubeconfig';
import { startLeaseServer } from '../../harness/leaseServerProcess';

const users = [
  { name: 'admin', token: 'admin-token', admin: true, write: true },
  { name: 'viewer', token: 'viewer-token', admin: true, write: false },
  // May read everything a follow needs but the pod proxy.
  { name: 'noproxy', token: 'noproxy-token', admin: true, write: false, resources: ['leases', 'events', 'pods', 'pods/log'] },
];

const { namespace, name } = SPLIT_BRAIN_LEASE;

function byPod(s: FollowSnapshot | undefined): Map<string, PodMetrics> {
  return new Map((s?.podMetrics ?? []).map((m) => [m.pod, m]));
}

describe('split brain: pod metrics and the alarm', () => {
  let api: ApiServer;
  let pair: SplitBrainPair;
  const extra = { notFound: 'zombie-controller-extra-404', noPort: 'zombie-controller-extra-noport' };

  before(async () => {
    api = await startApiServer({ users });
    pair = new SplitBrainPair({ store: api.store, firstAfterMs: 3_600_000, everyMs: 0, renewEveryMs: 1_000, note: () => undefined });
    pair.start();
    // Two more replicas of the same ReplicaSet: one whose port serves no /metrics, one without a port.
    const owner = api.store.getPod(namespace, pair.holder.pod)!.metadata.ownerReferences;
    for (const [pod, annotations] of [
      [extra.notFound, { 'prometheus.io/port': '9090' }],
      [extra.noPort, undefined],
    ] as const) {
      api.store.upsertPod({
        metadata: { name: pod, namespace, labels: { app: name }, ownerReferences: owner, ...(annotations ? { annotations } : {}) },
        spec: { nodeName: 'worker-2', containers: [{ name: 'manager', image: 'x' }] },
      });
    }
    api.store.proxies.register(namespace, extra.notFound, 9090, () => ({ status: 404, body: '404 page not found\n' }));
  });

  after(async () => {
    pair?.stop();
    await api?.close();
  });

  test('reads every candidate pod’s master status through the pod proxy; 404 and a missing port are notes', async () => {
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'demo', user: 'viewer' }], current: 'demo' }));
    const server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig } });
    const key = leaseKey('demo', namespace, name);
    try {
      const started = Date.now();
      await server.follow(key);
      const first = await server.waitFor(
        'metrics of the four pods',
        () => {
          const m = byPod(server.follows.get(key));
          return m.size === 4 ? m : undefined;
        },
        15_000,
      );
      const holder = first.get(pair.holder.pod)!;
      assert.equal(holder.masterStatus, 1, 'the holder leads');
      assert.equal(holder.portSource, 'container-port');
      assert.equal(holder.port, 8080);
      assert.ok((holder.renewRequests ?? 0) > 0, 'renew requests counted');
      assert.equal(typeof holder.workqueueDepth, 'number');
      const other = first.get(pair.zombie.pod)!;
      assert.equal(other.masterStatus, 0);
      assert.equal(other.portSource, 'annotation');
      assert.match(first.get(extra.notFound)!.note ?? '', /404/);
      assert.equal(first.get(extra.notFound)!.masterStatus, undefined);
      assert.match(first.get(extra.noPort)!.note ?? '', /No metrics port/);
      assert.equal(server.follows.get(key)?.splitBrain?.alarm ?? false, false, 'one leader: no alarm');

      // The second replica believes it leads too: evidence at once, the alarm only after the retry period.
      pair.startSplitBrain();
      const alarmed = await server.waitFor(
        'the split-brain alarm with metrics evidence',
        () => {
          const s = server.follows.get(key)?.splitBrain;
          return s?.alarm && s.evidence.some((e) => e.kind === 'metrics-two-leaders') ? s : undefined;
        },
        30_000,
      );
      const kinds = alarmed.evidence.map((e) => e.kind).sort();
      assert.deepEqual(kinds, ['event-other-leader', 'logs-two-leaders', 'metrics-two-leaders']);
      const two = alarmed.evidence.find((e) => e.kind === 'metrics-two-leaders')!;
      assert.deepEqual(two.pods, [pair.holder.pod, pair.zombie.pod].sort());
      const states = server.followUpdates.filter((u) => u.key === key && u.splitBrain).map((u) => u.splitBrain!);
      const firstEvidence = states.find((s) => s.evidence.length > 0)!;
      assert.equal(firstEvidence.alarm, false, 'evidence does not alarm at once');
      const firstAlarm = states.find((s) => s.alarm)!;
      const earliest = Math.min(...firstAlarm.evidence.map((e) => e.since));
      assert.ok(
        firstAlarm.alarmSince! - earliest >= defaultRetryPeriodMs,
        `alarm ${firstAlarm.alarmSince! - earliest} ms after the evidence`,
      );

      // It notices: the evidence goes, and so does the alarm.
      pair.endSplitBrain();
      await server.waitFor(
        'no more log or Event evidence',
        () => {
          const s = server.follows.get(key)?.splitBrain;
          return s && !s.evidence.some((e) => e.kind === 'logs-two-leaders') ? s : undefined;
        },
        15_000,
      );

      // Slow and read-only: GET only; at most one read per pod every 10 s.
      const elapsed = Date.now() - started;
      assert.deepEqual([...new Set(api.requests.map((r) => r.method))], ['GET']);
      const reads = api.requests.filter((r) => r.path.includes(`/pods/${pair.holder.pod}:8080/proxy/metrics`));
      assert.ok(reads.length >= 2, 'polled again');
      assert.ok(reads.length <= Math.ceil(elapsed / 10_000) + 1, `${reads.length} reads in ${elapsed} ms`);
      assert.equal(api.requests.filter((r) => r.path.includes(extra.noPort) && r.path.includes('/proxy')).length, 0, 'no port: no request');
    } finally {
      await server.close();
    }
  });

  test('a 403 on pods/proxy is a note per pod, and nothing else breaks', async () => {
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'noproxy', user: 'noproxy' }], current: 'noproxy' }));
    const server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig } });
    const key = leaseKey('noproxy', namespace, name);
    try {
      await server.follow(key);
      const m = await server.waitFor(
        'notes of the four pods',
        () => {
          const got = byPod(server.follows.get(key));
          return got.size === 4 ? got : undefined;
        },
        15_000,
      );
      for (const pod of [pair.holder.pod, pair.zombie.pod, extra.notFound]) {
        assert.match(m.get(pod)!.note ?? '', /pods\/proxy/, pod);
        assert.equal(m.get(pod)!.masterStatus, undefined);
      }
      assert.match(m.get(extra.noPort)!.note ?? '', /No metrics port/);
      assert.ok(server.follows.get(key)?.lease?.spec.holderIdentity, 'the Lease is still followed');
      assert.ok(api.requests.some((r) => r.user === 'noproxy' && r.status === 403 && r.path.endsWith('/proxy/metrics')));
    } finally {
      await server.close();
    }
  });
});
