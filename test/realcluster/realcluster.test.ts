// Smoke test of the real test cluster: everything Lease Lens reads from a cluster is there and real
// (Leases, LeaderElection Events, pods/log of the replicas), leadership moves when the leader dies,
// and RBAC limits the dev context. Run: node scripts/test.mjs realcluster
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiException, CoordinationV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { poll, startRealCluster, type RealCluster } from '../../realcluster/cluster';

const SCHEDULER_LEASE = { namespace: 'kube-system', name: 'kube-scheduler' };
// klog text ("successfully acquired lease kube-system/kube-scheduler") and structured
// ("Successfully acquired lease" lock="kube-system/kube-scheduler") forms.
const ACQUIRED = /successfully acquired lease/i;

async function forbidden(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return false;
  } catch (err) {
    if (err instanceof ApiException && err.code === 403) {
      return true;
    }
    throw err;
  }
}

describe('real cluster (etcd + kube-apiserver + kube-scheduler HA + electors + stand-in kubelet)', { timeout: 20 * 60_000 }, () => {
  let cluster: RealCluster;
  let admin: KubeConfig;
  let coordination: CoordinationV1Api;
  let core: CoreV1Api;

  before(async () => {
    cluster = await startRealCluster();
    admin = cluster.kubeConfig();
    coordination = admin.makeApiClient(CoordinationV1Api);
    core = admin.makeApiClient(CoreV1Api);
    const mem = await cluster.memory();
    console.error(
      `[realcluster] start ${(cluster.startMs / 1000).toFixed(1)}s; ${mem.byProcess.length} processes, ` +
        `RSS ${(mem.rssBytes / 2 ** 20).toFixed(0)} MiB, PSS ${(mem.pssBytes / 2 ** 20).toFixed(0)} MiB`,
    );
  });

  after(async () => {
    await cluster?.stop();
  });

  test('lists the leases of all kinds: scheduler, workloads, apiserver identity, node heartbeats', async () => {
    const leases = await coordination.listLeaseForAllNamespaces();
    const names = leases.items.map((l) => `${l.metadata?.namespace}/${l.metadata?.name}`);
    for (const want of ['kube-system/kube-scheduler', 'demo/demo-elector', 'team-b/billing-controller', 'kube-node-lease/cp-node-1']) {
      assert.ok(names.includes(want), `${want} in ${names.join(', ')}`);
    }
    assert.ok(
      names.some((n) => n.startsWith('kube-system/apiserver-')),
      'kube-apiserver identity lease',
    );
  });

  test('reads the kube-scheduler lease holder, a <hostname>_<uuid> of a replica', async () => {
    const lease = await coordination.readNamespacedLease(SCHEDULER_LEASE);
    const holder = lease.spec?.holderIdentity ?? '';
    assert.match(holder, /^cp-node-\d+_[0-9a-f-]{36}$/);
    assert.equal(lease.spec?.leaseDurationSeconds, 4);
    assert.match(String(lease.spec?.renewTime), /^\d{4}-\d\d-\d\dT/);
    const hosts = (await cluster.state()).processes.filter((p) => p.role === 'scheduler').map((p) => p.hostname);
    assert.ok(hosts.includes(holder.split('_')[0]), `${holder} runs on one of ${hosts.join(', ')}`);
  });

  test('reads LeaderElection events recorded on the leases', async () => {
    for (const ns of ['kube-system', 'demo']) {
      const events = await poll(`LeaderElection events in ${ns}`, 30_000, async () => {
        const list = await core.listNamespacedEvent({ namespace: ns, fieldSelector: 'reason=LeaderElection' });
        return list.items.length > 0 ? list.items : undefined;
      });
      for (const e of events) {
        assert.equal(e.involvedObject.kind, 'Lease');
        assert.match(e.message ?? '', /^\S+_[0-9a-f-]{36} (became leader|stopped leading)$/);
      }
    }
  });

  test('reads the leading scheduler pod log through pods/log and finds the acquisition', async () => {
    const lease = await coordination.readNamespacedLease(SCHEDULER_LEASE);
    const host = (lease.spec?.holderIdentity ?? '').split('_')[0];
    const pod = await core.readNamespacedPod({ namespace: 'kube-system', name: `kube-scheduler-${host}` });
    assert.equal(pod.status?.phase, 'Running');
    const text = await core.readNamespacedPodLog({ namespace: 'kube-system', name: `kube-scheduler-${host}`, container: 'kube-scheduler' });
    assert.match(text, ACQUIRED);
    const tail = await core.readNamespacedPodLog({
      namespace: 'kube-system',
      name: `kube-scheduler-${host}`,
      tailLines: 3,
      timestamps: true,
    });
    const lines = tail.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    for (const l of lines) {
      assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /);
    }
  });

  test('moves leadership to another replica when the leader is killed', async () => {
    const before = await coordination.readNamespacedLease(SCHEDULER_LEASE);
    const oldHolder = before.spec?.holderIdentity ?? '';
    const killedAt = Date.now();
    await cluster.killScheduler(oldHolder.split('_')[0]);
    const after = await poll('a new kube-scheduler holder', 60_000, async () => {
      const lease = await coordination.readNamespacedLease(SCHEDULER_LEASE);
      const h = lease.spec?.holderIdentity;
      return h && h !== oldHolder ? lease : undefined;
    });
    console.error(
      `[realcluster] failover ${oldHolder} -> ${after.spec?.holderIdentity} in ${((Date.now() - killedAt) / 1000).toFixed(1)}s`,
    );
    assert.ok((after.spec?.leaseTransitions ?? 0) > (before.spec?.leaseTransitions ?? 0));
    const events = await poll('the new leader event', 30_000, async () => {
      const list = await core.listNamespacedEvent({ namespace: 'kube-system', fieldSelector: 'reason=LeaderElection' });
      return list.items.some((e) => e.message === `${after.spec?.holderIdentity} became leader`) ? list.items : undefined;
    });
    assert.ok(events.length >= 2);
  });

  test('limits dev to its namespaces (403 elsewhere)', async () => {
    const dev = cluster.kubeConfig(cluster.devContext);
    const devCoordination = dev.makeApiClient(CoordinationV1Api);
    const devCore = dev.makeApiClient(CoreV1Api);
    const { devNamespaces } = await cluster.state();
    for (const namespace of devNamespaces) {
      const leases = await devCoordination.listNamespacedLease({ namespace });
      assert.ok(leases.items.length > 0, `leases in ${namespace}`);
    }
    const workload = (await cluster.state()).processes.find((p) => p.role === 'elector' && p.pod?.namespace === 'demo');
    assert.ok(workload?.pod);
    const text = await devCore.readNamespacedPodLog({ namespace: 'demo', name: workload.pod.name });
    assert.match(text, /attempting to acquire leader lease/i);
    assert.ok(await forbidden(() => devCoordination.listNamespacedLease({ namespace: 'kube-system' })));
    assert.ok(await forbidden(() => devCoordination.listLeaseForAllNamespaces()));
    assert.ok(await forbidden(() => devCore.readNamespacedPodLog({ namespace: 'kube-system', name: 'kube-scheduler-cp-node-1' })));
  });
});
