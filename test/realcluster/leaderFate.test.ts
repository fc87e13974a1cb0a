// Why leadership moved, on the real control plane (issue 16): the Lease server (dist/server.js)
// reads the kube-scheduler's election flags from its mirror pod; after the leading kube-scheduler
// is SIGKILLed (the supervisor restarts it as a kubelet would: restartCount, lastState exit 137,
// previous=true logs), the ended term's fate names the end of the process; and the electors of
// demo/demo-elector serve client-go's metrics, which the server reads through the real
// kube-apiserver's pod proxy (leader_election_master_status 1 for the holder's pod, 0 for the other).
// Its own cluster (one start per file, like realcluster.test.ts).
// Run: node scripts/build.mjs && node --import tsx --test test/realcluster/leaderFate.test.ts
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { poll, startRealCluster, type RealCluster } from '../../realcluster/cluster';
import { fateLine } from '../../src/core/leaderFate';
import type { TermFate } from '../../src/shared/fate';
import type { PodMetrics } from '../../src/shared/splitBrain';
import type { TimingParameter } from '../../src/shared/timing';
import { leaseKey, type FollowSnapshot, type LeaseKey } from '../../src/shared/types';

const SCHEDULER = { namespace: 'kube-system', name: 'kube-scheduler' };
const ELECTOR = { namespace: 'demo', name: 'demo-elector' };
/** What realcluster/go/up.go passes to every kube-scheduler replica. */
const SCHEDULER_FLAGS: Record<TimingParameter, { flag: string; raw: string; ms: number }> = {
  leaseDuration: { flag: 'leader-elect-lease-duration', raw: '4s', ms: 4000 },
  renewDeadline: { flag: 'leader-elect-renew-deadline', raw: '3s', ms: 3000 },
  retryPeriod: { flag: 'leader-elect-retry-period', raw: '1s', ms: 1000 },
};

function hostOf(identity: string): string {
  return identity.split('_')[0] ?? '';
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

describe('why leadership moved, on the real control plane', { timeout: 20 * 60_000 }, () => {
  let cluster: RealCluster;
  let core: CoreV1Api;
  let server: LeaseServerProcess;
  let schedulerKey: LeaseKey;

  const followed = (key: LeaseKey): FollowSnapshot | undefined => server.follows.get(key);
  const holderOf = (key: LeaseKey): string => followed(key)?.lease?.spec.holderIdentity ?? '';

  before(async () => {
    cluster = await startRealCluster();
    core = cluster.kubeConfig().makeApiClient(CoreV1Api);
    schedulerKey = leaseKey(cluster.adminContext, SCHEDULER.namespace, SCHEDULER.name);
    server = await startLeaseServer({ env: { KUBECONFIG: cluster.kubeconfigPath } });
    await server.watch([cluster.adminContext]);
    await server.follow(schedulerKey);
  });

  after(async () => {
    await server?.close();
    await cluster?.stop();
  });

  test("the kube-scheduler's election flags are read from its pod: values and sources", async () => {
    const timing = await server.waitFor(
      'the followed kube-scheduler timing from flags',
      () => {
        const t = followed(schedulerKey)?.timing;
        return (
          t?.leaseDuration.source.kind === 'flag' && t.renewDeadline.source.kind === 'flag' && t.retryPeriod.source.kind === 'flag' && t
        );
      },
      60_000,
    );
    assert.match(timing.pod ?? '', /^kube-scheduler-cp-node-\d+$/);
    // The pod as the API server has it: its command line is the scheduler's real one.
    const pod = await core.readNamespacedPod({ namespace: SCHEDULER.namespace, name: timing.pod ?? '' });
    const command = [...(pod.spec?.containers[0]?.command ?? []), ...(pod.spec?.containers[0]?.args ?? [])];
    assert.equal(command[0], 'kube-scheduler');
    for (const [param, want] of Object.entries(SCHEDULER_FLAGS) as [TimingParameter, (typeof SCHEDULER_FLAGS)[TimingParameter]][]) {
      assert.ok(command.includes(`--${want.flag}=${want.raw}`), `--${want.flag}=${want.raw} in the pod's command ${command.join(' ')}`);
      const value = timing[param];
      assert.equal(value.ms, want.ms, `${param}`);
      assert.equal(value.source.kind, 'flag');
      if (value.source.kind === 'flag') {
        assert.equal(value.source.flag.replace(/^-+/, ''), want.flag);
        assert.equal(value.source.raw, want.raw);
        assert.equal(value.source.pod, timing.pod);
        assert.equal(value.source.container, 'kube-scheduler');
      }
    }
    assert.equal(timing.leaderElect, true);
    // The Lease's leaseDurationSeconds agrees with the flag: no error-level check.
    assert.deepEqual(
      timing.checks.filter((c) => c.level === 'error').map((c) => c.id),
      [],
    );
  });

  test('SIGKILL of the leading kube-scheduler: the ended term names the end of the process (exit 137, restarted)', async () => {
    const killedHolder = await server.waitFor('a kube-scheduler holder in the follow', () => holderOf(schedulerKey) || undefined, 30_000);
    const host = hostOf(killedHolder);
    const podName = `kube-scheduler-${host}`;
    const killedAt = Date.now();
    await cluster.killScheduler(host);
    const next = await server.waitFor(
      `a new holder after killing ${killedHolder}`,
      () => {
        const h = holderOf(schedulerKey);
        return h !== '' && h !== killedHolder && h;
      },
      60_000,
    );
    console.error(`[leaderFate] ${killedHolder} -> ${next} in ${((Date.now() - killedAt) / 1000).toFixed(1)}s`);

    // What a kubelet reports for the restarted container, as the API server has it.
    const restarted = await poll<V1Pod>(`${podName} restarted, its lastState terminated`, 30_000, async () => {
      const pod = await core.readNamespacedPod({ namespace: SCHEDULER.namespace, name: podName });
      const cs = pod.status?.containerStatuses?.[0];
      return cs && cs.restartCount >= 1 && cs.state?.running && cs.lastState?.terminated ? pod : undefined;
    });
    const last = restarted.status?.containerStatuses?.[0]?.lastState?.terminated;
    assert.equal(last?.exitCode, 137);
    assert.equal(last?.reason, 'Error');
    assert.ok(last?.finishedAt && last.finishedAt.getTime() >= killedAt - 1000, `finishedAt ${last?.finishedAt?.toISOString()}`);
    const previous = await core.readNamespacedPodLog({
      namespace: SCHEDULER.namespace,
      name: podName,
      container: 'kube-scheduler',
      previous: true,
    });
    assert.match(previous, /successfully acquired lease/i, 'the killed instance led: its log, through previous=true');

    // The Lease server's fate of the ended term.
    let fates: TermFate[] = [];
    const fate = await server.waitFor(
      `the fate of ${killedHolder}'s term: exit 137, restarted`,
      () => {
        fates = followed(schedulerKey)?.fates ?? [];
        const f = fates.find((x) => x.holder === killedHolder);
        return f?.cause === 'crashed' && f.exitCode === 137 && f.restarted === true && f;
      },
      90_000,
    );
    const line = fateLine(fate, clock);
    console.error(`[leaderFate] ${killedHolder}: ${line}`);
    assert.equal(fate.pod, podName);
    assert.equal(fate.reason, 'Error');
    assert.ok(fate.end === 'expired' || fate.end === 'taken-over', `a SIGKILLed leader does not release (end ${fate.end})`);
    assert.match(line, /exit 137/);
    assert.match(line, /restarted/);
    assert.ok(
      fate.evidence.some((e) => e.source === 'container' && /137/.test(e.text)),
      `container evidence names exit 137: ${JSON.stringify(fate.evidence)}`,
    );
    assert.ok(
      fate.evidence.some((e) => e.source === 'log' && e.previous === true),
      `the previous container's leadership lines are evidence: ${JSON.stringify(fate.evidence)}`,
    );
  });

  test('leader_election_master_status of the electors is read through the real kube-apiserver pod proxy', async () => {
    const st = await cluster.state();
    // Not skipped: a machine without one cannot run this tier's proxy test, and says so.
    assert.notEqual(
      st.metricsIP,
      '',
      'this machine has no non-loopback IPv4 address; kube-apiserver proxies no loopback pod IP (see the up log)',
    );
    const electors = st.processes.filter((p) => p.role === 'elector' && p.pod?.lease === `${ELECTOR.namespace}/${ELECTOR.name}`);
    assert.equal(electors.length, 2);
    const key = leaseKey(cluster.adminContext, ELECTOR.namespace, ELECTOR.name);
    await server.follow(key);
    const holder = await server.waitFor('a demo-elector holder', () => holderOf(key) || undefined, 30_000);
    const holderPod = hostOf(holder);
    const ports = new Map(electors.map((p) => [p.pod?.name ?? '', p.pod?.ports?.find((q) => q.name === 'metrics')?.port]));
    assert.ok(ports.has(holderPod), `${holderPod} is one of ${[...ports.keys()].join(', ')}`);

    // Our own GET through the proxy first: the path works on this kube-apiserver.
    for (const [pod, port] of ports) {
      assert.ok(port, `${pod} has a container port named metrics`);
      const apiPod = await core.readNamespacedPod({ namespace: ELECTOR.namespace, name: pod });
      assert.equal(apiPod.status?.podIP, st.metricsIP);
      assert.equal(apiPod.spec?.containers[0]?.ports?.find((q) => q.name === 'metrics')?.containerPort, port);
      const text = await poll(`${pod}'s master status through the pod proxy`, 30_000, async () => {
        const body = await core.connectGetNamespacedPodProxyWithPath({
          name: `${pod}:${port}`,
          namespace: ELECTOR.namespace,
          path: 'metrics',
        });
        return /^leader_election_master_status\{name="demo-elector"\} [01]$/m.test(body) ? body : undefined;
      });
      const want = pod === holderPod ? 1 : 0;
      assert.match(text, new RegExp(`^leader_election_master_status\\{name="demo-elector"\\} ${want}$`, 'm'), pod);
    }

    // The Lease server reads the same through the same proxy.
    let metrics: PodMetrics[] = [];
    await server.waitFor(
      'the followed demo-elector pods metrics: 1 for the holder, 0 for the other',
      () => {
        metrics = followed(key)?.podMetrics ?? [];
        return (
          metrics.length === ports.size &&
          metrics.every(
            (m) => m.masterStatus === (m.pod === holderPod ? 1 : 0) && m.port === ports.get(m.pod) && m.portSource === 'container-port',
          )
        );
      },
      60_000,
    );
    console.error(`[leaderFate] metrics: ${metrics.map((m) => `${m.pod}:${m.port} master ${m.masterStatus}`).join(', ')}`);
    assert.ok(
      metrics.every((m) => m.note === undefined),
      `no notes: ${JSON.stringify(metrics)}`,
    );
    assert.notEqual(followed(key)?.splitBrain?.alarm, true, 'one leader: no split-brain alarm');
  });
});
