// The Elector with the locks client-go had besides Leases, against the local API server: the
// ConfigMap and Endpoints locks (the record as JSON in the `control-plane.alpha.kubernetes.io/leader`
// annotation, RFC 3339 seconds, Events on that object) and the migration lock `configmapsleases`
// (MultiLock: the ConfigMap first, then the Lease). Short timings; every wait is on an event or a
// polled condition with a timeout, never a fixed sleep.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer, type KubeObject } from '../../../demo/apiserver';
import { Elector, type ElectorOptions, MultiLock, leaderAnnotationKey } from '../../../demo/elector';
import { parseMicroTime } from '../../../src/core/microTime';
import { waitFor } from '../../../harness/waiting';
import { nextEvent } from './testing';

const NS = 'lock-types';
const TIMING = { leaseDurationSeconds: 2, renewDeadlineMs: 1500, retryPeriodMs: 300 };
const SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

let server: ApiServer;
let kubeconfig: string;
const electors: Elector[] = [];

function elector(name: string, host: string, lock: ElectorOptions['lock']): Elector {
  const e = new Elector({
    kubeconfig,
    namespace: NS,
    name,
    lock,
    identity: `${host}_${crypto.randomUUID()}`,
    ...TIMING,
    recordEvents: { component: name },
    log: () => undefined,
    logFormat: 'klog-printf',
  });
  electors.push(e);
  return e;
}

interface AnnotationRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string | null;
  renewTime: string | null;
  leaderTransitions: number;
}

function annotation(bucket: 'configmaps' | 'endpoints', name: string): AnnotationRecord | undefined {
  const o: KubeObject | undefined = server.store.getObject(bucket, NS, name);
  const text = o?.metadata.annotations?.[leaderAnnotationKey];
  return text === undefined ? undefined : (JSON.parse(text) as AnnotationRecord);
}

function eventsOn(kind: string, name: string) {
  return server.store.listEvents(NS).filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name);
}

describe('Elector with ConfigMap, Endpoints and migration locks', () => {
  before(async () => {
    server = await startApiServer();
    kubeconfig = server.kubeconfig({ contexts: [{ name: 'local', user: 'admin' }] });
    server.store.ensureNamespace(NS);
  });
  after(async () => {
    await Promise.all(electors.map((e) => e.crash()));
    await server.close();
  });

  test('a ConfigMap lock keeps the record in the leader annotation, and a candidate takes over a crashed leader', async () => {
    const a = elector('legacy-controller', 'legacy-controller-a', 'configmaps');
    const b = elector('legacy-controller', 'legacy-controller-b', 'configmaps');
    const aLeads = nextEvent(a, 'leading');
    a.start();
    await aLeads;
    const first = annotation('configmaps', 'legacy-controller');
    assert.ok(first);
    assert.deepEqual(Object.keys(first), ['holderIdentity', 'leaseDurationSeconds', 'acquireTime', 'renewTime', 'leaderTransitions']);
    assert.equal(first.holderIdentity, a.identity);
    assert.equal(first.leaseDurationSeconds, 2);
    assert.match(first.acquireTime ?? '', SECONDS);
    assert.match(first.renewTime ?? '', SECONDS);
    assert.equal(first.leaderTransitions, 0);
    assert.equal(server.store.getLease(NS, 'legacy-controller'), undefined, 'no Lease is written');
    await waitFor('a LeaderElection event on the ConfigMap', () => eventsOn('ConfigMap', 'legacy-controller').length === 1, 3000);
    const ev = eventsOn('ConfigMap', 'legacy-controller')[0];
    assert.equal(ev.involvedObject.apiVersion, 'v1');
    assert.equal(ev.reason, 'LeaderElection');
    assert.equal(ev.message, `${a.identity} became leader`);
    assert.equal(ev.involvedObject.uid, server.store.getObject('configmaps', NS, 'legacy-controller')?.metadata.uid);

    // Renewals move renewTime (whole seconds) on; then B takes over once A is gone.
    await waitFor('a renewal in a later second', () => annotation('configmaps', 'legacy-controller')?.renewTime !== first.renewTime, 3000);
    const bLeads = nextEvent(b, 'leading', 8000);
    b.start();
    await waitFor('B to see A', () => b.leader() === a.identity, 3000);
    await a.crash();
    await bLeads;
    const taken = annotation('configmaps', 'legacy-controller');
    assert.equal(taken?.holderIdentity, b.identity);
    assert.equal(taken?.leaderTransitions, 1);
  });

  test('an Endpoints lock writes its annotation, records Events on the Endpoints and releases on stop', async () => {
    const e = elector('old-endpoints-controller', 'old-endpoints-controller-0', 'endpoints');
    const leads = nextEvent(e, 'leading');
    e.start();
    await leads;
    assert.equal(annotation('endpoints', 'old-endpoints-controller')?.holderIdentity, e.identity);
    await waitFor('the event on the Endpoints', () => eventsOn('Endpoints', 'old-endpoints-controller').length === 1, 3000);
    await e.stop({ release: true });
    const released = annotation('endpoints', 'old-endpoints-controller');
    assert.equal(released?.holderIdentity, '');
    assert.equal(released?.leaseDurationSeconds, 1);
    assert.deepEqual(
      eventsOn('Endpoints', 'old-endpoints-controller').map((x) => x.message),
      [`${e.identity} became leader`, `${e.identity} stopped leading`],
    );
  });

  test('a configmapsleases lock writes the ConfigMap and the Lease with one record; writePrimary=false lets the ConfigMap lag', async () => {
    const e = elector('migrating-controller', 'migrating-controller-0', 'configmapsleases');
    const leads = nextEvent(e, 'leading');
    e.start();
    await leads;
    const cm = annotation('configmaps', 'migrating-controller');
    const lease = server.store.getLease(NS, 'migrating-controller');
    assert.equal(cm?.holderIdentity, e.identity);
    assert.equal(lease?.spec?.holderIdentity, e.identity);
    assert.equal(lease?.spec?.leaseDurationSeconds, 2);
    await waitFor(
      'events on both objects',
      () => eventsOn('ConfigMap', 'migrating-controller').length === 1 && eventsOn('Lease', 'migrating-controller').length === 1,
      3000,
    );

    const lock = e.resourceLock;
    assert.ok(lock instanceof MultiLock);
    lock.writePrimary = false;
    const cmRv = server.store.getObject('configmaps', NS, 'migrating-controller')?.metadata.resourceVersion;
    const leaseRenew = (): number => parseMicroTime(server.store.getLease(NS, 'migrating-controller')?.spec?.renewTime ?? '') ?? 0;
    const before = leaseRenew();
    await waitFor('the Lease to be renewed 1.5 s on', () => leaseRenew() > before + 1500, 5000);
    assert.equal(server.store.getObject('configmaps', NS, 'migrating-controller')?.metadata.resourceVersion, cmRv, 'the ConfigMap lags');
    assert.ok(e.isLeader());
    lock.writePrimary = true;
    await waitFor(
      'the ConfigMap to catch up',
      () => server.store.getObject('configmaps', NS, 'migrating-controller')?.metadata.resourceVersion !== cmRv,
      3000,
    );
  });

  test('a configmapsleases candidate respects a holder of the old configmaps lock (no Lease yet)', async () => {
    const old = elector('half-migrated', 'half-migrated-old', 'configmaps');
    const next = elector('half-migrated', 'half-migrated-new', 'configmapsleases');
    const oldLeads = nextEvent(old, 'leading');
    old.start();
    await oldLeads;
    next.start();
    await waitFor('the new replica to see the old holder', () => next.leader() === old.identity, 3000);
    // Renewals keep it out; once the old holder is gone it takes over and writes both objects.
    const nextLeads = nextEvent(next, 'leading', 8000);
    await old.crash();
    await nextLeads;
    assert.equal(annotation('configmaps', 'half-migrated')?.holderIdentity, next.identity);
    assert.equal(server.store.getLease(NS, 'half-migrated')?.spec?.holderIdentity, next.identity);
  });
});
