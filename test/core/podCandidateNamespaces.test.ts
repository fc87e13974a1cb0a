// Candidate pods in another namespace than the Lease's: the names and namespaces an identity
// gives a search by name, and what the pod message says about where the pods were found, why,
// and which namespaces were tried.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { podSearchNames, resolveCandidatePods, type PodNameSearch, type PodSummary } from '../../src/core/podCandidates';

const UUID = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';

function pod(namespace: string, name: string, owner?: { kind: string; name: string; uid: string }): PodSummary {
  return {
    namespace,
    name,
    labels: {},
    ownerReferences: owner ? [{ ...owner, controller: true }] : [],
    nodeName: 'worker-1',
    phase: 'Running',
    containers: ['main'],
    restarts: 0,
  };
}

const far = { kind: 'StatefulSet', name: 'far-ctrl', uid: 'ss-far' };

describe('podSearchNames: what an identity gives a search by name', () => {
  const rows: [identity: string, names: string[], namespaces: string[]][] = [
    [`far-ctrl-0_${UUID}`, ['far-ctrl-0'], []],
    ['far-ctrl-0', ['far-ctrl-0'], []],
    ['web-0.web.team-b.svc.cluster.local', ['web-0.web.team-b.svc.cluster.local', 'web-0'], ['team-b']],
    [`web-1.web.data.svc_${UUID}`, ['web-1.web.data.svc', 'web-1'], ['data']],
    ['kopf@operator-7d9f8-x2k4p/12', ['operator-7d9f8-x2k4p'], []],
    ['10.244.1.7', [], []],
    [`10.244.1.7_${UUID}`, [], []],
    ['10-244-1-7.apps.pod.cluster.local', [], []],
    ['controller manager (leader)', [], []],
    ['', [], []],
  ];
  for (const [identity, names, namespaces] of rows) {
    test(JSON.stringify(identity), () => {
      assert.deepEqual(podSearchNames({ namespace: 'apps', name: 'lock', holderIdentity: identity }), { names, namespaces });
    });
  }

  test('an API server identity Lease is never searched by name', () => {
    const lease = {
      namespace: 'kube-system',
      name: 'apiserver-abc',
      holderIdentity: `apiserver-abc_${UUID}`,
      labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': 'cp-1' },
    };
    assert.deepEqual(podSearchNames(lease), { names: [], namespaces: [] });
  });
});

describe('candidates in another namespace: the pod message', () => {
  const lease = { namespace: 'apps', name: 'far-lock', holderIdentity: `far-ctrl-0_${UUID}` };
  const pods = [pod('apps', 'unrelated-0'), pod('far', 'far-ctrl-0', far), pod('far', 'far-ctrl-1', far)];

  test('found where a search by name found it: the replicas there, and where and why', () => {
    const search: PodNameSearch = { names: ['far-ctrl-0'], namespaces: ['default', 'far'], skipped: 0, listed: true, foundIn: 'far' };
    const result = resolveCandidatePods({ lease, pods, namespaces: ['apps', 'far'], search });
    assert.equal(result.resolution, 'found');
    assert.deepEqual(
      result.pods.map((p) => [p.namespace, p.name, p.holder]),
      [
        ['far', 'far-ctrl-0', true],
        ['far', 'far-ctrl-1', false],
      ],
    );
    assert.equal(
      result.message,
      'The holder’s pod far-ctrl-0 and its replicas are in namespace far: no pod in apps matched the holder, so Lease Lens looked for a pod named far-ctrl-0 in the namespaces you may list and found it there.',
    );
  });

  test('found in a namespace of leaseLens.podNamespaces: the message names the setting', () => {
    const result = resolveCandidatePods({ lease, pods, namespaces: ['apps', 'far'], settingNamespaces: ['far'] });
    assert.equal(result.resolution, 'found');
    assert.equal(
      result.message,
      'The holder’s pod far-ctrl-0 and its replicas are in namespace far, which leaseLens.podNamespaces["apps/far-lock"] names.',
    );
  });

  test('found in the Lease’s own namespace: no message, and the Lease’s namespace wins a tie', () => {
    const result = resolveCandidatePods({ lease, pods: [...pods, pod('apps', 'far-ctrl-0')], namespaces: ['apps', 'far'] });
    assert.deepEqual(
      result.pods.map((p) => [p.namespace, p.name]),
      [['apps', 'far-ctrl-0']],
    );
    assert.equal(result.message, undefined);
  });

  test('while the search runs: resolving, and what it looks for', () => {
    const search: PodNameSearch = { names: ['far-ctrl-0'], namespaces: [], skipped: 0, listed: false, running: true };
    const result = resolveCandidatePods({ lease, pods: [pod('apps', 'unrelated-0')], search });
    assert.equal(result.resolution, 'resolving');
    assert.equal(result.message, 'No pod in apps matches holder "far-ctrl-0"; looking for a pod named far-ctrl-0 in other namespaces…');
  });

  test('not found anywhere: the rules tried name the namespaces searched, listed or from the settings', () => {
    const many = Array.from({ length: 14 }, (_, i) => `ns-${String(i).padStart(2, '0')}`);
    const listed = resolveCandidatePods({
      lease,
      pods: [pod('apps', 'unrelated-0')],
      namespaces: ['apps', 'extra'],
      search: { names: ['far-ctrl-0'], namespaces: many, skipped: 3, listed: true },
    });
    assert.equal(listed.resolution, 'none');
    assert.equal(listed.tried?.at(-1)?.rule, 'other-namespaces');
    assert.match(
      listed.message ?? '',
      /^No pod found for holder "far-ctrl-0" in apps, extra\. Tried: pod named far-ctrl-0; .*; pod named far-ctrl-0 in the other namespaces you may list: ns-00, ns-01, .*, ns-11 and 5 more\. To choose the pods/,
    );
    const settings = resolveCandidatePods({
      lease,
      pods: [],
      search: { names: ['far-ctrl-0'], namespaces: ['default', 'team-b'], skipped: 0, listed: false },
    });
    assert.match(
      settings.message ?? '',
      /pod named far-ctrl-0 in the namespaces of the settings \(you may not list namespaces\): default, team-b\./,
    );
    const none = resolveCandidatePods({ lease, pods: [], search: { names: ['far-ctrl-0'], namespaces: [], skipped: 0, listed: false } });
    assert.match(none.message ?? '', /you may not list namespaces; name them in leaseLens\.namespaces/);
  });
});
