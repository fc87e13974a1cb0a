// Holder identities of every shape → their pods: pod IPs, host-network DaemonSet pods on a node,
// StatefulSet ordinals and their DNS names, custom prefixes and suffixes, non-Go clients (fabric8,
// Spring Cloud Kubernetes, kube-rs, kopf), and what the message says when no rule matches.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveCandidatePods, type CandidateRule, type PodSummary } from '../../src/core/podCandidates';

const UUID = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
const NS = 'apps';

function pod(name: string, owner: { kind: string; name: string; uid: string } | undefined, extra: Partial<PodSummary> = {}): PodSummary {
  return {
    namespace: NS,
    name,
    labels: {},
    ownerReferences: owner ? [{ ...owner, controller: true }] : [],
    nodeName: 'worker-1',
    phase: 'Running',
    containers: ['main'],
    restarts: 0,
    ...extra,
  };
}

const web = { kind: 'StatefulSet', name: 'web', uid: 'ss-web' };
const operator = { kind: 'ReplicaSet', name: 'operator-6d5f7b9c8', uid: 'rs-op' };
const agent = { kind: 'DaemonSet', name: 'node-agent', uid: 'ds-agent' };
const shipper = { kind: 'DaemonSet', name: 'log-shipper', uid: 'ds-shipper' };
const ctrlManager = { kind: 'ReplicaSet', name: 'ctrl-manager-7d9f8c6b5', uid: 'rs-ctrl' };
const java = { kind: 'ReplicaSet', name: 'java-operator-5b6c7d8f9', uid: 'rs-java' };
const spring = { kind: 'ReplicaSet', name: 'spring-app-7c8d9f5b6', uid: 'rs-spring' };
const rsController = { kind: 'StatefulSet', name: 'rs-controller', uid: 'ss-rs' };
const job = { kind: 'Job', name: 'migrate', uid: 'job-1' };

const pods: PodSummary[] = [
  pod('web-0', web, { podIPs: ['10.244.1.20'] }),
  pod('web-1', web, { podIPs: ['10.244.1.21'] }),
  pod('web-10', web, { podIPs: ['10.244.1.30'] }),
  pod('operator-6d5f7b9c8-x2k4p', operator, { podIPs: ['10.244.1.7', 'fd00:10:244:1::7'], labels: { 'pod-template-hash': '6d5f7b9c8' } }),
  pod('operator-6d5f7b9c8-q8w7e', operator, { podIPs: ['10.244.2.8'], labels: { 'pod-template-hash': '6d5f7b9c8' } }),
  // A finished Job pod whose IP the running operator pod got again.
  pod('migrate-abcde', job, { podIPs: ['10.244.2.8'], phase: 'Succeeded' }),
  pod('node-agent-abcde', agent, { hostNetwork: true, podIPs: ['192.168.0.11'] }),
  pod('node-agent-fghij', agent, { hostNetwork: true, nodeName: 'worker-2', podIPs: ['192.168.0.12'] }),
  pod('log-shipper-zzzzz', shipper, { hostNetwork: true, podIPs: ['192.168.0.11'] }),
  // On worker-9 only a pod without host network: its hostname is its pod name, not the node's.
  pod('regular-0', undefined, { nodeName: 'worker-9', podIPs: ['10.244.9.2'] }),
  pod('ctrl', undefined),
  pod('ctrl-manager-7d9f8c6b5-abcde', ctrlManager, { labels: { 'pod-template-hash': '7d9f8c6b5' } }),
  pod('java-operator-5b6c7d8f9-k2j3h', java, { labels: { 'pod-template-hash': '5b6c7d8f9' } }),
  pod('spring-app-7c8d9f5b6-m4n5p', spring, { labels: { 'pod-template-hash': '7c8d9f5b6' } }),
  pod('rs-controller-0', rsController),
  pod('rs-controller-1', rsController),
];

interface Row {
  what: string;
  identity: string;
  lease?: string;
  holder: string;
  rule: CandidateRule;
  replicas?: string[];
}

const rows: Row[] = [
  // pod IPs
  { what: 'a pod IP', identity: '10.244.1.7', holder: 'operator-6d5f7b9c8-x2k4p', rule: 'pod-ip', replicas: ['operator-6d5f7b9c8-q8w7e'] },
  { what: 'a pod IP with a uuid', identity: `10.244.1.7_${UUID}`, holder: 'operator-6d5f7b9c8-x2k4p', rule: 'pod-ip' },
  { what: 'a pod IP with a port', identity: '10.244.1.7:8080', holder: 'operator-6d5f7b9c8-x2k4p', rule: 'pod-ip' },
  { what: 'an IPv6 pod IP (dual stack)', identity: 'FD00:10:244:1::7', holder: 'operator-6d5f7b9c8-x2k4p', rule: 'pod-ip' },
  { what: 'an IPv6 pod IP with a port', identity: '[fd00:10:244:1::7]:9443', holder: 'operator-6d5f7b9c8-x2k4p', rule: 'pod-ip' },
  { what: 'the pod DNS name of an IP', identity: '10-244-1-7.apps.pod.cluster.local', holder: 'operator-6d5f7b9c8-x2k4p', rule: 'pod-ip' },
  {
    what: 'a reused IP: the running pod, not the finished one',
    identity: '10.244.2.8',
    holder: 'operator-6d5f7b9c8-q8w7e',
    rule: 'pod-ip',
  },
  {
    what: 'a node IP: the host-network pod of the Lease',
    identity: '192.168.0.11',
    lease: 'node-agent',
    holder: 'node-agent-abcde',
    rule: 'pod-ip',
  },
  {
    what: 'a node IP: the other DaemonSet for its Lease',
    identity: '192.168.0.11',
    lease: 'log-shipper-lock',
    holder: 'log-shipper-zzzzz',
    rule: 'pod-ip',
  },
  // host-network DaemonSet pods hold the node's name
  {
    what: 'a node name held by a host-network DaemonSet pod',
    identity: `worker-1_${UUID}`,
    lease: 'node-agent',
    holder: 'node-agent-abcde',
    rule: 'host-network-node',
    replicas: ['node-agent-fghij'],
  },
  {
    what: 'a bare node name, the pod on that node',
    identity: 'worker-2',
    lease: 'node-agent',
    holder: 'node-agent-fghij',
    rule: 'host-network-node',
  },
  {
    what: 'the DaemonSet the Lease is named for',
    identity: `worker-1_${UUID}`,
    lease: 'log-shipper-lock',
    holder: 'log-shipper-zzzzz',
    rule: 'host-network-node',
  },
  // StatefulSet ordinals
  { what: 'a StatefulSet ordinal', identity: 'web-0', holder: 'web-0', rule: 'holder-pod', replicas: ['web-1', 'web-10'] },
  { what: 'a StatefulSet ordinal with a uuid', identity: `web-1_${UUID}`, holder: 'web-1', rule: 'holder-pod' },
  { what: 'a StatefulSet pod FQDN', identity: 'web-0.web.apps.svc.cluster.local', holder: 'web-0', rule: 'pod-name-token' },
  { what: 'web-1.web is not web-10', identity: 'web-1.web', holder: 'web-1', rule: 'pod-name-token' },
  { what: 'web-10.web is not web-1', identity: 'web-10.web.apps.svc', holder: 'web-10', rule: 'pod-name-token' },
  // custom prefixes and suffixes: the longest pod name as a whole word
  {
    what: 'controller-<pod>: the longer pod, not "ctrl"',
    identity: 'controller-ctrl-manager-7d9f8c6b5-abcde',
    holder: 'ctrl-manager-7d9f8c6b5-abcde',
    rule: 'pod-name-token',
  },
  {
    what: '<pod>-external-<x>: the longer prefix',
    identity: 'ctrl-manager-7d9f8c6b5-abcde-external-ctrl',
    holder: 'ctrl-manager-7d9f8c6b5-abcde',
    rule: 'pod-name-prefix',
  },
  { what: '<pod>.<ns>.svc', identity: 'operator-6d5f7b9c8-x2k4p.apps.svc', holder: 'operator-6d5f7b9c8-x2k4p', rule: 'pod-name-token' },
  {
    what: '<pod>_<uuid>_extra',
    identity: `operator-6d5f7b9c8-q8w7e_${UUID}_extra`,
    holder: 'operator-6d5f7b9c8-q8w7e',
    rule: 'pod-name-token',
  },
  { what: 'a short pod name as a word', identity: 'leader=ctrl;zone=a', holder: 'ctrl', rule: 'pod-name-token' },
  // non-Go clients
  {
    what: 'fabric8 LeaderElector: HOSTNAME',
    identity: 'java-operator-5b6c7d8f9-k2j3h',
    holder: 'java-operator-5b6c7d8f9-k2j3h',
    rule: 'holder-pod',
  },
  {
    what: 'Spring Cloud Kubernetes: the pod name',
    identity: 'spring-app-7c8d9f5b6-m4n5p',
    holder: 'spring-app-7c8d9f5b6-m4n5p',
    rule: 'holder-pod',
  },
  { what: 'kube-rs: <pod>', identity: 'rs-controller-1', holder: 'rs-controller-1', rule: 'holder-pod', replicas: ['rs-controller-0'] },
  { what: 'kube-rs: <pod>-<random>', identity: 'rs-controller-0-f3k9q', holder: 'rs-controller-0', rule: 'pod-name-prefix' },
  {
    what: 'kopf: <user>@<host>/<time>/<random>',
    identity: 'root@operator-6d5f7b9c8-x2k4p/2026-12-06T00:45:17.123456/x9z',
    holder: 'operator-6d5f7b9c8-x2k4p',
    rule: 'user-at-host',
  },
  { what: 'kopf: <user>@<host>, manual peering', identity: 'nobody@Web-1', holder: 'web-1', rule: 'user-at-host' },
  { what: 'kopf: the host is an IP', identity: 'root@10.244.1.20/2026/x9z', holder: 'web-0', rule: 'pod-ip' },
  {
    what: 'kopf: the host is an FQDN',
    identity: 'app@web-10.web.apps.svc.cluster.local/2026/x9z',
    holder: 'web-10',
    rule: 'pod-name-token',
  },
];

describe('resolveCandidatePods: holders of every shape', () => {
  for (const row of rows) {
    test(`${row.what}: ${row.identity}`, () => {
      const result = resolveCandidatePods({ lease: { namespace: NS, name: row.lease ?? 'lock', holderIdentity: row.identity }, pods });
      assert.equal(result.resolution, 'found', result.message);
      assert.equal(result.rule, row.rule);
      assert.equal(result.tried, undefined);
      const holders = result.pods.filter((p) => p.holder).map((p) => p.name);
      assert.deepEqual(holders, [row.holder]);
      if (row.replicas !== undefined) {
        assert.deepEqual(
          result.pods.map((p) => p.name),
          [row.holder, ...row.replicas],
        );
      }
    });
  }

  test('the host-network DaemonSet pods are one workload', () => {
    const result = resolveCandidatePods({ lease: { namespace: NS, name: 'node-agent', holderIdentity: 'worker-2' }, pods });
    assert.equal(result.workload, 'DaemonSet node-agent');
    assert.deepEqual(
      result.pods.map((p) => [p.name, p.node, p.holder]),
      [
        ['node-agent-fghij', 'worker-2', true],
        ['node-agent-abcde', 'worker-1', false],
      ],
    );
  });
});

describe('resolveCandidatePods: no rule matches', () => {
  const none: [string, string][] = [
    ['a longer number is not the pod', 'web-100'],
    ['a letter before', 'xweb-0'],
    ['a letter after', 'web-0x'],
    ['a digit after', 'web-00.web'],
    ['an IP no pod has', '10.244.1.77'],
    ['a node without a host-network pod', `worker-9_${UUID}`],
    ['a node nobody runs on', 'worker-3'],
    ['kopf with an unknown host', 'root@elsewhere-0/2026/x9z'],
    ['a pod name past the first 1,024 characters', `${'x'.repeat(1100)}-web-0`],
    ['markup', '<img src=x onerror=alert(1)>'],
    ['controls and bidi overrides', '\u202eweb\u0000-0\u001b[31m'],
  ];
  for (const [what, identity] of none) {
    test(`${what}: ${JSON.stringify(identity.slice(0, 40))}`, () => {
      const result = resolveCandidatePods({ lease: { namespace: NS, name: 'lock', holderIdentity: identity }, pods });
      assert.equal(result.resolution, 'none', `found ${result.pods.map((p) => p.name).join()}`);
      assert.deepEqual(result.pods, []);
      assert.ok((result.tried?.length ?? 0) >= 2, 'says which rules were tried');
      assert.ok(result.message?.includes(`Tried: ${result.tried?.map((a) => a.text).join('; ')}.`), result.message);
      assert.ok(result.message !== undefined && result.message.length <= 500, 'a bounded message');
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(result.message ?? '', /[\u0000-\u001f\u202e]/, 'no control characters or bidi overrides');
    });
  }

  test('an IP: every rule it went through, in order, in the message', () => {
    const result = resolveCandidatePods({ lease: { namespace: NS, name: 'lock', holderIdentity: `10.244.1.77_${UUID}` }, pods });
    assert.deepEqual(
      result.tried?.map((a) => a.rule),
      ['pod-ip', 'holder-pod', 'static-pod', 'host-network-node', 'pod-name-prefix', 'pod-name-token'],
    );
    assert.equal(
      result.message,
      'No pod found for holder "10.244.1.77" in apps. Tried: pod with IP 10.244.1.77; pod named 10.244.1.77; static pod lock-10.244.1.77 on node 10.244.1.77; host-network pod on node 10.244.1.77; pod name at the start of the identity; pod name as a word in the identity. To choose the pods, set leaseLens.podSelectors["apps/lock"] to a label selector',
    );
  });

  test('kopf: the host rules, then the name rules', () => {
    const result = resolveCandidatePods({ lease: { namespace: NS, name: 'lock', holderIdentity: 'root@elsewhere-0/2026/x9z' }, pods });
    assert.deepEqual(result.tried?.[0], { rule: 'user-at-host', text: 'pod named elsewhere-0 (the host after @)' });
    assert.deepEqual(
      result.tried?.map((a) => a.rule),
      ['user-at-host', 'static-pod', 'host-network-node', 'pod-name-prefix', 'pod-name-token'],
    );
  });

  test('a non-host-network pod on the node is not the holder', () => {
    const result = resolveCandidatePods({ lease: { namespace: NS, name: 'lock', holderIdentity: 'worker-9' }, pods });
    assert.equal(result.resolution, 'none');
    assert.ok(result.message?.includes('host-network pod on node worker-9'));
  });

  test('a long hostile identity is clipped in what was tried', () => {
    const host = `h${'-x'.repeat(120)}`;
    const result = resolveCandidatePods({ lease: { namespace: NS, name: 'lock', holderIdentity: `${host}_${UUID}` }, pods });
    assert.equal(result.resolution, 'none');
    assert.ok(result.tried?.every((a) => Array.from(a.text).length <= 160));
    assert.ok((result.message?.length ?? 0) <= 500);
  });

  test('thousands of pods and a long identity stay cheap', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      pod(`replica-${i}-abcdefghij`, undefined, { podIPs: [`10.1.${i >> 8}.${i & 255}`] }),
    );
    const started = performance.now();
    const result = resolveCandidatePods({ lease: { namespace: NS, name: 'lock', holderIdentity: `${'q-'.repeat(100_000)}` }, pods: many });
    assert.equal(result.resolution, 'none');
    assert.ok(performance.now() - started < 2000, 'bounded by the 1,024 characters searched');
  });
});
