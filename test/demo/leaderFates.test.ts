// The old leaders' fates in the demo: the local API server serves Nodes and apps/v1 ReplicaSets
// and Deployments (read-only) to @kubernetes/client-node; the OOMKilled leader's pod carries
// lastState.terminated and a previous log ending with the lost election; a rollout replaces the
// ReplicaSet and hands the Lease over.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AppsV1Api, CoordinationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { holderPod, LeaderFates, oomKillLeader, putNode, rolloutHandover, seedFateWorkload } from '../../demo/leaderFates';
import { kubeConfigFor, statusOf } from './apiserver/testkit';
import { waitFor } from '../../harness/waiting';

describe('demo: old leaders with a fate', () => {
  let api: ApiServer;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let leases: CoordinationV1Api;

  before(async () => {
    api = await startApiServer();
    const kc = kubeConfigFor(api);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    leases = kc.makeApiClient(CoordinationV1Api);
  });
  after(async () => api?.close());

  test('nodes, replicasets and deployments are served read-only', async () => {
    putNode(api.store, 'fate-node-a', false);
    const node = await core.readNode({ name: 'fate-node-a' });
    assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'Unknown');
    assert.ok((await core.listNode()).items.some((n) => n.metadata?.name === 'fate-node-a'));
    assert.equal((await statusOf(core.readNode({ name: 'no-such-node' }))).code, 404);
    const w = seedFateWorkload(api.store, { namespace: 'fates', deployment: 'served' });
    const rs = await apps.readNamespacedReplicaSet({ namespace: 'fates', name: w.replicaSet });
    assert.equal(rs.metadata?.ownerReferences?.[0]?.kind, 'Deployment');
    assert.equal((await apps.listNamespacedDeployment({ namespace: 'fates' })).items[0]?.metadata?.name, 'served');
    assert.equal((await statusOf(core.deleteNode({ name: 'fate-node-a' }))).code, 405, 'read-only over HTTP');
  });

  test('an OOMKilled leader: lastState.terminated, restart, previous log, a new holder', async () => {
    const w = seedFateWorkload(api.store, { namespace: 'fates', deployment: 'oom' });
    const { oldPod, newPod } = oomKillLeader(api.store, w);
    const pod = await core.readNamespacedPod({ namespace: 'fates', name: oldPod });
    const status = pod.status?.containerStatuses?.[0];
    assert.equal(status?.lastState?.terminated?.reason, 'OOMKilled');
    assert.equal(status?.lastState?.terminated?.exitCode, 137);
    assert.equal(status?.restartCount, 1);
    const previous = await core.readNamespacedPodLog({ namespace: 'fates', name: oldPod, previous: true });
    assert.match(previous, /failed to renew lease fates\/oom: .*context deadline exceeded\n.*leaderelection lost\n$/);
    const lease = await leases.readNamespacedLease({ namespace: 'fates', name: 'oom' });
    assert.equal(lease.spec?.holderIdentity, w.identities.get(newPod));
  });

  test('a rollout: a newer ReplicaSet, the old pods gone, its pod holds the Lease', async () => {
    const w = seedFateWorkload(api.store, { namespace: 'fates', deployment: 'roll' });
    const first = w.replicaSet;
    const { oldPod, newPod } = rolloutHandover(api.store, w);
    assert.notEqual(w.replicaSet, first);
    assert.equal((await statusOf(core.readNamespacedPod({ namespace: 'fates', name: oldPod }))).code, 404);
    const sets = (await apps.listNamespacedReplicaSet({ namespace: 'fates' })).items.filter((r) => r.metadata?.name?.startsWith('roll-'));
    assert.deepEqual(
      sets.map((r) => [r.metadata?.name, r.spec?.replicas]).sort(),
      [
        [first, 0],
        [w.replicaSet, 2],
      ].sort(),
    );
    assert.equal(holderPod(api.store, w), newPod);
  });

  test('the demo driver runs both on its timer', async () => {
    const fates = new LeaderFates(api.store, { everyMs: 200, renewEveryMs: 50 });
    const before = { oom: holderPod(api.store, fates.oom), rollout: fates.rollout.replicaSet };
    fates.start();
    try {
      await waitFor(
        'an OOM kill and a rollout',
        () => holderPod(api.store, fates.oom) !== before.oom && fates.rollout.replicaSet !== before.rollout,
        10_000,
      );
    } finally {
      fates.stop();
    }
  });
});
