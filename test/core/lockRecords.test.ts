import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  lockObject,
  maxRecordBytes,
  mergeElection,
  parseLeaderRecord,
  recordDifferences,
  toLeaseCandidate,
  type LockObject,
} from '../../src/core/lockRecords';
import { leaderAnnotation, type LeaseSpec } from '../../src/shared/types';
import { leaseStatus } from '../../src/core/leaseStatus';
import { at, leaseInfo } from '../support/builders';

const now = at('2026-12-06T10:00:00Z');

/** A ConfigMap as the API server sends it, optionally with the leader annotation, an owner and data. */
function configMap(opts: {
  annotation?: string;
  ownerPod?: string;
  data?: Record<string, string>;
  name?: string;
}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: opts.name ?? 'ingress-controller-leader',
      namespace: 'ingress',
      uid: 'cm-uid',
      resourceVersion: '42',
      creationTimestamp: '2026-12-06T09:00:00Z',
      labels: { app: 'ingress' },
      annotations: opts.annotation === undefined ? {} : { [leaderAnnotation]: opts.annotation },
      ownerReferences: opts.ownerPod ? [{ apiVersion: 'v1', kind: 'Pod', name: opts.ownerPod, uid: 'pod-uid' }] : [],
    },
    data: opts.data ?? {},
  };
}

const record = JSON.stringify({
  holderIdentity: 'ingress-7d9f_4b1c',
  leaseDurationSeconds: 30,
  acquireTime: '2026-12-06T09:55:00Z',
  renewTime: '2026-12-06T09:59:50Z',
  leaderTransitions: 3,
});

function lock(partial: Partial<LockObject> & { spec: LeaseSpec }): LockObject {
  return {
    lock: 'configmap',
    namespace: 'ingress',
    name: 'ingress-controller-leader',
    uid: 'cm-uid',
    resourceVersion: '42',
    labels: {},
    observedAt: now,
    ...partial,
  };
}

describe('parseLeaderRecord', () => {
  const cases: { name: string; text: unknown; ok: boolean; spec?: LeaseSpec; reason?: RegExp }[] = [
    {
      name: 'client-go record',
      text: record,
      ok: true,
      spec: {
        holderIdentity: 'ingress-7d9f_4b1c',
        leaseDurationSeconds: 30,
        acquireTime: '2026-12-06T09:55:00Z',
        renewTime: '2026-12-06T09:59:50Z',
        leaseTransitions: 3,
      },
    },
    {
      name: 'released (empty holder)',
      text: '{"holderIdentity":"","leaseDurationSeconds":1,"leaderTransitions":4}',
      ok: true,
      spec: { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: undefined, renewTime: undefined, leaseTransitions: 4 },
    },
    { name: 'not JSON', text: '{holderIdentity: x', ok: false, reason: /not JSON/ },
    { name: 'an array', text: '[1,2]', ok: false, reason: /not a JSON object/ },
    { name: 'null', text: 'null', ok: false, reason: /not a JSON object/ },
    { name: 'a number holder', text: '{"holderIdentity":5}', ok: false, reason: /not a string/ },
    { name: 'oversized', text: `{"holderIdentity":"${'x'.repeat(maxRecordBytes)}"}`, ok: false, reason: /too long/ },
    { name: 'not a string', text: 7, ok: false, reason: /not a string/ },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const parsed = parseLeaderRecord(c.text);
      assert.equal(parsed.ok, c.ok);
      if (parsed.ok) {
        assert.deepEqual(parsed.spec, c.spec);
      } else {
        assert.match(parsed.reason, c.reason ?? /./);
      }
    });
  }

  test('wrongly typed fields are dropped, the rest kept; __proto__ does nothing', () => {
    const parsed = parseLeaderRecord('{"holderIdentity":"a","leaseDurationSeconds":"15","renewTime":5,"__proto__":{"polluted":1}}');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.spec, {
      holderIdentity: 'a',
      leaseDurationSeconds: undefined,
      acquireTime: undefined,
      renewTime: undefined,
      leaseTransitions: undefined,
    });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('a long holder is clipped', () => {
    const parsed = parseLeaderRecord(JSON.stringify({ holderIdentity: 'h'.repeat(5000) }));
    assert.ok(parsed.ok);
    assert.ok((parsed.spec.holderIdentity ?? '').length <= 1024);
  });
});

describe('lockObject', () => {
  test('a ConfigMap lock: the record from the annotation, never the data', () => {
    const result = lockObject(configMap({ annotation: record, data: { big: 'x'.repeat(50_000) } }), 'configmap', now);
    assert.ok('lock' in result);
    assert.equal(result.lock.lock, 'configmap');
    assert.equal(result.lock.spec.holderIdentity, 'ingress-7d9f_4b1c');
    assert.equal(result.lock.resourceVersion, '42');
    assert.deepEqual(result.lock.labels, { app: 'ingress' });
    assert.ok(!JSON.stringify(result).includes('xxxx'));
  });

  test('an Endpoints lock', () => {
    const result = lockObject({ ...configMap({ annotation: record }), kind: 'Endpoints' }, 'endpoints', now);
    assert.ok('lock' in result);
    assert.equal(result.lock.lock, 'endpoints');
  });

  test('leader-for-life: a ConfigMap owned by a pod, without the annotation', () => {
    const result = lockObject(configMap({ ownerPod: 'memcached-operator-5f7c-abcde' }), 'configmap', now);
    assert.ok('lock' in result);
    assert.equal(result.lock.lock, 'leader-for-life');
    assert.equal(result.lock.ownerPod, 'memcached-operator-5f7c-abcde');
    assert.deepEqual(result.lock.spec, { holderIdentity: 'memcached-operator-5f7c-abcde', acquireTime: '2026-12-06T09:00:00Z' });
  });

  test('an Endpoints object owned by a pod is no lock', () => {
    assert.deepEqual(lockObject(configMap({ ownerPod: 'p' }), 'endpoints', now), { none: true });
  });

  test('a plain ConfigMap is none; a broken annotation is a reason', () => {
    assert.deepEqual(lockObject(configMap({}), 'configmap', now), { none: true });
    const broken = lockObject(configMap({ annotation: 'nope' }), 'configmap', now);
    assert.ok('reason' in broken);
    assert.match(broken.reason, /not JSON/);
  });

  test('hostile metadata: no names, a slash in the name', () => {
    assert.deepEqual(lockObject({ metadata: { annotations: { [leaderAnnotation]: record } } }, 'configmap', now), { none: true });
    assert.deepEqual(lockObject(configMap({ annotation: record, name: 'a/b' }), 'configmap', now), { none: true });
    assert.deepEqual(lockObject(null, 'configmap', now), { none: true });
  });
});

describe('mergeElection', () => {
  const renewed = '2026-12-06T09:59:55.000000Z';
  const lease = leaseInfo(
    { holderIdentity: 'ctrl-a_1', leaseDurationSeconds: 15, acquireTime: renewed, renewTime: renewed, leaseTransitions: 1 },
    now,
    { namespace: 'ingress', name: 'ingress-controller-leader' },
  );
  const cmSpec: LeaseSpec = {
    holderIdentity: 'ctrl-a_1',
    leaseDurationSeconds: 15,
    acquireTime: renewed,
    renewTime: renewed,
    leaseTransitions: 1,
  };

  test('a lock alone is the election, lock set, key by namespace/name', () => {
    const merged = mergeElection({ context: 'c', locks: [lock({ spec: cmSpec })], now });
    assert.ok(merged);
    assert.equal(merged.key, 'c/ingress/ingress-controller-leader');
    assert.equal(merged.lock, 'configmap');
    assert.equal(merged.otherRecords, undefined);
    assert.equal(leaseStatus(merged, now).state, 'held');
  });

  test('nothing: no election', () => {
    assert.equal(mergeElection({ context: 'c', now }), undefined);
  });

  test('a Lease and a ConfigMap that agree: one election, the Lease primary, no disagreement', () => {
    const merged = mergeElection({ context: 'ctx', lease, locks: [lock({ spec: cmSpec })], now });
    assert.ok(merged);
    assert.equal(merged.lock, undefined);
    assert.equal(merged.uid, lease.uid);
    assert.deepEqual(
      merged.otherRecords?.map((r) => r.lock),
      ['configmap'],
    );
    assert.equal(merged.recordsDisagree, undefined);
  });

  test('ConfigMap primary over Endpoints', () => {
    const merged = mergeElection({
      context: 'c',
      locks: [lock({ lock: 'endpoints', uid: 'ep', spec: cmSpec }), lock({ spec: cmSpec })],
      now,
    });
    assert.equal(merged?.lock, 'configmap');
    assert.deepEqual(
      merged?.otherRecords?.map((r) => r.uid),
      ['ep'],
    );
  });

  test('a different holder is said', () => {
    const merged = mergeElection({ context: 'ctx', lease, locks: [lock({ spec: { ...cmSpec, holderIdentity: 'ctrl-b_2' } })], now });
    assert.deepEqual(merged?.recordsDisagree, ['The Lease record names holder ctrl-a_1, the ConfigMap record ctrl-b_2.']);
  });

  test('a record left from before a migration: far older renewTime, expired', () => {
    const old = '2026-12-01T08:00:00Z';
    const merged = mergeElection({ context: 'ctx', lease, locks: [lock({ spec: { ...cmSpec, acquireTime: old, renewTime: old } })], now });
    assert.ok(merged?.recordsDisagree);
    assert.equal(merged.recordsDisagree.length, 2);
    assert.match(
      merged.recordsDisagree[0],
      /^The ConfigMap record was last renewed \d+ s before the Lease record: it is left from before a migration\.$/,
    );
    assert.equal(merged.recordsDisagree[1], 'The ConfigMap record has expired, the Lease record has not.');
  });

  test('renewTimes further apart than the duration, not stale', () => {
    assert.deepEqual(
      recordDifferences(
        { lock: 'lease', spec: cmSpec },
        { lock: 'endpoints', spec: { ...cmSpec, renewTime: '2026-12-06T09:59:30Z' } },
        now,
      ),
      [
        'The Endpoints record was last renewed 25 s before the Lease record, more than the lease duration.',
        'The Endpoints record has expired, the Lease record has not.',
      ],
    );
  });

  test('renewTimes within the duration agree', () => {
    assert.deepEqual(
      recordDifferences(
        { lock: 'lease', spec: cmSpec },
        { lock: 'endpoints', spec: { ...cmSpec, renewTime: '2026-12-06T09:59:50Z' } },
        now,
      ),
      [],
    );
  });

  test('the primary expired, the other not', () => {
    const primary = { lock: 'lease' as const, spec: { ...cmSpec, renewTime: '2026-12-06T09:59:44Z' } };
    const other = { lock: 'configmap' as const, spec: { ...cmSpec, renewTime: '2026-12-06T09:59:50Z' } };
    assert.deepEqual(recordDifferences(primary, other, now), ['The Lease record has expired, the ConfigMap record has not.']);
  });

  test('leader-for-life: held for life, owner pod, no countdown', () => {
    const merged = mergeElection({
      context: 'c',
      locks: [lock({ lock: 'leader-for-life', ownerPod: 'op-1', spec: { holderIdentity: 'op-1', acquireTime: '2026-12-06T09:00:00Z' } })],
      now,
    });
    assert.equal(merged?.ownerPod, 'op-1');
    const status = leaseStatus(merged!, now + 86_400_000);
    assert.equal(status.state, 'held');
    assert.equal(status.forLife, true);
  });

  test('candidates attach to the Lease, sorted by name', () => {
    const c = (name: string) => ({ name, uid: name, apiVersion: 'coordination.k8s.io/v1beta1', leaseName: 'ingress-controller-leader' });
    const merged = mergeElection({ context: 'ctx', lease, candidates: [c('b'), c('a')], now });
    assert.deepEqual(
      merged?.candidates?.map((x) => x.name),
      ['a', 'b'],
    );
  });
});

describe('toLeaseCandidate', () => {
  test('a v1beta1 LeaseCandidate', () => {
    const candidate = toLeaseCandidate(
      {
        metadata: { name: 'kcm-node1', namespace: 'kube-system', uid: 'u1', creationTimestamp: '2026-12-06T09:00:00Z' },
        spec: {
          leaseName: 'kube-controller-manager',
          binaryVersion: '1.36.0',
          emulationVersion: '1.35',
          strategy: 'OldestEmulationVersion',
          pingTime: '2026-12-06T09:59:00.000000Z',
          renewTime: '2026-12-06T09:59:30.000000Z',
        },
      },
      'coordination.k8s.io/v1beta1',
    );
    assert.deepEqual(candidate, {
      namespace: 'kube-system',
      name: 'kcm-node1',
      uid: 'u1',
      apiVersion: 'coordination.k8s.io/v1beta1',
      leaseName: 'kube-controller-manager',
      binaryVersion: '1.36.0',
      emulationVersion: '1.35',
      strategy: 'OldestEmulationVersion',
      pingTime: '2026-12-06T09:59:00.000000Z',
      renewTime: '2026-12-06T09:59:30.000000Z',
      creationTimestamp: '2026-12-06T09:00:00Z',
    });
  });

  test('without a leaseName: none', () => {
    assert.equal(toLeaseCandidate({ metadata: { name: 'x', namespace: 'y' }, spec: {} }, 'coordination.k8s.io/v1alpha2'), undefined);
  });
});
