// Following a Lease through the real server process: events, timeline, candidate pods and their
// logs; a crashed leader and the failover gap; memory bounded under a log flood.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { parseMicroTime } from '../../src/core/microTime';
import { Diagnostics, Follow } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { leaseObject, podObject } from '../support/builders';
import { writeKubeconfig } from '../support/kubeconfig';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { startReplicas, type Replicas } from './replicas';

const users = [
  { name: 'admin', token: 'admin-token', admin: true, write: true },
  { name: 'viewer', token: 'viewer-token', admin: true, write: false },
];

describe('following a Lease', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;
  let replicas: Replicas;
  const key = leaseKey('demo', 'apps', 'leader-demo');

  before(async () => {
    api = await startApiServer({ users });
    api.store.ensureNamespace('apps');
    replicas = startReplicas(api, { namespace: 'apps', deployment: 'leader-demo', lease: 'leader-demo', durationSeconds: 2 });
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'demo', user: 'viewer' }], current: 'demo' }));
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig }, settings: { logTailLines: 50 } });
  });

  after(async () => {
    await replicas?.stop();
    await server?.close();
    await api?.close();
  });

  test('gives the events, the timeline, every replica as a candidate and logs from every replica', async () => {
    await server.follow(key);
    const snap = await server.waitFor('a complete follow view', () => {
      const s = server.follows.get(key);
      if (!s?.lease?.spec.holderIdentity) {
        return undefined;
      }
      const podsWithLines = new Set(s.logs.map((l) => l.pod));
      const ok =
        s.events.some((e) => / became leader$/.test(e.message)) &&
        s.timeline.terms.length > 0 &&
        s.pods.length === 3 &&
        podsWithLines.size === 3;
      return ok ? s : undefined;
    });
    const holder = snap.lease!.spec.holderIdentity!;
    assert.equal(snap.podResolution, 'found');
    assert.deepEqual(snap.pods.map((p) => p.name).sort(), [...replicas.pods].sort());
    assert.equal(snap.pods.filter((p) => p.holder).map((p) => p.name)[0], holder.split('_')[0], 'the holder pod is marked');
    assert.equal(snap.timeline.terms.at(-1)?.holder, holder);
    assert.ok(snap.events.every((e) => e.reason === 'LeaderElection'));
    const leaderLines = snap.logs.filter((l) => l.pod === holder.split('_')[0] && l.signal === 'acquired');
    assert.ok(leaderLines.length >= 1, 'the leader logged "successfully acquired lease", marked as such');
    const ordinary = snap.logs.filter((l) => l.signal === undefined);
    assert.ok(ordinary.length > 0, 'ordinary lines stay unmarked');
    assert.ok(
      snap.logs.every((l) => l.time > Date.now() - 60_000 && l.time <= Date.now() + 1000),
      'lines carry their --timestamps time',
    );
  });

  test('reports the new holder when the leader crashes, with the failover gap within 1 s of the truth', async () => {
    const leader = await server.waitFor('a leader', () => replicas.leader());
    const oldHolder = leader.identity;
    await leader.crash();
    const lastRenew = parseMicroTime(api.store.getLease('apps', 'leader-demo')?.spec?.renewTime as string)!;
    const update = await server.waitFor(
      'the new holder',
      () => {
        const s = server.follows.get(key);
        const h = s?.lease?.spec.holderIdentity;
        return h && h !== oldHolder ? s : undefined;
      },
      15_000,
    );
    const receivedAt = Date.now();
    const stored = api.store.getLease('apps', 'leader-demo')!;
    const newAcquire = parseMicroTime(stored.spec?.acquireTime as string)!;
    const truthGap = newAcquire - lastRenew;
    const term = update.timeline.terms.at(-1)!;
    assert.equal(term.holder, stored.spec?.holderIdentity);
    assert.ok(term.gapBeforeMs !== undefined, 'a failover gap is reported');
    assert.ok(Math.abs(term.gapBeforeMs - truthGap) < 1000, `reported gap ${term.gapBeforeMs} ms, truth ${truthGap} ms`);
    assert.ok(truthGap >= 2000 - 300, `the takeover waited for the lease duration (${truthGap} ms)`);
    const takeover = api.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/leases/leader-demo')).at(-1);
    assert.ok(takeover, 'the takeover was a PUT');
    assert.ok(receivedAt - takeover.time < 1000 + 250, `reported ${receivedAt - takeover.time} ms after the takeover write`);
    const previous = update.timeline.terms.at(-2);
    assert.equal(previous?.holder, oldHolder);
  });

  test('tells the client when the followed Lease is deleted, and keeps its history', async () => {
    const terms = server.follows.get(key)!.timeline.terms.length;
    await replicas.stop();
    api.store.deleteLease('apps', 'leader-demo');
    const snap = await server.waitFor('deleted', () => (server.follows.get(key)?.deleted ? server.follows.get(key) : undefined));
    assert.equal(snap.timeline.terms.length, terms);
  });

  test('keeps memory within the buffer bound under 50 MB of logs', async () => {
    const flood = await startApiServer({ users });
    flood.store.ensureNamespace('apps');
    flood.store.upsertPod(podObject({ namespace: 'apps', name: 'flood-0' }));
    flood.store.applyLease(leaseObject({ namespace: 'apps', name: 'flood', holder: 'flood-0_6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f' }));
    const kubeconfig = writeKubeconfig(flood.kubeconfig({ contexts: [{ name: 'flood', user: 'viewer' }], current: 'flood' }));
    const bound = 2000;
    const proc = await startLeaseServer({
      env: { KUBECONFIG: kubeconfig },
      settings: { logBufferLines: bound, logTailLines: 10 },
      execArgv: ['--expose-gc'],
    });
    try {
      const floodKey = leaseKey('flood', 'apps', 'flood');
      await proc.conn.sendRequest(Follow.start, { key: floodKey });
      await proc.waitFor('the log stream', () => proc.followUpdates.some((u) => u.key === floodKey && u.pods?.length === 1));
      const before = await proc.conn.sendRequest(Diagnostics.stats, { collectGarbage: true });
      const line = `I1121 00:41:17.925871       1 reflector.go:351] ${'x'.repeat(180)}`;
      const total = 50 * 1024 * 1024;
      let written = 0;
      let n = 0;
      while (written < total) {
        for (let i = 0; i < 2000; i++, n++) {
          flood.store.appendLog('apps', 'flood-0', 'manager', `${line} ${n}`);
          written += line.length + 10;
        }
        await new Promise((r) => setImmediate(r));
      }
      const last = `${line} ${n - 1}`;
      await proc.waitFor(
        'the last line',
        () => proc.followUpdates.some((u) => u.key === floodKey && u.logs?.some((l) => l.text === last)),
        120_000,
      );
      const afterStats = await proc.conn.sendRequest(Diagnostics.stats, { collectGarbage: true });
      const follow = afterStats.follows.find((f) => f.key === floodKey)!;
      assert.ok(follow.bufferedLines <= bound, `${follow.bufferedLines} lines buffered, bound ${bound}`);
      assert.ok(follow.droppedLines >= n - bound, `dropped lines are counted (${follow.droppedLines})`);
      // Live memory after a full GC: what the server keeps, not garbage it has yet to collect.
      const growthMb = (afterStats.heapUsedBytes - before.heapUsedBytes) / 1024 / 1024;
      console.log(
        `flood: rss ${(before.rssBytes / 1048576).toFixed(1)} → ${(afterStats.rssBytes / 1048576).toFixed(1)} MB, heap ${(before.heapUsedBytes / 1048576).toFixed(1)} → ${(afterStats.heapUsedBytes / 1048576).toFixed(1)} MB`,
      );
      assert.ok(growthMb < 8, `the live heap grew ${growthMb.toFixed(1)} MB while 50 MB of logs passed through (bound: ${bound} lines)`);
      const delivered = proc.followUpdates.filter((u) => u.key === floodKey).reduce((sum, u) => sum + (u.logs?.length ?? 0), 0);
      assert.ok(
        proc.followUpdates.filter((u) => u.key === floodKey).every((u) => (u.logs?.length ?? 0) <= bound),
        'no update carries more than the bound',
      );
      assert.ok(delivered >= bound, `${delivered} lines delivered`);
    } finally {
      await proc.close();
      await flood.close();
    }
  });
});
