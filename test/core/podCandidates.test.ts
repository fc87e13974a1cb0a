import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveCandidatePods, type PodSummary } from '../../src/core/podCandidates';

const UUID = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';

function staticPod(component: string, node: string): PodSummary {
  return {
    namespace: 'kube-system',
    name: `${component}-${node}`,
    labels: { component, tier: 'control-plane' },
    ownerReferences: [{ kind: 'Node', name: node, uid: `uid-${node}`, controller: true }],
    nodeName: node,
    phase: 'Running',
    containers: [component],
    restarts: 0,
  };
}

function replicaPod(namespace: string, owner: { kind: string; name: string; uid: string }, suffix: string, hash?: string): PodSummary {
  return {
    namespace,
    name: `${owner.name}-${suffix}`,
    labels:
      hash === undefined
        ? { app: owner.name }
        : { app: owner.name.slice(0, owner.name.length - hash.length - 1), 'pod-template-hash': hash },
    ownerReferences: [{ ...owner, controller: true }],
    nodeName: 'worker-1',
    phase: 'Running',
    containers: ['manager'],
    restarts: 1,
  };
}

const rsCurrent = { kind: 'ReplicaSet', name: 'payments-api-7d9f8c6b5', uid: 'rs-1' };
const rsOld = { kind: 'ReplicaSet', name: 'payments-api-6c8b7d9f4', uid: 'rs-2' };
const rsOther = { kind: 'ReplicaSet', name: 'payments-api-v2-5f6d7c8b9', uid: 'rs-3' };
const worker = { kind: 'StatefulSet', name: 'payments-worker', uid: 'ss-1' };
const certManager = { kind: 'ReplicaSet', name: 'cert-manager-7d9f8c6b5', uid: 'rs-cm' };
const cainjector = { kind: 'ReplicaSet', name: 'cert-manager-cainjector-5c4b7d8f9', uid: 'rs-ci' };

const pods: PodSummary[] = [
  ...['cp-node-1', 'cp-node-2', 'cp-node-3'].flatMap((n) => [
    staticPod('kube-scheduler', n),
    staticPod('kube-controller-manager', n),
    staticPod('kube-apiserver', n),
  ]),
  replicaPod('kube-system', { kind: 'ReplicaSet', name: 'coredns-5d78c9869d', uid: 'rs-dns' }, 'abcde', '5d78c9869d'),
  replicaPod('payments', rsCurrent, 'x2k4p', '7d9f8c6b5'),
  replicaPod('payments', rsCurrent, 'q8w7e', '7d9f8c6b5'),
  { ...replicaPod('payments', rsOld, 'zz9xx', '6c8b7d9f4'), deleting: true, phase: 'Running' },
  replicaPod('payments', rsOther, 'aaaaa', '5f6d7c8b9'),
  replicaPod('payments', worker, '0'),
  replicaPod('payments', worker, '1'),
  { namespace: 'payments', name: 'debug', labels: {}, ownerReferences: [], containers: ['sh', 'curl'], restarts: 0 },
  replicaPod('cert-manager', certManager, 'x2k4p', '7d9f8c6b5'),
  replicaPod('cert-manager', certManager, 'm3n4p', '7d9f8c6b5'),
  replicaPod('cert-manager', cainjector, 'k9j8h', '5c4b7d8f9'),
];

function names(result: ReturnType<typeof resolveCandidatePods>): string[] {
  return result.pods.map((p) => `${p.holder ? '*' : ''}${p.namespace}/${p.name}`);
}

describe('resolveCandidatePods', () => {
  test('host-network static pods: the identity names a node', () => {
    const result = resolveCandidatePods({
      lease: { namespace: 'kube-system', name: 'kube-scheduler', holderIdentity: `cp-node-2_${UUID}` },
      pods,
    });
    assert.deepEqual(result, {
      resolution: 'found',
      rule: 'static-pod',
      workload: 'static pods kube-scheduler',
      pods: [
        {
          namespace: 'kube-system',
          name: 'kube-scheduler-cp-node-2',
          containers: ['kube-scheduler'],
          node: 'cp-node-2',
          phase: 'Running',
          holder: true,
          restarts: 0,
        },
        {
          namespace: 'kube-system',
          name: 'kube-scheduler-cp-node-1',
          containers: ['kube-scheduler'],
          node: 'cp-node-1',
          phase: 'Running',
          holder: false,
          restarts: 0,
        },
        {
          namespace: 'kube-system',
          name: 'kube-scheduler-cp-node-3',
          containers: ['kube-scheduler'],
          node: 'cp-node-3',
          phase: 'Running',
          holder: false,
          restarts: 0,
        },
      ],
    });
  });

  test('static pods for kube-controller-manager and a bare node-name identity', () => {
    const kcm = resolveCandidatePods({
      lease: { namespace: 'kube-system', name: 'kube-controller-manager', holderIdentity: `cp-node-1_${UUID}` },
      pods,
    });
    assert.deepEqual(names(kcm), [
      '*kube-system/kube-controller-manager-cp-node-1',
      'kube-system/kube-controller-manager-cp-node-2',
      'kube-system/kube-controller-manager-cp-node-3',
    ]);
    // Coordinated leader election: holder is the bare node name, the Lease lives elsewhere.
    const cle = resolveCandidatePods({
      lease: { namespace: 'kube-system', name: 'kube-controller-manager', holderIdentity: 'cp-node-3' },
      pods,
    });
    assert.equal(cle.rule, 'static-pod');
    assert.equal(names(cle)[0], '*kube-system/kube-controller-manager-cp-node-3');
  });

  test('a static pod found by its component label on the node', () => {
    const custom: PodSummary = { ...staticPod('kube-scheduler', 'cp-node-5'), name: 'custom-scheduler-pod' };
    const result = resolveCandidatePods({
      lease: { namespace: 'kube-system', name: 'kube-scheduler', holderIdentity: `cp-node-5_${UUID}` },
      pods: [...pods, custom],
    });
    assert.equal(result.rule, 'static-pod');
    assert.deepEqual(names(result), [
      '*kube-system/custom-scheduler-pod',
      'kube-system/kube-scheduler-cp-node-1',
      'kube-system/kube-scheduler-cp-node-2',
      'kube-system/kube-scheduler-cp-node-3',
    ]);
  });

  test('a static pod named by the identity (no host network)', () => {
    const result = resolveCandidatePods({
      lease: { namespace: 'kube-system', name: 'my-scheduler', holderIdentity: `kube-scheduler-cp-node-3_${UUID}` },
      pods,
    });
    assert.equal(result.rule, 'holder-pod');
    assert.equal(result.workload, 'static pods kube-scheduler');
    assert.deepEqual(names(result), [
      '*kube-system/kube-scheduler-cp-node-3',
      'kube-system/kube-scheduler-cp-node-1',
      'kube-system/kube-scheduler-cp-node-2',
    ]);
  });

  test('Deployment pods: every ReplicaSet of the Deployment, not other Deployments', () => {
    const result = resolveCandidatePods({
      lease: { namespace: 'payments', name: 'a3f1c2d4.payments.example.com', holderIdentity: `payments-api-7d9f8c6b5-x2k4p_${UUID}` },
      pods,
    });
    assert.deepEqual(result, {
      resolution: 'found',
      rule: 'holder-pod',
      workload: 'Deployment payments-api',
      pods: [
        {
          namespace: 'payments',
          name: 'payments-api-7d9f8c6b5-x2k4p',
          containers: ['manager'],
          node: 'worker-1',
          phase: 'Running',
          holder: true,
          restarts: 1,
        },
        {
          namespace: 'payments',
          name: 'payments-api-6c8b7d9f4-zz9xx',
          containers: ['manager'],
          node: 'worker-1',
          phase: 'Running',
          holder: false,
          restarts: 1,
        },
        {
          namespace: 'payments',
          name: 'payments-api-7d9f8c6b5-q8w7e',
          containers: ['manager'],
          node: 'worker-1',
          phase: 'Running',
          holder: false,
          restarts: 1,
        },
      ],
    });
  });

  test('Deployment pods without pod-template-hash labels', () => {
    const unlabelled = pods.map((p) => {
      const labels = { ...p.labels };
      delete labels['pod-template-hash'];
      return { ...p, labels };
    });
    const result = resolveCandidatePods({
      lease: { namespace: 'payments', name: 'x', holderIdentity: `payments-api-7d9f8c6b5-q8w7e_${UUID}` },
      pods: unlabelled,
    });
    assert.equal(result.workload, 'Deployment payments-api');
    assert.deepEqual(names(result), [
      '*payments/payments-api-7d9f8c6b5-q8w7e',
      'payments/payments-api-6c8b7d9f4-zz9xx',
      'payments/payments-api-7d9f8c6b5-x2k4p',
    ]);
  });

  test('StatefulSet pods share the owner uid', () => {
    const result = resolveCandidatePods({
      lease: { namespace: 'payments', name: 'worker-lock', holderIdentity: `payments-worker-1_${UUID}` },
      pods,
    });
    assert.equal(result.rule, 'holder-pod');
    assert.equal(result.workload, 'StatefulSet payments-worker');
    assert.deepEqual(names(result), ['*payments/payments-worker-1', 'payments/payments-worker-0']);
  });

  test('a pod without owner is its own workload', () => {
    const result = resolveCandidatePods({ lease: { namespace: 'payments', name: 'x', holderIdentity: `debug_${UUID}` }, pods });
    assert.deepEqual(result, {
      resolution: 'found',
      rule: 'holder-pod',
      workload: 'pod debug',
      pods: [{ namespace: 'payments', name: 'debug', containers: ['sh', 'curl'], holder: true, restarts: 0 }],
    });
  });

  test('hostnames are matched case-insensitively', () => {
    const result = resolveCandidatePods({
      lease: { namespace: 'payments', name: 'x', holderIdentity: `PAYMENTS-WORKER-0_${UUID}` },
      pods,
    });
    assert.deepEqual(names(result), ['*payments/payments-worker-0', 'payments/payments-worker-1']);
  });

  test('cert-manager: the identity starts with the pod name, pods in another namespace', () => {
    const result = resolveCandidatePods({
      lease: {
        namespace: 'kube-system',
        name: 'cert-manager-controller',
        holderIdentity: 'cert-manager-7d9f8c6b5-x2k4p-external-cert-manager-controller',
      },
      pods,
    });
    assert.equal(result.rule, 'pod-name-prefix');
    assert.equal(result.workload, 'Deployment cert-manager');
    assert.deepEqual(names(result), ['*cert-manager/cert-manager-7d9f8c6b5-x2k4p', 'cert-manager/cert-manager-7d9f8c6b5-m3n4p']);
  });

  test('API server identity leases find kube-apiserver through their labels', () => {
    const result = resolveCandidatePods({
      lease: {
        namespace: 'kube-system',
        name: 'apiserver-2ogo5gqz6cz3wkmd4vkhqqbu7e',
        holderIdentity: 'apiserver-2ogo5gqz6cz3wkmd4vkhqqbu7e_4b3a2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0',
        labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': 'cp-node-1' },
      },
      pods,
    });
    assert.equal(result.rule, 'apiserver-identity');
    assert.deepEqual(names(result), [
      '*kube-system/kube-apiserver-cp-node-1',
      'kube-system/kube-apiserver-cp-node-2',
      'kube-system/kube-apiserver-cp-node-3',
    ]);
    const missing = resolveCandidatePods({
      lease: {
        namespace: 'kube-system',
        name: 'apiserver-abc',
        holderIdentity: `apiserver-abc_${UUID}`,
        labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': 'cp-node-9' },
      },
      pods,
    });
    assert.deepEqual(missing, {
      resolution: 'none',
      pods: [],
      tried: [{ rule: 'apiserver-identity', text: 'API server pod kube-apiserver-cp-node-9' }],
      message:
        'No pod found for holder "apiserver-abc" in kube-system. Tried: API server pod kube-apiserver-cp-node-9. To choose the pods, set leaseLens.podSelectors["kube-system/apiserver-abc"] to a label selector',
    });
  });

  test('no pod with the name: none, with what to do', () => {
    const result = resolveCandidatePods({ lease: { namespace: 'kube-system', name: 'x', holderIdentity: `cp-node-9_${UUID}` }, pods });
    assert.deepEqual(result, {
      resolution: 'none',
      pods: [],
      tried: [
        { rule: 'holder-pod', text: 'pod named cp-node-9' },
        { rule: 'static-pod', text: 'static pod x-cp-node-9 on node cp-node-9' },
        { rule: 'host-network-node', text: 'host-network pod on node cp-node-9' },
        { rule: 'pod-name-prefix', text: 'pod name at the start of the identity' },
        { rule: 'pod-name-token', text: 'pod name as a word in the identity' },
      ],
      message:
        'No pod found for holder "cp-node-9" in kube-system. Tried: pod named cp-node-9; static pod x-cp-node-9 on node cp-node-9; host-network pod on node cp-node-9; pod name at the start of the identity; pod name as a word in the identity. To choose the pods, set leaseLens.podSelectors["kube-system/x"] to a label selector',
    });
  });

  test('an identity that names no host', () => {
    const result = resolveCandidatePods({ lease: { namespace: 'jobs', name: 'x', holderIdentity: 'my_weird id' }, pods });
    assert.deepEqual(result, {
      resolution: 'none',
      pods: [],
      tried: [
        { rule: 'pod-name-prefix', text: 'pod name at the start of the identity' },
        { rule: 'pod-name-token', text: 'pod name as a word in the identity' },
      ],
      message:
        'No pod found for holder "my_weird id" in jobs. Tried: pod name at the start of the identity; pod name as a word in the identity. To choose the pods, set leaseLens.podSelectors["jobs/x"] to a label selector',
    });
  });

  test('a 10 KB identity gives a short message', () => {
    const result = resolveCandidatePods({ lease: { namespace: 'jobs', name: 'x', holderIdentity: `\u0000${'q'.repeat(10_240)}` }, pods });
    assert.equal(result.resolution, 'none');
    assert.equal(
      result.message,
      `No pod found for holder "${'q'.repeat(39)}…" in jobs. Tried: pod name at the start of the identity; pod name as a word in the identity. To choose the pods, set leaseLens.podSelectors["jobs/x"] to a label selector`,
    );
  });

  test('released or never held: the last known holder, or none', () => {
    const none = resolveCandidatePods({
      lease: { namespace: 'payments', name: 'a3f1c2d4.payments.example.com', holderIdentity: '' },
      pods,
    });
    assert.deepEqual(none, {
      resolution: 'none',
      pods: [],
      message:
        'payments/a3f1c2d4.payments.example.com has no holder, so no pod to follow; set leaseLens.podSelectors["payments/a3f1c2d4.payments.example.com"] to a label selector',
    });
    const absent = resolveCandidatePods({ lease: { namespace: 'jobs', name: 'batch-reconciler' }, pods });
    assert.equal(absent.resolution, 'none');
    const lastKnown = resolveCandidatePods({
      lease: { namespace: 'payments', name: 'a3f1c2d4.payments.example.com', holderIdentity: `payments-worker-0_${UUID}` },
      pods,
    });
    assert.equal(lastKnown.resolution, 'found');
  });

  test('a selector override wins and still marks the holder', () => {
    const result = resolveCandidatePods({
      lease: { namespace: 'kube-system', name: 'kube-scheduler', holderIdentity: `cp-node-3_${UUID}` },
      pods,
      selector: 'component in (kube-scheduler), tier=control-plane',
    });
    assert.equal(result.rule, 'selector');
    assert.equal(result.workload, 'pods matching component in (kube-scheduler), tier=control-plane');
    assert.deepEqual(names(result), [
      '*kube-system/kube-scheduler-cp-node-3',
      'kube-system/kube-scheduler-cp-node-1',
      'kube-system/kube-scheduler-cp-node-2',
    ]);
    const elsewhere = resolveCandidatePods({
      lease: { namespace: 'payments', name: 'x', holderIdentity: `debug_${UUID}` },
      pods,
      selector: 'app=payments-worker',
    });
    assert.deepEqual(names(elsewhere), ['payments/payments-worker-0', 'payments/payments-worker-1']);
  });

  test('a blank selector is no override', () => {
    const result = resolveCandidatePods({
      lease: { namespace: 'payments', name: 'x', holderIdentity: `debug_${UUID}` },
      pods,
      selector: '  ',
    });
    assert.equal(result.rule, 'holder-pod');
  });

  test('a selector that matches nothing, or does not parse', () => {
    assert.deepEqual(
      resolveCandidatePods({ lease: { namespace: 'payments', name: 'x', holderIdentity: `debug_${UUID}` }, pods, selector: 'app=nope' }),
      {
        resolution: 'none',
        pods: [],
        rule: 'selector',
        message: 'No pod matches the label selector "app=nope" of leaseLens.podSelectors["payments/x"]',
      },
    );
    assert.deepEqual(
      resolveCandidatePods({ lease: { namespace: 'payments', name: 'x', holderIdentity: `debug_${UUID}` }, pods, selector: 'app in (' }),
      {
        resolution: 'error',
        pods: [],
        rule: 'selector',
        message:
          'leaseLens.podSelectors["payments/x"] is not a valid label selector: expected a value in the \'in\' set but found the end in label selector "app in ("',
      },
    );
  });

  test('prefers the Lease namespace when pod names collide', () => {
    const twin: PodSummary = { ...replicaPod('other', worker, '0'), ownerReferences: [] };
    const result = resolveCandidatePods({
      lease: { namespace: 'payments', name: 'x', holderIdentity: `payments-worker-0_${UUID}` },
      pods: [twin, ...pods],
    });
    assert.equal(names(result)[0], '*payments/payments-worker-0');
  });

  test('leaves its input alone', () => {
    const before = JSON.stringify(pods);
    const result = resolveCandidatePods({ lease: { namespace: 'payments', name: 'x', holderIdentity: `debug_${UUID}` }, pods });
    result.pods[0]?.containers.push('mutated');
    assert.equal(JSON.stringify(pods), before);
  });
});
