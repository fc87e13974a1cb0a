// The Elector against the local API server: client-go's leader election (LeaseLock) with short
// timings (lease 2 s, renew deadline 1.5 s, retry 0.3 s). No fixed sleeps: every wait is on an
// event, a watch or a polled condition with a timeout.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { startApiServer, type ApiServer, type CoreEvent } from '../../../demo/apiserver';
import { parseMicroTime } from '../../../src/core/microTime';
import { Elector, type ElectorOptions, type LogFormat } from '../../../demo/elector';
import { waitFor } from '../../../harness/waiting';
import { firstToEmit, nextEvent, watchLease } from './testing';

const NS = 'elector-test';
const TIMING = { leaseDurationSeconds: 2, renewDeadlineMs: 1500, retryPeriodMs: 300 };
const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

let server: ApiServer;
let kubeconfig: string;
let kc: KubeConfig;
const electors: Elector[] = [];
let leaseCounter = 0;

function newLease(): string {
  return `lease-${++leaseCounter}`;
}

interface Candidate {
  elector: Elector;
  lines: string[];
}

function candidate(lease: string, host: string, extra: Partial<ElectorOptions> = {}): Candidate {
  const lines: string[] = [];
  const elector = new Elector({
    kubeconfig,
    namespace: NS,
    name: lease,
    identity: `${host}_${crypto.randomUUID()}`,
    ...TIMING,
    recordEvents: { component: 'elector-test' },
    log: (line) => lines.push(line),
    logFormat: 'klog-printf',
    ...extra,
  });
  electors.push(elector);
  return { elector, lines };
}

/** A leads; then B starts and, for the tests that want it, has seen A as the leader. */
async function aLeadsThenB(a: Candidate, b: Candidate, opts: { observed: boolean }): Promise<void> {
  const aLeads = nextEvent(a.elector, 'leading');
  a.elector.start();
  await aLeads;
  b.elector.start();
  if (opts.observed) {
    await waitFor('B to observe A', () => b.elector.leader() === a.elector.identity, 3000);
  }
}

function lease(name: string) {
  const l = server.store.getLease(NS, name);
  assert.ok(l, `lease ${NS}/${name} exists`);
  return l;
}

function spec(name: string) {
  return lease(name).spec ?? {};
}

function ms(microTime: string | null | undefined): number {
  assert.ok(microTime, 'a MicroTime is set');
  const parsed = parseMicroTime(microTime);
  assert.ok(parsed !== undefined, `${microTime} parses`);
  return parsed;
}

function events(name: string): CoreEvent[] {
  return server.store.listEvents(NS).filter((e) => e.involvedObject.name === name);
}

before(async () => {
  server = await startApiServer();
  kubeconfig = server.kubeconfig({ contexts: [{ name: 'admin', user: 'admin' }] });
  kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  server.store.ensureNamespace(NS);
});

after(async () => {
  await Promise.all(electors.map((e) => e.stop()));
  await server.close();
});

describe('Elector', () => {
  test('acquires a missing lease, then renews it every retry period', async () => {
    const name = newLease();
    const { elector, lines } = candidate(name, 'solo');
    const leading = nextEvent(elector, 'leading');
    elector.start();
    await leading;
    assert.equal(elector.isLeader(), true);

    const first = spec(name);
    assert.equal(first.holderIdentity, elector.identity);
    assert.equal(first.leaseDurationSeconds, 2);
    assert.equal(first.leaseTransitions, 0);
    assert.match(first.acquireTime ?? '', MICRO);
    assert.match(first.renewTime ?? '', MICRO);
    assert.equal(first.acquireTime, first.renewTime);

    const seen = new Set<string>([first.renewTime ?? '']);
    await waitFor('three renewals', () => (seen.add(spec(name).renewTime ?? ''), seen.size >= 4), 3000, { everyMs: 10 });
    const later = spec(name);
    assert.ok(ms(later.renewTime) > ms(first.renewTime), 'renewTime advances');
    assert.equal(later.acquireTime, first.acquireTime, 'acquireTime stays while renewing');
    assert.equal(later.leaseTransitions, 0);
    // Renewals go through the optimistic fast path: a PUT, no GET before it.
    const puts = server.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/leases/${name}`));
    assert.ok(puts.length >= 3 && puts.every((r) => r.status === 200), 'renewals are PUTs answered 200');
    assert.ok(lines.some((l) => l.includes(`successfully acquired lease ${NS}/${name}`)));

    await elector.stop();
    assert.equal(elector.isLeader(), false);
    assert.equal(spec(name).holderIdentity, elector.identity, 'a stop without release leaves the lease to expire');
  });

  test('keeps exactly one leader among two candidates', async () => {
    const name = newLease();
    const a = candidate(name, 'pod-a');
    const b = candidate(name, 'pod-b');
    const firstLeader = firstToEmit([a.elector, b.elector], 'leading').then((e) => (e === a.elector ? a : b));
    a.elector.start();
    b.elector.start();
    const leader = await firstLeader;
    const follower = leader === a ? b : a;
    await waitFor('the follower to see the leader', () => follower.elector.leader() === leader.elector.identity, 3000);

    // Sample over several retry periods (until the lease was renewed six more times).
    const renewals = new Set<string>();
    await waitFor(
      'six renewals while sampling',
      () => {
        const leaders = [a, b].filter((c) => c.elector.isLeader());
        assert.equal(leaders.length, 1, 'exactly one candidate thinks it leads');
        assert.equal(spec(name).holderIdentity, leaders[0].elector.identity, 'the lease names that candidate');
        renewals.add(spec(name).renewTime ?? '');
        return renewals.size >= 7;
      },
      5000,
      { everyMs: 15 },
    );
    assert.equal(spec(name).leaseTransitions, 0, 'no transition while the leader renews');
    await Promise.all([a.elector.stop(), b.elector.stop()]);
  });

  test('takes over a crashed leader only after leaseDurationSeconds of observed silence', async () => {
    const name = newLease();
    const a = candidate(name, 'pod-a');
    const b = candidate(name, 'pod-b');
    await aLeadsThenB(a, b, { observed: true });

    const history = await watchLease(kc, NS, name);
    const bLeads = nextEvent(b.elector, 'leading', 8000);
    await a.elector.crash();
    assert.equal(a.elector.isLeader(), false);
    await bLeads;
    const takeover = await waitFor(
      'the watch to see B take over',
      () => history.states.find((s) => s.holderIdentity === b.elector.identity),
      2000,
    );
    history.stop();

    const lastOfA = history.states.filter((s) => s.holderIdentity === a.elector.identity).at(-1);
    assert.ok(lastOfA, 'the watch saw A renew');
    const gap = ms(takeover.acquireTime) - ms(lastOfA.renewTime);
    assert.ok(gap >= 2000 - 1, `takeover ${gap.toFixed(1)} ms after A's last renewal is not before the 2 s lease duration`);
    assert.ok(gap <= 2000 + 3 * 300 * 2.2 + 500, `takeover ${gap.toFixed(1)} ms after A's last renewal is prompt`);
    assert.equal(takeover.leaseTransitions, (lastOfA.leaseTransitions ?? 0) + 1, 'leaseTransitions goes up by one');
    assert.equal(takeover.acquireTime, takeover.renewTime);
    await b.elector.stop();
  });

  test("judges expiry by its own observation, not by the holder's renewTime", async () => {
    // A's clock is an hour behind: its renewTime always looks long expired to B's clock.
    const name = newLease();
    const a = candidate(name, 'skewed', { clock: () => Date.now() - 3_600_000 });
    const b = candidate(name, 'pod-b');
    await aLeadsThenB(a, b, { observed: false });
    let bLed = false;
    b.elector.on('leading', () => (bLed = true));
    const renewals = new Set<string>();
    // Two lease durations of renewals (about 13 retry periods) without B taking over.
    await waitFor('13 renewals by the skewed leader', () => (renewals.add(spec(name).renewTime ?? ''), renewals.size >= 14), 8000, {
      everyMs: 15,
    });
    assert.equal(bLed, false, 'B never took over a lease that keeps changing');
    assert.equal(spec(name).holderIdentity, a.elector.identity);
    await Promise.all([a.elector.stop(), b.elector.stop()]);
  });

  test('releases on a clean stop, and the other candidate takes over promptly', async () => {
    const name = newLease();
    const a = candidate(name, 'pod-a');
    const b = candidate(name, 'pod-b');
    await aLeadsThenB(a, b, { observed: true });
    const transitionsBefore = spec(name).leaseTransitions ?? 0;

    const history = await watchLease(kc, NS, name);
    const stopped = nextEvent(a.elector, 'stopped');
    const bLeads = nextEvent(b.elector, 'leading', 3000);
    const releasedAt = Date.now();
    await a.elector.stop({ release: true });
    assert.deepEqual(await stopped, ['released']);
    await bLeads;
    const tookOverAfter = Date.now() - releasedAt;
    await waitFor('the watch to see B take over', () => history.states.some((s) => s.holderIdentity === b.elector.identity), 2000);
    history.stop();

    const released = history.states.find((s) => s.holderIdentity === '');
    assert.ok(released, 'the watch saw the released lease');
    assert.equal(released.leaseDurationSeconds, 1);
    assert.equal(released.acquireTime, released.renewTime);
    assert.match(released.renewTime ?? '', MICRO);
    assert.equal(released.leaseTransitions, transitionsBefore, 'a release is not a transition');
    assert.ok(tookOverAfter < 2000, `B took over ${tookOverAfter} ms after the release, before a lease duration`);
    assert.equal(spec(name).holderIdentity, b.elector.identity);
    assert.equal(spec(name).leaseTransitions, transitionsBefore + 1);

    const messages = events(name).map((e) => e.message);
    assert.ok(messages.includes(`${a.elector.identity} became leader`));
    assert.ok(messages.includes(`${a.elector.identity} stopped leading`));
    await waitFor("B's event", () => events(name).some((e) => e.message === `${b.elector.identity} became leader`), 2000);
    await b.elector.stop();
  });

  test('handles 409 Conflicts: a lost race to take a lease, and a stale resourceVersion', async () => {
    const name = newLease();
    // A released lease both candidates may take at once; their PUTs are held back 150 ms so both
    // carry the resourceVersion they read.
    server.store.applyLease({
      metadata: { name, namespace: NS },
      spec: { holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 3 },
    });
    const undelay = server.faults.delay((r) => r.method === 'PUT' && r.path.endsWith(`/leases/${name}`), 150);
    const a = candidate(name, 'pod-a');
    const b = candidate(name, 'pod-b');
    const firstLeader = firstToEmit([a.elector, b.elector], 'leading').then((e) => (e === a.elector ? a : b));
    a.elector.start();
    b.elector.start();
    const leader = await firstLeader;
    undelay();
    const loser = leader === a ? b : a;
    await waitFor(
      'the loser to log the conflict',
      () => loser.lines.some((l) => l.includes('Failed to update lock: Operation cannot be fulfilled on leases.coordination.k8s.io')),
      3000,
    );
    assert.ok(
      server.requests.some((r) => r.method === 'PUT' && r.path.endsWith(`/leases/${name}`) && r.status === 409),
      'the server answered 409',
    );
    assert.equal(loser.elector.isLeader(), false);
    assert.equal(spec(name).holderIdentity, leader.elector.identity);
    assert.equal(spec(name).leaseTransitions, 4);

    // Someone else writes the lease (a label): the leader's optimistic renewal conflicts, it falls
    // back to the slow path (GET, then PUT) and keeps leading.
    const current = lease(name);
    server.store.updateLease({ ...current, metadata: { ...current.metadata, labels: { touched: 'yes' } } });
    await waitFor(
      'the optimistic update to fail',
      () =>
        leader.lines.some((l) =>
          /E\d{4} .* leaderelection\.go:429\] Failed to update lock optimitically: Operation cannot be fulfilled on leases\.coordination\.k8s\.io ".*": the object has been modified; please apply your changes to the latest version and try again, falling back to slow path$/.test(
            l,
          ),
        ),
      3000,
    );
    const renewed = spec(name).renewTime;
    await waitFor('a renewal after the conflict', () => spec(name).renewTime !== renewed, 2000);
    assert.equal(leader.elector.isLeader(), true);
    assert.equal(spec(name).holderIdentity, leader.elector.identity);
    await Promise.all([a.elector.stop(), b.elector.stop()]);
  });

  test('gives up leadership when renewals fail past the renew deadline', async () => {
    const name = newLease();
    const { elector, lines } = candidate(name, 'pod-a');
    const leading = nextEvent(elector, 'leading');
    elector.start();
    await leading;
    const stopped = nextEvent(elector, 'stopped', 4000);
    const fail = server.faults.failWith((r) => r.path.endsWith(`/leases/${name}`), 500, 'etcdserver: request timed out');
    const failedAt = Date.now();
    assert.deepEqual(await stopped, ['lost']);
    const after = Date.now() - failedAt;
    fail();
    assert.equal(elector.isLeader(), false);
    assert.equal(elector.state, 'lost');
    assert.ok(after >= 1500 - 300 && after < 1500 + 1000, `lost ${after} ms after renewals began to fail (renew deadline 1.5 s)`);
    assert.ok(
      lines.some((l) => l.includes(`leaderelection.go:297] failed to renew lease ${NS}/${name}: timed out waiting for the condition`)),
    );
    assert.ok(lines.some((l) => l.includes('error retrieving resource lock') && l.includes('etcdserver: request timed out')));
    assert.match(lines.at(-1) ?? '', /^E\d{4} [\d:.]+ +1 main\.go:\d+\] leaderelection lost$/);
    await waitFor('the stopped-leading event', () => events(name).some((e) => e.message === `${elector.identity} stopped leading`), 2000);
  });

  test("records LeaderElection events shaped like client-go's", async () => {
    const name = newLease();
    const { elector } = candidate(name, 'pod-a');
    const leading = nextEvent(elector, 'leading');
    elector.start();
    await leading;
    const e = await waitFor(
      'the became-leader event',
      () => events(name).find((x) => x.message === `${elector.identity} became leader`),
      2000,
    );
    assert.equal(e.reason, 'LeaderElection');
    assert.equal(e.type, 'Normal');
    assert.equal(e.count, 1);
    assert.equal(e.source?.component, 'elector-test');
    assert.equal(e.reportingComponent, 'elector-test');
    assert.match(e.metadata.name ?? '', new RegExp(`^${name}\\.[0-9a-f]{16}$`));
    assert.match(e.firstTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(e.firstTimestamp, e.lastTimestamp);
    assert.deepEqual(
      {
        kind: e.involvedObject.kind,
        apiVersion: e.involvedObject.apiVersion,
        namespace: e.involvedObject.namespace,
        name: e.involvedObject.name,
        uid: e.involvedObject.uid,
      },
      { kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', namespace: NS, name, uid: lease(name).metadata.uid },
    );
    await elector.stop({ release: true });
    assert.ok(
      events(name).some((x) => x.message === `${elector.identity} stopped leading`),
      'stop() flushes the stopped-leading event',
    );
  });

  test("logs leadership lines in client-go's shapes, in each format", async () => {
    const expected: Record<LogFormat, (lock: string) => RegExp[]> = {
      'klog-printf': (lock) => [
        new RegExp(
          `^I\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} {7}1 leaderelection\\.go:250\\] attempting to acquire leader lease ${lock}\\.\\.\\.$`,
        ),
        new RegExp(`^I\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} {7}1 leaderelection\\.go:260\\] successfully acquired lease ${lock}$`),
      ],
      'klog-structured': (lock) => [
        new RegExp(
          `^I\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} {7}1 leaderelection\\.go:257\\] "Attempting to acquire leader lease\\.\\.\\." lock="${lock}"$`,
        ),
        new RegExp(`^I\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} {7}1 leaderelection\\.go:271\\] "Successfully acquired lease" lock="${lock}"$`),
      ],
      json: (lock) => [
        new RegExp(
          `^\\{"ts":\\d+(\\.\\d{1,3})?,"caller":"leaderelection/leaderelection\\.go:257","msg":"Attempting to acquire leader lease\\.\\.\\.","v":0,"lock":"${lock}"\\}$`,
        ),
        new RegExp(
          `^\\{"ts":\\d+(\\.\\d{1,3})?,"caller":"leaderelection/leaderelection\\.go:271","msg":"Successfully acquired lease","v":0,"lock":"${lock}"\\}$`,
        ),
      ],
    };
    for (const format of Object.keys(expected) as LogFormat[]) {
      const name = newLease();
      const { elector, lines } = candidate(name, `pod-${format}`, { logFormat: format, chatterEveryMs: 20 });
      const leading = nextEvent(elector, 'leading');
      elector.start();
      await leading;
      await waitFor('a few ordinary lines', () => lines.length >= 12, 3000);
      await elector.stop();
      const lock = `${NS}/${name}`.replace(/\./g, '\\.');
      for (const re of expected[format](lock)) {
        assert.ok(
          lines.some((l) => re.test(l)),
          `${format}: a line matches ${re}`,
        );
      }
      if (format === 'json') {
        for (const l of lines) {
          assert.doesNotThrow(() => JSON.parse(l), `every JSON line parses: ${l}`);
        }
      }
      const leadership = /leaderelection|acquire|lease /i;
      const ordinary = lines.filter((l) => !leadership.test(l));
      assert.ok(ordinary.length >= 8, `${format}: ordinary lines mixed in`);
      assert.ok(
        ordinary.some((l) => /leader/i.test(l)),
        `${format}: some ordinary lines merely mention "leader"`,
      );
    }
  });
});
