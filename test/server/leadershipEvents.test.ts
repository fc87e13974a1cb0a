// LeaderElection Events across a context through the real server process: they seed history from
// before the watch, are listed and pushed live, and are read per namespace when cluster scope is
// forbidden; forbidden everywhere, the result says so and what to do.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rfc3339, startApiServer, type ApiServer } from '../../demo/apiserver';
import { waitFor } from '../../harness/waiting';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { Health, LeadershipEvents } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { writeKubeconfig } from '../support/kubeconfig';
import { recordHealth, writeLease, type HealthRecorder } from './healthSupport';

const A = 'cp-1_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
const B = 'cp-2_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const C = 'cp-3_0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8';
const MINUTE = 60_000;

const users = [
  { name: 'admin', token: 'admin-token', admin: true, write: true },
  { name: 'dev', token: 'dev-token', namespaces: ['kube-system'] },
  { name: 'noevents', token: 'noevents-token', namespaces: ['kube-system'], resources: ['leases'] },
];

function leaderEvent(api: ApiServer, holder: string, change: string, at: number, component = 'kube-scheduler'): void {
  api.store.createEvent({
    metadata: { namespace: 'kube-system' },
    involvedObject: { kind: 'Lease', namespace: 'kube-system', name: 'kube-scheduler', apiVersion: 'coordination.k8s.io/v1' },
    reason: 'LeaderElection',
    message: `${holder} ${change}`,
    source: { component },
    firstTimestamp: rfc3339(at),
    lastTimestamp: rfc3339(at),
  });
}

describe('leadership Events', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;
  let health: HealthRecorder;
  const key = (context: string): string => leaseKey(context, 'kube-system', 'kube-scheduler');
  const t0 = Math.floor(Date.now() / 1000) * 1000;

  before(async () => {
    api = await startApiServer({ users });
    leaderEvent(api, A, 'became leader', t0 - 60 * MINUTE);
    leaderEvent(api, A, 'stopped leading', t0 - 50 * MINUTE);
    leaderEvent(api, B, 'became leader', t0 - 49 * MINUTE);
    leaderEvent(api, C, 'became leader', t0 - 10 * MINUTE);
    api.store.createEvent({
      metadata: { namespace: 'kube-system' },
      involvedObject: { kind: 'Pod', namespace: 'kube-system', name: 'x' },
      reason: 'Pulled',
      message: 'not about leadership',
    });
    writeLease(api, 'kube-system', 'kube-scheduler', {
      holder: C,
      acquired: t0 - 10 * MINUTE,
      renewed: t0,
      durationSeconds: 15,
      transitions: 2,
    });
    const kubeconfig = writeKubeconfig(
      api.kubeconfig({
        contexts: [
          { name: 'admin', user: 'admin' },
          { name: 'dev', user: 'dev', namespace: 'kube-system' },
          { name: 'noevents', user: 'noevents', namespace: 'kube-system' },
        ],
        current: 'admin',
      }),
    );
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig } });
    health = recordHealth(server);
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('Events stored before the watch seed the history; the list names their components; new ones are pushed', async () => {
    await server.watch(['admin']);
    const detail = await waitFor(
      'the seeded record',
      async () => {
        const d = await server.conn.sendRequest(Health.detail, { key: key('admin') });
        return d && d.terms.length === 3 ? d : undefined;
      },
      15_000,
    );
    assert.deepEqual(
      detail.terms.map((term) => [term.holder, term.source, term.acquiredAt]),
      [
        [A, 'events', t0 - 60 * MINUTE],
        [B, 'events', t0 - 49 * MINUTE],
        [C, 'watch', t0 - 10 * MINUTE],
      ],
    );
    assert.equal(detail.terms[1]?.gapBeforeMs, MINUTE, 'from "stopped leading" to the next "became leader"');
    assert.equal(detail.row.eventTerms, 2);
    const listed = await server.conn.sendRequest(LeadershipEvents.list, { context: 'admin' });
    assert.equal(listed.message, undefined);
    assert.deepEqual(
      listed.events.map((e) => [e.message, e.kind, e.namespace, e.name, e.component]),
      [
        [`${A} became leader`, 'Lease', 'kube-system', 'kube-scheduler', 'kube-scheduler'],
        [`${A} stopped leading`, 'Lease', 'kube-system', 'kube-scheduler', 'kube-scheduler'],
        [`${B} became leader`, 'Lease', 'kube-system', 'kube-scheduler', 'kube-scheduler'],
        [`${C} became leader`, 'Lease', 'kube-system', 'kube-scheduler', 'kube-scheduler'],
      ],
    );
    const watches = api.requests.filter((r) => r.path === '/api/v1/events');
    assert.ok(watches.length > 0 && watches.every((r) => decodeURIComponent(r.query).includes('fieldSelector=reason=LeaderElection')));
    leaderEvent(api, C, 'stopped leading', Date.now(), 'other-component');
    const pushed = await server.waitFor('the new Event pushed', () =>
      health.events.find((r) => r.context === 'admin' && r.events.some((e) => e.message === `${C} stopped leading`)),
    );
    assert.equal(pushed.events.at(-1)?.component, 'other-component');
  });

  test('forbidden at cluster scope: Events are read per namespace and still seed the history', async () => {
    await server.watch(['dev']);
    const detail = await waitFor(
      'the seeded record',
      async () => {
        const d = await server.conn.sendRequest(Health.detail, { key: key('dev') });
        return d && d.terms.length === 3 ? d : undefined;
      },
      15_000,
    );
    assert.deepEqual(
      detail.terms.map((term) => term.source),
      ['events', 'events', 'watch'],
    );
    assert.ok(api.requests.some((r) => r.path === '/api/v1/namespaces/kube-system/events' && r.status === 200));
    const listed = await server.conn.sendRequest(LeadershipEvents.list, { context: 'dev' });
    assert.equal(listed.message, undefined);
    assert.ok(listed.events.length >= 4);
  });

  test('forbidden everywhere: the result says what happened and asks for list and watch on events', async () => {
    await server.watch(['noevents']);
    const listed = await waitFor(
      'the message',
      async () => {
        const result = await server.conn.sendRequest(LeadershipEvents.list, { context: 'noevents' });
        return result.message !== undefined && result.message.includes('kube-system') ? result : undefined;
      },
      15_000,
    );
    assert.match(listed.message!, /list and watch on events/);
    assert.deepEqual(listed.events, []);
    const detail = await waitFor(
      'the watched record',
      async () => server.conn.sendRequest(Health.detail, { key: key('noevents') }),
      15_000,
    );
    assert.deepEqual(
      detail.terms.map((term) => term.source),
      ['watch'],
    );
  });
});
