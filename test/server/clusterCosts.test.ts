// Costs that grow with the cluster, not with what is shown (issue 18 §5), through the real server
// process against the local API server: node Leases counted without a watch; namespaces probed
// once when cluster scope is forbidden; log streams bounded per follow and on sockets of their own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { microTime, startApiServer, type ApiServer, type ApiUser } from '../../demo/apiserver';
import { Contexts } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { leaseObject, podObject } from '../support/builders';
import { writeKubeconfig } from '../support/kubeconfig';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';

const admin: ApiUser = { name: 'admin', token: 'admin-token', admin: true, write: true };
const viewer: ApiUser = { name: 'viewer', token: 'viewer-token', admin: true, write: false };
const nodeLeasePath = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';

describe('node Leases counted', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;
  const nodes = 1200;

  before(async () => {
    api = await startApiServer({ users: [admin, viewer] });
    for (let i = 0; i < nodes; i++) {
      api.store.applyLease(leaseObject({ namespace: 'kube-node-lease', name: `node-${i}`, holder: `node-${i}`, durationSeconds: 40 }));
    }
    api.store.applyLease(leaseObject({ namespace: 'kube-system', name: 'kube-scheduler', holder: 'cp-1_1f0c' }));
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'c', user: 'viewer' }], current: 'c' }));
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig }, settings: { nodeLeases: 'counted' } });
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('are counted by limit=1 lists, never watched, and recounted on Refresh', async () => {
    await server.watch(['c']);
    await server.waitFor('the count', () => server.states.get('c')?.nodeLeaseCount === nodes);
    const nodeRequests = (): typeof api.requests => api.requests.filter((r) => r.path === nodeLeasePath);
    assert.ok(nodeRequests().length >= 1);
    assert.ok(
      nodeRequests().every((r) => !r.watch && new URLSearchParams(r.query).get('limit') === '1'),
      `only limit=1 lists of kube-node-lease: ${nodeRequests()
        .map((r) => r.query)
        .join(' | ')}`,
    );
    assert.equal(api.openStreams().filter((r) => r.path === nodeLeasePath).length, 0, 'no watch of node heartbeats');
    // Heartbeats change nothing the client sees.
    const batches = server.batches.length;
    for (let i = 0; i < 50; i++) {
      api.store.applyLease(leaseObject({ namespace: 'kube-node-lease', name: `node-${i}`, holder: `node-${i}`, durationSeconds: 40 }));
    }
    for (let i = nodes; i < nodes + 5; i++) {
      api.store.applyLease(leaseObject({ namespace: 'kube-node-lease', name: `node-${i}`, holder: `node-${i}`, durationSeconds: 40 }));
    }
    await server.conn.sendNotification(Contexts.refresh, { contexts: ['c'] });
    await server.waitFor('the count after Refresh', () => server.states.get('c')?.nodeLeaseCount === nodes + 5);
    assert.equal(api.openStreams().filter((r) => r.path === nodeLeasePath).length, 0);
    assert.ok(
      server.batches.slice(batches).every((b) => b.deltas.every((d) => d.type !== 'upsert' || d.lease.namespace !== 'kube-node-lease')),
      'no node Lease reaches the client',
    );
  });
});

describe('cluster scope forbidden, namespaces listable', () => {
  const total = 200;
  const readable = 20;
  const names = Array.from({ length: total }, (_, i) => `ns-${String(i).padStart(3, '0')}`);
  let api: ApiServer;
  let narrow: ApiUser;
  const leaseLists = (status: number): number =>
    api.requests.filter(
      (r) => r.status === status && !r.watch && /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/[^/]+\/leases$/.test(r.path),
    ).length;
  const leaseWatches = (): number => api.openStreams().filter((r) => r.path.endsWith('/leases')).length;

  before(async () => {
    narrow = { name: 'narrow', token: 'narrow-token', namespaces: names.slice(0, readable), clusterRead: ['namespaces'] };
    api = await startApiServer({ users: [admin, viewer, narrow] });
    for (const ns of names) {
      api.store.applyLease(leaseObject({ namespace: ns, name: 'controller', holder: 'pod-0_1a2b' }));
    }
  });

  after(async () => {
    await api?.close();
  });

  test('probes each namespace once, watches only those that answer, lists the rest as forbidden, and tries them again on Refresh', async () => {
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'c', user: 'narrow' }], current: 'c' }));
    const server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig }, settings: { lockKinds: [] } });
    try {
      const listed = api.store.listNamespaces().filter((n) => n.metadata.name !== 'kube-node-lease').length;
      await server.watch(['c']);
      const state = await server.waitFor(
        'the readable namespaces',
        () => {
          const s = server.states.get('c');
          return s?.synced && s.phase === 'partial' && server.leases.size === readable && leaseWatches() === readable ? s : undefined;
        },
        30_000,
      );
      assert.equal(state.forbiddenNamespaces.length, listed - readable);
      assert.ok(state.forbiddenNamespaces.includes('ns-199') && !state.forbiddenNamespaces.includes('ns-000'));
      // One refused list per forbidden namespace (the probe) plus the cluster-scope list: no retries.
      assert.equal(leaseLists(403), listed - readable + 1);
      assert.equal(leaseWatches(), readable);

      narrow.namespaces!.push('ns-150');
      await server.conn.sendNotification(Contexts.refresh, { contexts: ['c'] });
      await server.waitFor('the namespace granted, after Refresh', () => server.leases.has(leaseKey('c', 'ns-150', 'controller')), 30_000);
      await server.waitFor('its watch', () => leaseWatches() === readable + 1);
      const after = await server.waitFor('the state', () => {
        const s = server.states.get('c');
        return s?.synced && s.forbiddenNamespaces.length === listed - readable - 1 ? s : undefined;
      });
      assert.ok(!after.forbiddenNamespaces.includes('ns-150'));
    } finally {
      narrow.namespaces = names.slice(0, readable);
      await server.close();
    }
  });

  test('asks the forbidden namespaces again on its slow timer', async () => {
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'c', user: 'narrow' }], current: 'c' }));
    const server = await startLeaseServer({
      env: { KUBECONFIG: kubeconfig, LEASE_LENS_NAMESPACE_REPROBE_MS: '400' },
      settings: { lockKinds: [] },
    });
    try {
      await server.watch(['c']);
      await server.waitFor('the readable namespaces', () => server.states.get('c')?.synced && server.leases.size === readable, 30_000);
      narrow.namespaces!.push('ns-042');
      await server.waitFor(
        'the namespace granted, without Refresh',
        () => server.leases.has(leaseKey('c', 'ns-042', 'controller')),
        30_000,
      );
      await server.waitFor('its watch', () => leaseWatches() === readable + 1);
    } finally {
      narrow.namespaces = names.slice(0, readable);
      await server.close();
    }
  });
});

describe('log streams of a follow', () => {
  const ns = 'apps';
  const containers = ['manager', 'proxy', 'metrics', 'audit'];
  const deployments = ['alpha', 'beta'];
  const podsOf = (d: string): string[] => Array.from({ length: 12 }, (_, i) => `${d}-7d9f8b6c5-p${String(i).padStart(2, '0')}`);
  let api: ApiServer;
  let server: LeaseServerProcess;
  let writer: NodeJS.Timeout | undefined;

  before(async () => {
    api = await startApiServer({ users: [admin, viewer] });
    for (const d of deployments) {
      api.store.applyLease(leaseObject({ namespace: ns, name: d, holder: `${podsOf(d)[0]}_1a2b`, durationSeconds: 60 }));
      for (const pod of podsOf(d)) {
        api.store.upsertPod(
          podObject({
            namespace: ns,
            name: pod,
            owner: { kind: 'ReplicaSet', name: `${d}-7d9f8b6c5`, uid: `rs-${d}` },
            containers,
          }) as never,
        );
      }
    }
    api.store.applyLease(leaseObject({ namespace: ns, name: 'gamma', holder: 'elsewhere_9f8e', durationSeconds: 60 }));
    let n = 0;
    writer = setInterval(() => {
      for (const d of deployments) {
        for (const pod of podsOf(d)) {
          for (const c of containers) {
            api.store.appendLog(ns, pod, c, `I1206 02:00:00.000000       1 ${c}.go:42] line ${n}`, new Date());
          }
        }
      }
      n++;
    }, 200);
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'c', user: 'viewer' }], current: 'c' }));
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig } });
  });

  after(async () => {
    clearInterval(writer);
    await server?.close();
    await api?.close();
  });

  test('stream at most 24 containers per follow, say which are not, and leave Lease watches live', async () => {
    await server.watch(['c']);
    for (const d of deployments) {
      await server.follow(leaseKey('c', ns, d));
    }
    const logStreams = (): number => api.openStreams().filter((r) => r.path.endsWith('/log')).length;
    await server.waitFor('24 log streams per follow', () => logStreams() === 48, 30_000);
    const alpha = await server.waitFor('the logs message', () => {
      const s = server.follows.get(leaseKey('c', ns, 'alpha'));
      return s?.logsMessage?.includes('not streamed') ? s : undefined;
    });
    assert.match(alpha.logsMessage!, /24 of 48 containers/);
    assert.match(alpha.logsMessage!, /alpha-7d9f8b6c5-p\d\d\/(proxy|metrics|audit)/);
    assert.equal(alpha.pods.length, 12);
    await server.waitFor("lines of every replica's first container", () => {
      const logs = server.follows.get(leaseKey('c', ns, 'alpha'))?.logs ?? [];
      return podsOf('alpha').every((pod) => logs.some((l) => l.pod === pod && l.container === 'manager'));
    });
    // A new follow's Lease watch, and a Lease update, while 48 log streams are open.
    const gamma = leaseKey('c', ns, 'gamma');
    await server.follow(gamma);
    await server.waitFor('the third follow has its Lease', () => server.follows.get(gamma)?.lease, 2000);
    const renewed = microTime(Date.now());
    const object = leaseObject({ namespace: ns, name: 'gamma', holder: 'elsewhere_9f8e', durationSeconds: 60 });
    object.spec.renewTime = renewed;
    api.store.applyLease(object);
    await Promise.all([
      server.waitFor('the update in the follow', () => server.follows.get(gamma)?.lease?.spec.renewTime === renewed, 2000),
      server.waitFor('the update in the tree', () => server.leases.get(gamma)?.spec.renewTime === renewed, 2000),
    ]);
    assert.equal(logStreams(), 48);
  });
});
