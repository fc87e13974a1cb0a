// The Lease server's contract with a cluster, as a client sees it through the real server process
// (dist/server.js over IPC): one definition, run against every backend with the same assertions.
// Only what a client observes; no fault hooks, nothing a real cluster could not do.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseMicroTime } from '../../src/core/microTime';
import { Diagnostics } from '../../src/shared/protocol';
import { leaseKey, type FollowSnapshot, type LeaseInfo } from '../../src/shared/types';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import type { Backend, Workload } from './backends';
import { failoverIn, recordLeaseVersions } from './leaseVersions';

/** MicroTime on the wire: always six fractional digits. */
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** The RBAC authorizer's denial, as kube-apiserver words it. */
const rbacDenial = (scope: string): RegExp =>
  new RegExp(
    `leases\\.coordination\\.k8s\\.io is forbidden: User "dev" cannot list resource "leases" in API group "coordination\\.k8s\\.io" ${scope}`,
  );
/** Generous: the real cluster shares two cores with the test runner. */
const WAIT_MS = 45_000;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function assertMicroTimes(lease: LeaseInfo): void {
  for (const field of ['acquireTime', 'renewTime'] as const) {
    const value = lease.spec[field];
    if (value === undefined) {
      continue;
    }
    assert.match(value, MICRO_TIME, `${lease.key} ${field}`);
    assert.ok(parseMicroTime(value) !== undefined, `${lease.key} ${field} parses`);
  }
}

/** Pod name a client-go identity names: the pod itself, or `<lease>-<node>` for static pods. */
function holderPod(workload: Workload, holder: string): string {
  const host = holder.split('_')[0];
  return workload.kind === 'static' ? `${workload.lease.name}-${host}` : host;
}

function completeFollow(s: FollowSnapshot | undefined, workload: Workload): boolean {
  const holder = s?.lease?.spec.holderIdentity;
  if (!s || !holder) {
    return false;
  }
  const podsWithSignals = new Set(s.logs.filter((l) => l.signal).map((l) => l.pod));
  return (
    s.events.some((e) => e.message === `${holder} became leader`) &&
    s.timeline.terms.at(-1)?.holder === holder &&
    s.pods.length === workload.pods.length &&
    workload.pods.every((p) => podsWithSignals.has(p)) &&
    s.logs.some((l) => l.pod === holderPod(workload, holder) && l.signal === 'acquired')
  );
}

/** Defines the contract tests for one backend; call inside a describe(). The backend is stopped by the file. */
export function defineContract(start: () => Promise<Backend>): void {
  let backend: Backend;
  let server: LeaseServerProcess;
  /** When the Deployment Lease's follow started: its Event and pod watches stay quiet from then on. */
  let quietSince: number | undefined;

  before(async () => {
    backend = await start();
    const mem = await backend.memory?.();
    console.error(
      `[contract:${backend.name}] backend started in ${(backend.startMs / 1000).toFixed(1)} s` +
        (mem
          ? `; ${mem.byProcess.length} processes, RSS ${(mem.rssBytes / 2 ** 20).toFixed(0)} MiB, PSS ${(mem.pssBytes / 2 ** 20).toFixed(0)} MiB`
          : ''),
    );
    server = await startLeaseServer({
      env: { KUBECONFIG: backend.kubeconfigPath },
      settings: {
        nodeLeases: 'counted',
        // Namespaces to try when cluster scope is forbidden: the readable ones and one that is not.
        namespaces: [...backend.devAllowedNamespaces, backend.devForbiddenNamespace],
        logTailLines: 1000,
      },
    });
  });

  after(async () => {
    await server?.close();
  });

  test('lists every kind of Lease for the admin context: leaders with holders, the API server identity, node leases counted', async () => {
    await server.watch([backend.adminContext]);
    const state = await server.waitFor(
      'the admin context synced with its node leases counted',
      () => {
        const s = server.states.get(backend.adminContext);
        return s?.synced && s.phase === 'connected' && s.nodeLeaseCount === backend.nodeCount ? s : undefined;
      },
      WAIT_MS,
    );
    assert.deepEqual(state.forbiddenNamespaces, []);
    const ofAdmin = (): LeaseInfo[] => [...server.leases.values()].filter((l) => l.context === backend.adminContext);
    for (const w of [backend.leader, backend.deployment]) {
      const lease = await server.waitFor(`${w.lease.namespace}/${w.lease.name} with a holder`, () => {
        const l = server.leases.get(leaseKey(backend.adminContext, w.lease.namespace, w.lease.name));
        return l?.spec.holderIdentity ? l : undefined;
      });
      assert.equal(lease.kind, 'leader');
      assert.ok(
        w.pods.includes(holderPod(w, lease.spec.holderIdentity ?? '')),
        `${lease.spec.holderIdentity} names one of ${w.pods.join(', ')}`,
      );
      assert.match(lease.spec.holderIdentity ?? '', new RegExp(`^[a-z0-9-]+_${UUID}$`));
    }
    const identity = await server.waitFor('the API server identity lease', () => {
      const found = ofAdmin().filter((l) => l.kind === 'apiserver-identity');
      return found.length > 0 ? found : undefined;
    });
    const mine = ofAdmin();
    assert.ok(!mine.some((l) => l.kind === 'node' || l.namespace === 'kube-node-lease'), 'node leases are counted, not sent');
    for (const l of identity) {
      assert.equal(l.namespace, 'kube-system');
      assert.match(l.name, /^apiserver-[a-z0-9]+$/);
      assert.match(l.spec.holderIdentity ?? '', new RegExp(`^${escape(l.name)}_${UUID}$`));
    }
    for (const l of mine) {
      assertMicroTimes(l);
    }
    assert.ok(mine.filter((l) => l.spec.renewTime).length >= 3, 'leases with renewTimes');
  });

  test('falls back from a forbidden cluster scope to the namespaces dev may read, and names the forbidden one', async () => {
    await server.watch([backend.devContext]);
    const state = await server.waitFor(
      'dev partial and synced',
      () => {
        const s = server.states.get(backend.devContext);
        return s?.phase === 'partial' && s.synced ? s : undefined;
      },
      WAIT_MS,
    );
    assert.deepEqual(state.forbiddenNamespaces, [backend.devForbiddenNamespace]);
    assert.match(state.message ?? '', new RegExp(escape(backend.devForbiddenNamespace)));
    await server.waitFor('the Deployment lease in the context namespace', () =>
      server.leases.has(leaseKey(backend.devContext, backend.deployment.lease.namespace, backend.deployment.lease.name)),
    );
    const dev = [...server.leases.values()].filter((l) => l.context === backend.devContext);
    assert.ok(
      dev.every((l) => backend.devAllowedNamespaces.includes(l.namespace)),
      `only readable namespaces: ${dev.map((l) => l.key).join(', ')}`,
    );
    assert.ok(!dev.some((l) => l.namespace === backend.devForbiddenNamespace));
    for (const l of dev) {
      assertMicroTimes(l);
    }
    // Following works with a namespace reader's permissions: pods, their logs and the Events.
    const w = backend.deployment;
    const key = leaseKey(backend.devContext, w.lease.namespace, w.lease.name);
    await server.follow(key);
    await server.waitFor(`a complete follow view of ${key} as dev`, () => completeFollow(server.follows.get(key), w), WAIT_MS);
    // The API server's own words reach the server log: the RBAC denial at cluster scope and in the namespace.
    const log = server.logLines.map((l) => l.message).join('\n');
    assert.match(log, rbacDenial('at the cluster scope'));
    assert.match(log, rbacDenial(`in the namespace "${escape(backend.devForbiddenNamespace)}"`));
  });

  for (const which of ['leader', 'deployment'] as const) {
    test(`follows the ${which === 'leader' ? 'kube-scheduler Lease (static pods)' : 'Deployment Lease'}: events, timeline, every replica as a candidate, logs with leadership lines marked`, async () => {
      const w = backend[which];
      const key = leaseKey(backend.adminContext, w.lease.namespace, w.lease.name);
      await server.follow(key);
      if (which === 'deployment') {
        quietSince = Date.now();
      }
      const snap = await server.waitFor(
        `a complete follow view of ${key}`,
        () => (completeFollow(server.follows.get(key), w) ? server.follows.get(key) : undefined),
        WAIT_MS,
      );
      const holder = snap.lease?.spec.holderIdentity ?? '';
      assert.equal(snap.podResolution, 'found');
      assert.deepEqual(snap.pods.map((p) => p.name).sort(), [...w.pods].sort());
      assert.deepEqual(
        snap.pods.filter((p) => p.holder).map((p) => p.name),
        [holderPod(w, holder)],
        'the holder pod is marked',
      );
      assert.ok(snap.pods.every((p) => p.phase === 'Running' && p.containers.length >= 1));
      assert.ok(snap.events.every((e) => e.reason === 'LeaderElection'));
      assert.ok(
        snap.events.every((e) => new RegExp(`^\\S+_${UUID} (became leader|stopped leading)$`).test(e.message)),
        snap.events.map((e) => e.message).join('\n'),
      );
      const term = snap.timeline.terms.at(-1);
      assert.equal(term?.holder, holder);
      const now = Date.now();
      assert.ok(
        snap.logs.every((l) => l.time > now - 10 * 60_000 && l.time <= now + 1000),
        'lines carry their --timestamps time',
      );
      assert.ok(
        snap.logs.some((l) => l.signal === undefined),
        'ordinary lines stay unmarked',
      );
      for (const pod of w.pods) {
        const signals = new Set(snap.logs.filter((l) => l.pod === pod && l.signal).map((l) => l.signal));
        assert.ok(signals.has('attempting') || signals.has('acquired'), `${pod}: ${[...signals].join(', ')}`);
      }
    });
  }

  test("reports a takeover when the leader is killed: new holder, the failover gap from the Lease times, the Event and the new leader's log line", async () => {
    const w = backend.leader;
    const key = leaseKey(backend.adminContext, w.lease.namespace, w.lease.name);
    const recorder = recordLeaseVersions(backend.kubeconfigPath, backend.adminContext, w.lease);
    try {
      await recorder.ready;
      if (!server.states.has(backend.adminContext)) {
        await server.watch([backend.adminContext]);
      }
      if (!server.follows.has(key)) {
        await server.follow(key);
      }
      await server.waitFor('the follow view', () => completeFollow(server.follows.get(key), w), WAIT_MS);
      const killedAt = Date.now();
      const oldHolder = await backend.killLeader();
      const snap = await server.waitFor(
        'the new holder in the followed Lease',
        () => {
          const s = server.follows.get(key);
          const h = s?.lease?.spec.holderIdentity;
          return h && h !== oldHolder ? s : undefined;
        },
        WAIT_MS,
      );
      const newHolder = snap.lease?.spec.holderIdentity ?? '';
      const truth = await server.waitFor('the takeover in our own watch', () => failoverIn(recorder.versions, oldHolder), WAIT_MS);
      assert.equal(truth.newHolder, newHolder);
      assert.equal((await backend.readLease(w.lease)).spec?.holderIdentity, newHolder, 'the holder the cluster has');
      const term = snap.timeline.terms.at(-1);
      assert.equal(term?.holder, newHolder);
      assert.equal(snap.timeline.terms.at(-2)?.holder, oldHolder);
      assert.ok(term?.gapBeforeMs !== undefined, 'a failover gap is reported');
      assert.ok(Math.abs(term.gapBeforeMs - truth.gapMs) < 1000, `reported gap ${term.gapBeforeMs} ms, the Lease says ${truth.gapMs} ms`);
      const durationMs = (snap.lease?.spec.leaseDurationSeconds ?? 0) * 1000;
      assert.ok(truth.gapMs >= durationMs - 500, `the takeover waited for the lease to expire (${truth.gapMs} ms, lease ${durationMs} ms)`);
      // The tree's cache moves on too.
      await server.waitFor('the new holder in the tree', () => server.leases.get(key)?.spec.holderIdentity === newHolder, WAIT_MS);
      const newPod = holderPod(w, newHolder);
      const done = await server.waitFor(
        `the "became leader" Event and ${newPod}'s "successfully acquired lease" line`,
        () => {
          const s = server.follows.get(key);
          const event = s?.events.some((e) => e.message === `${newHolder} became leader`);
          const line = s?.logs.find((l) => l.pod === newPod && l.signal === 'acquired' && l.time >= killedAt - 1000);
          return s && event && line && s.pods.find((p) => p.holder)?.name === newPod ? { s, line } : undefined;
        },
        WAIT_MS,
      );
      assert.match(done.line.text, /successfully acquired lease/i);
      // The killed replica's container restarts; its log is followed on into the new one.
      const oldPod = holderPod(w, oldHolder);
      await server.waitFor(
        `${oldPod}'s restarted container's "attempting to acquire leader lease" line`,
        () => server.follows.get(key)?.logs.some((l) => l.pod === oldPod && l.signal === 'attempting' && l.time >= killedAt),
        WAIT_MS,
      );
      await server.waitFor(
        `${oldPod} counts its restart`,
        () => (server.follows.get(key)?.pods.find((p) => p.name === oldPod)?.restarts ?? 0) >= 1,
        WAIT_MS,
      );
      console.error(
        `[contract:${backend.name}] failover ${oldHolder} → ${newHolder}: gap ${truth.gapMs.toFixed(0)} ms (reported ${term.gapBeforeMs.toFixed(0)} ms); seen ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`,
      );
    } finally {
      recorder.stop();
    }
  });

  test('keeps quiet watches for over a minute: a watch that has nothing to say is not taken for a dead one', async () => {
    // kube-apiserver sends nothing on a quiet watch (no BOOKMARKs for Events; for cached resources
    // one a minute at most). The Deployment's Events and pods have not changed since its follow began.
    const key = leaseKey(backend.adminContext, backend.deployment.lease.namespace, backend.deployment.lease.name);
    if (quietSince === undefined) {
      await server.follow(key);
      quietSince = Date.now();
    }
    const since = quietSince;
    const quietMs = 65_000;
    await server.waitFor('a quiet minute', () => Date.now() - since >= quietMs, quietMs + 5000);
    const silent = server.logLines.filter((l) => /sent nothing for/.test(l.message));
    assert.deepEqual(
      silent.map((l) => l.message),
      [],
      'no watch was replaced as silent',
    );
    assert.ok(completeFollow(server.follows.get(key), backend.deployment), 'the follow view is still whole');
  });

  test('sends only GET requests', async () => {
    const stats = await server.conn.sendRequest(Diagnostics.stats, null);
    assert.ok(stats.requests > 0, `the server counted ${stats.requests} GET requests`);
    const recorded = backend.leaseServerRequests?.();
    if (recorded) {
      assert.ok(recorded.length > 10, `${recorded.length} requests recorded from the Lease server`);
      assert.deepEqual([...new Set(recorded.map((r) => r.method))], ['GET']);
    }
  });
}
