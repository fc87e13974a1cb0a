// Holders that are not a pod name, through the real server process: a pod IP, a node name held by
// a host-network DaemonSet pod, and an identity no rule maps (the message says what was tried, and
// in which namespaces a pod of its name was looked for).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { leaseKey } from '../../src/shared/types';
import { leaseObject, podObject } from '../support/builders';
import { writeKubeconfig } from '../support/kubeconfig';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';

const UUID = '6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f';
const users = [{ name: 'viewer', token: 'viewer-token', admin: true, write: false }];

function withNetwork(pod: Record<string, unknown>, ips: string[], hostNetwork = false): Record<string, unknown> {
  const spec = pod.spec as Record<string, unknown>;
  const status = pod.status as Record<string, unknown>;
  return {
    ...pod,
    spec: { ...spec, ...(hostNetwork ? { hostNetwork: true } : {}) },
    status: { ...status, podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) },
  };
}

describe('following Leases whose holder is not a pod name', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;

  before(async () => {
    api = await startApiServer({ users });
    api.store.ensureNamespace('apps');
    const operator = { kind: 'ReplicaSet', name: 'operator-6d5f7b9c8', uid: 'rs-op' };
    const agent = { kind: 'DaemonSet', name: 'node-agent', uid: 'ds-agent' };
    api.store.upsertPod(withNetwork(podObject({ namespace: 'apps', name: 'operator-6d5f7b9c8-x2k4p', owner: operator }), ['10.244.1.7']));
    api.store.upsertPod(withNetwork(podObject({ namespace: 'apps', name: 'operator-6d5f7b9c8-q8w7e', owner: operator }), ['10.244.2.8']));
    api.store.upsertPod(
      withNetwork(podObject({ namespace: 'apps', name: 'node-agent-a1b2c', owner: agent, node: 'worker-1' }), ['192.168.0.11'], true),
    );
    api.store.upsertPod(
      withNetwork(podObject({ namespace: 'apps', name: 'node-agent-d3e4f', owner: agent, node: 'worker-2' }), ['192.168.0.12'], true),
    );
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'operator-lock', holder: '10.244.2.8' }));
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'node-agent', holder: `worker-2_${UUID}` }));
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'ghost-lock', holder: 'ghost-0.ghost.apps.svc' }));
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'demo', user: 'viewer' }], current: 'demo' }));
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig } });
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('a pod IP names the pod with that status.podIP, and its replicas', async () => {
    const key = leaseKey('demo', 'apps', 'operator-lock');
    await server.follow(key);
    const snap = await server.waitFor('the pods', () => {
      const s = server.follows.get(key);
      return s?.podResolution === 'found' || s?.podResolution === 'none' ? s : undefined;
    });
    assert.equal(snap.podResolution, 'found', snap.podMessage);
    assert.deepEqual(
      snap.pods.map((p) => [p.name, p.holder]),
      [
        ['operator-6d5f7b9c8-q8w7e', true],
        ['operator-6d5f7b9c8-x2k4p', false],
      ],
    );
  });

  test('a node name names the host-network DaemonSet pod on that node', async () => {
    const key = leaseKey('demo', 'apps', 'node-agent');
    await server.follow(key);
    const snap = await server.waitFor('the pods', () => {
      const s = server.follows.get(key);
      return s?.podResolution === 'found' || s?.podResolution === 'none' ? s : undefined;
    });
    assert.equal(snap.podResolution, 'found', snap.podMessage);
    assert.deepEqual(
      snap.pods.map((p) => [p.name, p.node, p.holder]),
      [
        ['node-agent-d3e4f', 'worker-2', true],
        ['node-agent-a1b2c', 'worker-1', false],
      ],
    );
  });

  test('an identity no rule maps: the message says which rules were tried', async () => {
    const key = leaseKey('demo', 'apps', 'ghost-lock');
    await server.follow(key);
    const snap = await server.waitFor('the pod message', () => {
      const s = server.follows.get(key);
      return s?.podResolution === 'none' || s?.podResolution === 'found' ? s : undefined;
    });
    assert.equal(snap.podResolution, 'none');
    assert.deepEqual(snap.pods, []);
    assert.match(
      snap.podMessage ?? '',
      /^No pod found for holder "ghost-0\.ghost\.apps\.svc" in apps\. Tried: pod named ghost-0\.ghost\.apps\.svc; static pod ghost-lock-ghost-0\.ghost\.apps\.svc on node ghost-0\.ghost\.apps\.svc; host-network pod on node ghost-0\.ghost\.apps\.svc; pod name at the start of the identity; pod name as a word in the identity; pod named ghost-0\.ghost\.apps\.svc or ghost-0 in the other namespaces you may list: default, kube-public, kube-system\. To choose the pods, set leaseLens\.podSelectors\["apps\/ghost-lock"\] to a label selector$/,
    );
  });
});
