// The election's timing of a followed Lease through the real server process: read from the
// candidate pods' args in the local API server, checked against the Lease and its renewals, and
// sent again when a pod's spec or the renewals change.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { leaseKey, type FollowSnapshot } from '../../src/shared/types';
import type { TimingCheck } from '../../src/shared/timing';
import { leaseObject, microTime, podObject } from '../support/builders';
import { writeKubeconfig } from '../support/kubeconfig';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';

const users = [{ name: 'viewer', token: 'viewer-token', admin: true, write: false }];
const namespace = 'kube-system';
const holderPod = 'descheduler-7c9d-aaaaa';

function pod(name: string, args: string[]): Record<string, unknown> {
  const object = podObject({
    namespace,
    name,
    labels: { app: 'descheduler' },
    owner: { kind: 'ReplicaSet', name: 'descheduler-7c9d', uid: '5b0c2f4e-1d7a-4c61-9e0b-6a1f3e2d4c5b' },
    containers: ['descheduler'],
  });
  (object.spec as { containers: Record<string, unknown>[] }).containers = [
    { name: 'descheduler', image: 'registry.k8s.io/descheduler/descheduler:v0.32.1', command: ['/bin/descheduler'], args },
  ];
  return object;
}

const level = (s: FollowSnapshot | undefined, id: TimingCheck['id']): string | undefined =>
  s?.timing?.checks.find((c) => c.id === id)?.level;

describe('following a Lease: the election timing', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;
  const key = leaseKey('demo', namespace, 'descheduler');
  const t0 = Date.now() - 60_000;

  before(async () => {
    api = await startApiServer({ users });
    api.store.ensureNamespace(namespace);
    const flags = ['--leader-elect-lease-duration=15s', '--leader-elect-renew-deadline=14s', '--leader-elect-retry-period', '5s'];
    api.store.upsertPod(pod(holderPod, flags) as never);
    api.store.upsertPod(pod('descheduler-7c9d-bbbbb', flags) as never);
    api.store.createLease(
      leaseObject({
        namespace,
        name: 'descheduler',
        holder: `${holderPod}_0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a`,
        durationSeconds: 15,
        acquireTime: t0,
        renewTime: t0,
      }) as never,
    );
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'demo', user: 'viewer' }], current: 'demo' }));
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig } });
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test("reads the flags of the holder's pod, with their source, and warns of a deadline within one retry period of the lease", async () => {
    await server.follow(key);
    const snap = await server.waitFor('the timing', () => {
      const s = server.follows.get(key);
      return s?.timing?.pod === holderPod ? s : undefined;
    });
    const timing = snap.timing!;
    assert.deepEqual([timing.leaseDuration.ms, timing.renewDeadline.ms, timing.retryPeriod.ms], [15_000, 14_000, 5_000]);
    assert.deepEqual(timing.retryPeriod.source, {
      kind: 'flag',
      flag: 'leader-elect-retry-period',
      pod: holderPod,
      container: 'descheduler',
      raw: '5s',
    });
    assert.equal(level(snap, 'deadline-margin'), 'warn');
    assert.equal(level(snap, 'lease-seconds'), 'ok');
    assert.equal(level(snap, 'renew-interval'), undefined, 'no renewals observed yet');
  });

  test('renewals 11 s apart: slower than the retry period and close to the renew deadline', async () => {
    for (const i of [1, 2, 3]) {
      const lease = api.store.getLease(namespace, 'descheduler')!;
      api.store.applyLease({ ...lease, spec: { ...lease.spec, renewTime: microTime(t0 + i * 11_000) } } as never);
    }
    const snap = await server.waitFor('checks of the renewals', () => {
      const s = server.follows.get(key);
      return level(s, 'renew-interval') !== undefined && level(s, 'renew-deadline-headroom') === 'warn' ? s : undefined;
    });
    assert.equal(level(snap, 'renew-interval'), 'warn');
    assert.match(snap.timing!.checks.find((c) => c.id === 'renew-deadline-headroom')!.message, /11s.*14s/);
  });

  test("a pod's new args are read again; the Lease's 15 s then differs from the flag", async () => {
    api.store.upsertPod(pod(holderPod, ['--leader-elect-lease-duration=30s', '--leader-elect-renew-deadline=20s']) as never);
    const snap = await server.waitFor('the new timing', () => {
      const s = server.follows.get(key);
      return s?.timing?.leaseDuration.ms === 30_000 ? s : undefined;
    });
    assert.equal(snap.timing!.retryPeriod.source.kind, 'default');
    assert.equal(level(snap, 'lease-seconds'), 'warn');
    assert.equal(level(snap, 'deadline-margin'), 'ok');
  });
});
