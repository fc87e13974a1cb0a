// The fate of the old leader through the real server process: for each ended term of a followed
// Lease, the server reads the old holder's pod, node, Events, ReplicaSets and previous log from the
// local API server and sends the cause with its evidence in the follow snapshot/updates.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import {
  acquire,
  deleteNode,
  holderPod,
  oomKillLeader,
  putNode,
  rolloutHandover,
  seedFateWorkload,
  type FateWorkload,
} from '../../demo/leaderFates';
import { fateLine } from '../../src/core/leaderFate';
import type { TermFate } from '../../src/shared/fate';
import { Follow } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { writeKubeconfig } from '../support/kubeconfig';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';

const NS = 'fates';
const users = [
  { name: 'admin', token: 'admin-token', admin: true, write: true },
  { name: 'viewer', token: 'viewer-token', admin: true, write: false },
  { name: 'narrow', token: 'narrow-token', namespaces: [NS] },
];
const time = (ms: number): string => new Date(ms).toISOString();

describe('the fate of the old leader', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;

  before(async () => {
    api = await startApiServer({ users });
    api.store.ensureNamespace(NS);
    const kubeconfig = writeKubeconfig(
      api.kubeconfig({
        contexts: [
          { name: 'demo', user: 'viewer' },
          { name: 'narrow', user: 'narrow' },
        ],
        current: 'demo',
      }),
    );
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig } });
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  /** Follows the workload's Lease until the server has seen its holder. */
  async function follow(w: FateWorkload, context = 'demo'): Promise<string> {
    const key = leaseKey(context, w.namespace, w.lease);
    await server.follow(key);
    const holder = w.identities.get(holderPod(api.store, w)!)!;
    await server.waitFor(`${key} followed`, () => {
      const s = server.follows.get(key);
      return (s?.lease?.spec.holderIdentity === holder && s.podResolution === 'found') || undefined;
    });
    return key;
  }

  /** Stops a follow: each holds watches and log streams, and the client's connections are bounded. */
  async function unfollow(...keys: string[]): Promise<void> {
    for (const key of keys) {
      await server.conn.sendNotification(Follow.stop, { key });
    }
  }

  function fateOf(key: string, holder: string, ready: (f: TermFate) => boolean): Promise<TermFate> {
    return server.waitFor(`the fate of ${holder}`, () => server.follows.get(key)?.fates?.find((f) => f.holder === holder && ready(f)));
  }

  test('a leader OOMKilled and restarted: the container, the node Event, the previous log ending with the lost election', async () => {
    const w = seedFateWorkload(api.store, { namespace: NS, deployment: 'oom' });
    const key = await follow(w);
    const old = w.identities.get(holderPod(api.store, w)!)!;
    const { oldPod } = oomKillLeader(api.store, w);
    const fate = await fateOf(key, old, (f) => f.cause === 'oom-killed' && f.evidence.some((e) => e.source === 'log'));
    assert.equal(fate.pod, oldPod);
    assert.equal(fate.exitCode, 137);
    assert.equal(fate.restarted, true);
    assert.equal(fate.node, w.node);
    assert.match(fateLine(fate, time), /: pod OOMKilled at \S+ \(exit 137\), restarted$/);
    const previous = fate.evidence.filter((e) => e.source === 'log' && e.previous);
    assert.ok(
      previous.some((e) =>
        e.text.includes(`failed to renew lease ${NS}/oom: timed out waiting for the condition: context deadline exceeded`),
      ),
      'the previous container said it failed to renew',
    );
    assert.match(previous.at(-1)!.text, /leaderelection lost$/, 'the previous container log ends with the lost election');
    assert.ok(
      fate.evidence.some((e) => e.source === 'event' && e.text.includes('OOMKilling')),
      'the node’s OOMKilling Event',
    );
    assert.ok(
      fate.evidence.some((e) => e.source === 'node' && e.text.includes('Ready')),
      'the node’s state',
    );
    assert.ok(fate.evidence.some((e) => e.source === 'container' && e.text.includes('OOMKilled, exit code 137')));
    const logGets = api.requests.filter((r) => r.path.endsWith(`/pods/${oldPod}/log`) && r.query.includes('previous=true'));
    assert.ok(logGets.length > 0, 'the previous container’s log was read');
    await unfollow(key);
  });

  test('a term that ended before Follow was pressed gets its fate too (from the leadership record)', async () => {
    const w = seedFateWorkload(api.store, { namespace: NS, deployment: 'early' });
    const key = leaseKey('demo', w.namespace, w.lease);
    // The context is watched (its records kept) but the Lease is not followed when its leader dies.
    await server.watch(['demo']);
    const old = w.identities.get(holderPod(api.store, w)!)!;
    await server.waitFor('the record of the first term', () => server.leases.get(key)?.spec.holderIdentity === old || undefined);
    const { oldPod } = oomKillLeader(api.store, w);
    await server.waitFor('the new holder in the tree', () => {
      const holder = server.leases.get(key)?.spec.holderIdentity;
      return (holder !== undefined && holder !== old) || undefined;
    });
    await server.follow(key);
    const fate = await fateOf(key, old, (f) => f.cause === 'oom-killed');
    assert.equal(fate.pod, oldPod);
    assert.equal(fate.exitCode, 137);
    await unfollow(key);
  });

  test('a rollout hands over: told apart from a crash', async () => {
    const w = seedFateWorkload(api.store, { namespace: NS, deployment: 'roll' });
    const key = await follow(w);
    const old = w.identities.get(holderPod(api.store, w)!)!;
    const firstRs = w.replicaSet;
    rolloutHandover(api.store, w);
    const fate = await fateOf(key, old, (f) => f.cause !== 'unknown');
    assert.equal(fate.cause, 'rollout');
    assert.equal(fate.deployment, 'roll');
    assert.equal(fate.fromReplicaSet, firstRs);
    assert.equal(fate.toReplicaSet, w.replicaSet);
    assert.equal(fate.restarted, undefined);
    assert.match(
      fateLine(fate, time),
      new RegExp(`^released: handed over in a rollout of Deployment roll \\(${firstRs} → ${w.replicaSet}\\)$`),
    );
    assert.ok(fate.evidence.some((e) => e.source === 'event' && e.text.includes('Killing')));

    // The new ReplicaSet's leader then crashes: that end is a crash, not the rollout.
    const second = w.identities.get(holderPod(api.store, w)!)!;
    oomKillLeader(api.store, w);
    const crash = await fateOf(key, second, (f) => f.cause !== 'unknown');
    assert.equal(crash.cause, 'oom-killed');
    await unfollow(key);
  });

  test('a deleted pod (404), an evicted pod, a node NotReady, a node gone', async () => {
    const deleted = seedFateWorkload(api.store, { namespace: NS, deployment: 'gone' });
    const evicted = seedFateWorkload(api.store, { namespace: NS, deployment: 'evict' });
    const notReady = seedFateWorkload(api.store, { namespace: NS, deployment: 'nr', node: 'nr-node' });
    const nodeGone = seedFateWorkload(api.store, { namespace: NS, deployment: 'ng', node: 'ng-node' });
    const keys = await Promise.all([deleted, evicted, notReady, nodeGone].map((w) => follow(w)));
    const holders = [deleted, evicted, notReady, nodeGone].map((w) => holderPod(api.store, w)!);

    api.store.createEvent({
      metadata: { namespace: NS },
      involvedObject: { kind: 'Pod', namespace: NS, name: holders[0] },
      reason: 'Killing',
      message: 'Stopping container manager',
    });
    api.store.deletePod(NS, holders[0]);
    acquire(api.store, deleted, deleted.pods[1]);

    const pod = api.store.getPod(NS, holders[1])!;
    api.store.upsertPod({
      ...pod,
      status: { ...pod.status, phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' },
    });
    api.store.createEvent({
      metadata: { namespace: NS },
      involvedObject: { kind: 'Pod', namespace: NS, name: holders[1] },
      reason: 'Evicted',
      type: 'Warning',
      message: 'The node was low on resource: memory.',
    });
    acquire(api.store, evicted, evicted.pods[1]);

    putNode(api.store, 'nr-node', false);
    acquire(api.store, notReady, notReady.pods[1]);

    api.store.deletePod(NS, holders[3]);
    deleteNode(api.store, 'ng-node');
    acquire(api.store, nodeGone, nodeGone.pods[1]);

    const fates = await Promise.all(
      [deleted, evicted, notReady, nodeGone].map((w, i) => fateOf(keys[i], w.identities.get(holders[i])!, (f) => f.cause !== 'unknown')),
    );
    assert.deepEqual(
      fates.map((f) => f.cause),
      ['deleted', 'evicted', 'node-not-ready', 'node-gone'],
    );
    assert.match(fateLine(fates[0], time), /: pod deleted at \S+$/);
    assert.ok(fates[0].evidence.some((e) => e.source === 'pod' && e.text.includes('no longer exists')));
    assert.match(fateLine(fates[1], time), /: pod evicted at /);
    assert.match(fateLine(fates[2], time), /: node nr-node NotReady since /);
    assert.match(fateLine(fates[3], time), /: node ng-node is gone$/);
    await unfollow(...keys);
  });

  test('a holder whose pod never existed (404) and a user who may not read nodes (403): notes, not errors', async () => {
    const ghost = seedFateWorkload(api.store, { namespace: NS, deployment: 'ghost' });
    api.store.applyLease({
      metadata: { name: 'ghost', namespace: NS },
      spec: { ...api.store.getLease(NS, 'ghost')!.spec, holderIdentity: 'ghost-6f7c9d8b4-zzzzz_1b4e28ba-2fa1-11d2-883f-0016d3cca427' },
    });
    const key = leaseKey('demo', NS, 'ghost');
    await server.follow(key);
    await server.waitFor(
      'the ghost holder',
      () =>
        server.follows.get(key)?.lease?.spec.holderIdentity === 'ghost-6f7c9d8b4-zzzzz_1b4e28ba-2fa1-11d2-883f-0016d3cca427' || undefined,
    );
    acquire(api.store, ghost, ghost.pods[1]);
    const lost = await fateOf(key, 'ghost-6f7c9d8b4-zzzzz_1b4e28ba-2fa1-11d2-883f-0016d3cca427', () => true);
    assert.equal(lost.pod, 'ghost-6f7c9d8b4-zzzzz');
    assert.equal(lost.cause, 'deleted');
    assert.ok(lost.evidence.some((e) => e.source === 'pod' && e.text.includes('no longer exists')));

    const narrow = seedFateWorkload(api.store, { namespace: NS, deployment: 'narrow' });
    const narrowKey = await follow(narrow, 'narrow');
    const old = narrow.identities.get(holderPod(api.store, narrow)!)!;
    oomKillLeader(api.store, narrow);
    const fate = await fateOf(narrowKey, old, (f) => f.cause !== 'unknown' && f.evidence.some((e) => e.source === 'log'));
    assert.equal(fate.cause, 'oom-killed', 'the pod alone tells the cause');
    const notes = fate.evidence.filter((e) => e.source === 'note').map((e) => e.text);
    assert.ok(
      notes.some((n) => /may not read the node narrow-node/.test(n)),
      notes.join('\n'),
    );
    assert.ok(!fate.evidence.some((e) => e.source === 'node'), 'no node state without the node');
  });

  test('only GET requests', () => {
    const mine = api.requests.filter((r) => r.user === 'viewer' || r.user === 'narrow');
    assert.ok(
      mine.some((r) => r.path.startsWith('/apis/apps/v1/')),
      'ReplicaSets were read',
    );
    assert.ok(
      mine.some((r) => r.path.startsWith('/api/v1/nodes/')),
      'nodes were read',
    );
    assert.deepEqual([...new Set(mine.map((r) => r.method))], ['GET']);
  });
});
