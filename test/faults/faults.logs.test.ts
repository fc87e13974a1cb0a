// Log stream faults of a followed Lease through the real Lease server process: a pod deleted
// mid-stream, a container restart, streams broken mid-flow, logs the user may not read, and
// 100 MB of logs (with one 32 MB line) against a bounded buffer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiServer } from '../../demo/apiserver';
import { Diagnostics, Follow } from '../../src/shared/protocol';
import { leaseKey, type FollowSnapshot, type LogLine } from '../../src/shared/types';
import { assertHealthy, Audit, Heartbeat, secretToken, viewer, type Watched } from './helpers';
import { leaseObject, podObject } from '../support/builders';
import { apiContexts, kubeconfigYaml, mergeKc, writeKubeconfig } from '../support/kubeconfig';

const uuid = '6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f';

/** Pods of one ReplicaSet; the Lease is held by the first. */
function seedWorkload(api: ApiServer, ns: string, app: string, replicas: number): string[] {
  const pods = Array.from({ length: replicas }, (_, i) => `${app}-${i}`);
  for (const name of pods) {
    api.store.upsertPod(
      podObject({ namespace: ns, name, labels: { app }, owner: { kind: 'ReplicaSet', name: `${app}-rs`, uid: `uid-${app}` } }),
    );
  }
  api.store.applyLease(leaseObject({ namespace: ns, name: app, holder: `${pods[0]}_${uuid}` }));
  return pods;
}

/** Appends numbered lines to pods on a timer, and remembers what it wrote. */
class LogWriter {
  readonly written = new Map<string, string[]>();
  private timer: NodeJS.Timeout;

  constructor(
    private readonly api: ApiServer,
    private readonly ns: string,
    private pods: string[],
    everyMs = 25,
  ) {
    this.timer = setInterval(() => this.write(), everyMs);
  }

  write(): void {
    for (const pod of this.pods) {
      const list = this.written.get(pod) ?? [];
      const text = `I1121 00:41:17.925871 1 controller.go:42] ${pod} line ${list.length} <b>ok</b>`;
      list.push(text);
      this.written.set(pod, list);
      this.api.store.appendLog(this.ns, pod, 'manager', text);
    }
  }

  drop(pod: string): void {
    this.pods = this.pods.filter((p) => p !== pod);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const textsOf = (snap: FollowSnapshot | undefined | null, pod: string): string[] =>
  (snap?.logs ?? []).filter((l) => l.pod === pod).map((l) => l.text);

describe('log stream faults', () => {
  const audit = new Audit();
  let hb: Heartbeat;
  let w: Watched;
  const apis: Record<string, ApiServer> = {};
  const writers: LogWriter[] = [];
  const names = ['deleted', 'restarted', 'broken', 'denied'] as const;

  before(async () => {
    hb = await Heartbeat.start(audit);
    const parts = [hb.kc()];
    for (const name of names) {
      const user =
        name === 'denied'
          ? { name: 'no-logs', token: secretToken('no-logs'), admin: true, write: false, resources: ['leases', 'events', 'pods'] }
          : viewer(`viewer-${name}`);
      apis[name] = await audit.startApi(name, { users: [user] });
      parts.push(apiContexts(apis[name], [{ name, token: user.token }]));
    }
    const file = writeKubeconfig(kubeconfigYaml({ ...mergeKc(...parts), current: 'steady' }));
    w = await audit.startServer({ env: { KUBECONFIG: file }, settings: { logTailLines: 500, logBufferLines: 5000 } });
    await w.proc.watch(['steady']);
    await w.proc.waitFor('the heartbeat', () => w.proc.leases.get(hb.key()));
  });

  after(async () => {
    for (const writer of writers) {
      writer.stop();
    }
    await w?.proc.close();
    await hb?.stop();
    await Promise.all(Object.values(apis).map((a) => a.close()));
  });

  describe('each fault, concurrently', { concurrency: true }, () => {
    test('a pod deleted mid-stream: its stream ends, its lines stay, the other pods go on, no lingering error', async () => {
      const api = apis.deleted;
      const [a, b, c] = seedWorkload(api, 'apps', 'app', 3);
      const writer = new LogWriter(api, 'apps', [a, b, c]);
      writers.push(writer);
      const key = leaseKey('deleted', 'apps', 'app');
      await w.proc.follow(key);
      await w.proc.waitFor('lines from every pod', () => [a, b, c].every((p) => textsOf(w.proc.follows.get(key), p).length >= 3));
      const from = Date.now();
      writer.drop(b);
      api.store.deletePod('apps', b);
      const bLines = writer.written.get(b)!;
      const mark = textsOf(w.proc.follows.get(key), a).length;
      await w.proc.waitFor('the pod gone from the candidates, the others still streaming', () => {
        const s = w.proc.follows.get(key);
        return s && !s.pods.some((p) => p.name === b) && textsOf(s, a).length > mark + 10 && textsOf(s, c).length > mark + 10;
      });
      const snap = await w.proc.conn.sendRequest(Follow.snapshot, { key });
      assert.deepEqual(textsOf(snap, b), bLines.slice(0, textsOf(snap, b).length), 'the deleted pod keeps the lines it had, in order');
      assert.ok(textsOf(snap, b).length >= bLines.length - 2, `its last lines arrived (${textsOf(snap, b).length} of ${bLines.length})`);
      await w.proc.waitFor('no lingering log error', () => w.proc.follows.get(key)?.logsMessage === undefined);
      hb.assertSteady(w, from, Date.now());
      await assertHealthy(w);
    });

    test('a container restart: the stream reconnects to the new container, new lines arrive, the earlier ones stay, none twice', async () => {
      const api = apis.restarted;
      const [pod] = seedWorkload(api, 'apps', 'solo', 1);
      const writer = new LogWriter(api, 'apps', [pod]);
      writers.push(writer);
      const key = leaseKey('restarted', 'apps', 'solo');
      await w.proc.follow(key);
      await w.proc.waitFor('some lines', () => textsOf(w.proc.follows.get(key), pod).length >= 5);
      writer.stop();
      const before = [...writer.written.get(pod)!];
      await w.proc.waitFor('every line before the restart', () => textsOf(w.proc.follows.get(key), pod).length === before.length);
      api.store.restartContainer('apps', pod, 'manager', { exitCode: 2 });
      const fresh = ['after restart 1', 'after restart 2 </script><script>alert(1)</script>'];
      for (const text of fresh) {
        api.store.appendLog('apps', pod, 'manager', text);
      }
      const snap = await w.proc.waitFor('lines of the new container', () => {
        const s = w.proc.follows.get(key);
        return s && textsOf(s, pod).includes(fresh[1]) ? s : undefined;
      });
      assert.deepEqual(textsOf(snap, pod), [...before, ...fresh], 'earlier lines kept, new ones appended, none twice');
      const server = await w.proc.conn.sendRequest(Follow.snapshot, { key });
      assert.deepEqual(textsOf(server, pod), [...before, ...fresh], 'the server buffer holds the same');
      await w.proc.waitFor('the restart counted', () => w.proc.follows.get(key)?.pods[0]?.restarts === 1);
      assert.ok(
        api.requests.some((r) => r.path.endsWith(`/pods/${pod}/log`) && /sinceSeconds=/.test(r.query)),
        'it reconnected from where it was',
      );
    });

    test('log and watch streams broken mid-flow: every line arrives exactly once, in order', async () => {
      const api = apis.broken;
      const [a, b] = seedWorkload(api, 'apps', 'flow', 2);
      const writer = new LogWriter(api, 'apps', [a, b], 10);
      writers.push(writer);
      const key = leaseKey('broken', 'apps', 'flow');
      await w.proc.follow(key);
      await w.proc.waitFor('lines flowing', () => textsOf(w.proc.follows.get(key), a).length >= 10);
      for (let i = 0; i < 3; i++) {
        const seen = textsOf(w.proc.follows.get(key), a).length;
        api.faults.dropWatches();
        await w.proc.waitFor('lines after the break', () => textsOf(w.proc.follows.get(key), a).length >= seen + 10, 10_000);
      }
      writer.stop();
      for (const pod of [a, b]) {
        const all = writer.written.get(pod)!;
        await w.proc.waitFor(`every line of ${pod}`, () => textsOf(w.proc.follows.get(key), pod).length >= all.length, 10_000);
        assert.deepEqual(textsOf(w.proc.follows.get(key), pod), all, `${pod}: nothing lost, nothing twice`);
        const seqs = (w.proc.follows.get(key)?.logs ?? []).map((l: LogLine) => l.seq);
        assert.equal(new Set(seqs).size, seqs.length, 'sequence numbers are unique');
      }
    });

    test('logs the user may not read (403 on pods/log): a message that says so and what to ask for; the Lease is still followed', async () => {
      const api = apis.denied;
      seedWorkload(api, 'apps', 'secret', 2);
      const key = leaseKey('denied', 'apps', 'secret');
      await w.proc.follow(key);
      const snap = await w.proc.waitFor('a log message', () => {
        const s = w.proc.follows.get(key);
        return s?.logsMessage ? s : undefined;
      });
      assert.match(snap.logsMessage ?? '', /Lease Lens may not read the logs of secret-\d\/manager: .*forbidden/);
      assert.equal(snap.lease?.spec.holderIdentity, `secret-0_${uuid}`);
      assert.equal(snap.pods.length, 2);
      api.store.applyLease(leaseObject({ namespace: 'apps', name: 'secret', holder: `secret-1_${uuid}` }));
      await w.proc.waitFor('a new holder', () => w.proc.follows.get(key)?.lease?.spec.holderIdentity === `secret-1_${uuid}`);
    });
  });

  test('100 MB of logs, then one 64 MB line: memory stays bounded, the stream keeps up, other contexts keep updating', async () => {
    const user = viewer('flood-viewer');
    const flood = await audit.startApi('flood', { users: [user] });
    const fhb = await Heartbeat.start(audit);
    const file = writeKubeconfig(
      kubeconfigYaml({ ...mergeKc(fhb.kc(), apiContexts(flood, [{ name: 'flood', token: user.token }])), current: 'steady' }),
    );
    const bound = 2000;
    const fw = await audit.startServer({
      env: { KUBECONFIG: file },
      settings: { logBufferLines: bound, logTailLines: 10 },
      execArgv: ['--expose-gc'],
    });
    const mb = (b: number): string => (b / 1048576).toFixed(1);
    let peakRss = 0;
    const sample = setInterval(() => {
      fw.proc.conn.sendRequest(Diagnostics.stats, null).then(
        (s) => (peakRss = Math.max(peakRss, s.rssBytes)),
        () => undefined,
      );
    }, 50);
    try {
      await fw.proc.watch(['steady']);
      await fw.proc.waitFor('the heartbeat', () => fw.proc.leases.get(fhb.key()));
      const [pod] = seedWorkload(flood, 'apps', 'flood', 1);
      const key = leaseKey('flood', 'apps', 'flood');
      await fw.proc.follow(key);
      await fw.proc.waitFor(
        'the log stream',
        () => fw.proc.follows.get(key)?.pods.length === 1 && flood.requests.some((r) => r.path.endsWith('/log')),
      );
      const arrived = (text: string) => () => fw.proc.followUpdates.some((u) => u.key === key && u.logs?.some((l) => l.text === text));

      // 100 MB of ordinary lines, HTML in each.
      const before = await fw.proc.conn.sendRequest(Diagnostics.stats, { collectGarbage: true });
      peakRss = before.rssBytes;
      const from = Date.now();
      const line = `I1121 00:41:17.925871       1 reflector.go:351] <script>alert(1)</script> ${'x'.repeat(150)}`;
      const total = 100 * 1024 * 1024;
      let written = 0;
      let n = 0;
      while (written < total) {
        for (let i = 0; i < 2000; i++, n++) {
          flood.store.appendLog('apps', pod, 'manager', `${line} ${n}`);
          written += line.length + 40;
        }
        await new Promise((r) => setImmediate(r));
      }
      await fw.proc.waitFor('the last line', arrived(`${line} ${n - 1}`), 60_000);
      const took = Date.now() - from;
      const afterFlood = await fw.proc.conn.sendRequest(Diagnostics.stats, { collectGarbage: true });
      const gap = fhb.assertSteady(fw, from, Date.now());
      console.log(
        `flood: ${mb(written)} MB in ${took} ms; rss ${mb(before.rssBytes)} → peak ${mb(peakRss)} → ${mb(afterFlood.rssBytes)} MB; heap ${mb(before.heapUsedBytes)} → ${mb(afterFlood.heapUsedBytes)} MB; longest heartbeat gap ${gap} ms`,
      );
      const follow = afterFlood.follows.find((f) => f.key === key)!;
      assert.ok(follow.bufferedLines <= bound, `${follow.bufferedLines} lines buffered, bound ${bound}`);
      assert.ok(follow.droppedLines >= n - bound, `dropped lines are counted (${follow.droppedLines})`);
      const growth = (afterFlood.heapUsedBytes - before.heapUsedBytes) / 1048576;
      assert.ok(growth < 8, `the live heap grew ${growth.toFixed(1)} MB`);
      assert.ok(
        fw.proc.followUpdates.filter((u) => u.key === key).every((u) => (u.logs?.length ?? 0) <= bound),
        'no update carries more than the bound',
      );
      assert.ok(
        fw.proc.followUpdates.flatMap((u) => u.logs ?? []).some((l) => l.text.includes('<script>alert(1)</script>')),
        'lines pass as text, unchanged',
      );

      // One line of 64 MB (a binary dump, a progress bar without newlines): bounded memory, no stall.
      const calm = await fw.proc.conn.sendRequest(Diagnostics.stats, { collectGarbage: true });
      peakRss = calm.rssBytes;
      const hugeFrom = Date.now();
      flood.store.appendLog('apps', pod, 'manager', `huge ${'y'.repeat(64 * 1024 * 1024)}`);
      flood.store.appendLog('apps', pod, 'manager', 'after the huge line');
      await fw.proc.waitFor('the line after the huge one', arrived('after the huge line'), 60_000);
      const hugeTook = Date.now() - hugeFrom;
      console.log(`huge line: ${hugeTook} ms; rss ${mb(calm.rssBytes)} → peak ${mb(peakRss)} MB`);
      const huge = fw.proc.followUpdates.flatMap((u) => u.logs ?? []).find((l) => l.text.startsWith('huge '));
      assert.ok(huge, 'the huge line arrives');
      assert.ok(huge.text.length <= 8 * 1024 + 1, `clipped (${huge.text.length} chars)`);
      assert.ok(hugeTook < 5000, `a 64 MB line took ${hugeTook} ms`);
      assert.ok(peakRss - calm.rssBytes < 100 * 1048576, `a 64 MB line took the process from ${mb(calm.rssBytes)} to ${mb(peakRss)} MB`);
      fhb.assertSteady(fw, hugeFrom, Date.now());
      await assertHealthy(fw);
    } finally {
      clearInterval(sample);
      await fw.proc.close();
      await fhb.stop();
      await flood.close();
    }
  });

  test('audit: only GET was sent, no credential was shown, the server is healthy', async () => {
    await assertHealthy(w);
    audit.verify(30);
  });
});
