// List/watch faults through the real Lease server process: an API server restart mid-watch, a
// watch that goes silent, 410 Expired in the stream and as HTTP 410, an expired continue token,
// a 10 s list, 403 at cluster scope and in one namespace, and a followed Lease that is deleted.
// Every case runs against its own API server, all at once, while a healthy context keeps beating.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiServer } from '../../demo/apiserver';
import { Contexts, Follow, Kubeconfig } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { assertHealthy, Audit, clientKeys, Heartbeat, secretToken, viewer, type Watched } from './helpers';
import { leaseObject } from '../support/builders';
import { apiContexts, kubeconfigYaml, mergeKc, writeKubeconfig } from '../support/kubeconfig';
import { within } from '../../harness/waiting';

const idleMs = 2000;
const leasesPath = '/apis/coordination.k8s.io/v1/leases';

describe('list and watch faults', () => {
  const audit = new Audit();
  let hb: Heartbeat;
  let w: Watched;
  const apis: Record<string, ApiServer> = {};
  const names = ['restart', 'reset', 'stall', 'expire', 'gone', 'spin', 'paged', 'slow', 'follow'] as const;
  let pagedRelease: () => void = () => undefined;

  before(async () => {
    // Bookmarks every 300 ms keep healthy watches talking well within the idle limit.
    hb = await Heartbeat.start(audit, { bookmarkIntervalMs: 300 });
    const parts = [hb.kc()];
    for (const name of names) {
      const user = viewer(`viewer-${name}`);
      const api = await audit.startApi(name, { users: [user], bookmarkIntervalMs: 300 });
      apis[name] = api;
      parts.push(apiContexts(api, [{ name, token: user.token }]));
    }
    for (const name of names) {
      for (let i = 0; i < 5; i++) {
        apis[name].store.applyLease(leaseObject({ namespace: 'apps', name: `${name}-${i}`, holder: `holder-${i}_1` }));
      }
    }
    for (let i = 0; i < 1200; i++) {
      apis.paged.store.applyLease(leaseObject({ namespace: 'bulk', name: `l-${String(i).padStart(4, '0')}`, holder: `h-${i}_1` }));
    }
    // Namespaced permissions: "partial" may read demo and jobs, "denied" nothing.
    const dev = { name: 'dev', token: secretToken('dev'), namespaces: ['demo', 'jobs'] };
    const nobody = { name: 'nobody', token: secretToken('nobody'), namespaces: [] };
    const perm = await audit.startApi('perm', { users: [dev, nobody], bookmarkIntervalMs: 300 });
    apis.perm = perm;
    for (const ns of ['demo', 'jobs', 'payments']) {
      perm.store.applyLease(leaseObject({ namespace: ns, name: `in-${ns}`, holder: `h_${ns}` }));
    }
    parts.push(
      apiContexts(perm, [
        { name: 'partial', token: dev.token, namespace: 'demo' },
        { name: 'denied', token: nobody.token },
      ]),
    );
    const file = writeKubeconfig(kubeconfigYaml({ ...mergeKc(...parts), current: 'steady' }));
    w = await audit.startServer({
      env: { KUBECONFIG: file, LEASE_LENS_WATCH_IDLE_MS: String(idleMs) },
      settings: { namespaces: ['jobs', 'payments'] },
    });
    // The slow list must start slow: delay it before the context is watched.
    apis.slow.faults.delay((r) => !r.watch && r.path.endsWith('/leases'), 10_000);
    // The paged list stalls at its second page until the test expires the token.
    pagedRelease = apis.paged.faults.stall((r) => r.query.includes('continue='));
    await w.proc.watch(['steady', ...names.filter((n) => n !== 'slow' && n !== 'paged'), 'partial', 'denied']);
    await w.proc.waitFor('every context synced', () =>
      names
        .filter((n) => n !== 'slow' && n !== 'paged')
        .every((n) => w.proc.states.get(n)?.synced && w.proc.states.get(n)?.phase === 'connected'),
    );
    await w.proc.waitFor('the heartbeat', () => w.proc.leases.get(hb.key()));
  });

  after(async () => {
    await w?.proc.close();
    await hb?.stop();
    await Promise.all(Object.values(apis).map((a) => a.close()));
  });

  const key = (context: string, ns: string, name: string): string => leaseKey(context, ns, name);
  const holder = (context: string, ns: string, name: string): string | undefined =>
    w.proc.leases.get(key(context, ns, name))?.spec.holderIdentity;
  const storeKeys = (context: string, api: ApiServer, ns?: string): string[] =>
    api.store
      .listLeases(ns)
      .filter((l) => l.metadata.namespace !== 'kube-node-lease')
      .map((l) => key(context, l.metadata.namespace ?? '', l.metadata.name ?? ''))
      .sort();

  describe('each fault, concurrently', { concurrency: true }, () => {
    test('API server restart mid-watch: the watch comes back; after a restart with an empty store the cache matches it exactly', async () => {
      const api = apis.restart;
      const from = Date.now();
      await api.restart();
      api.store.applyLease(leaseObject({ namespace: 'apps', name: 'restart-0', holder: 'after-restart_2' }));
      await w.proc.waitFor('a change after the restart', () => holder('restart', 'apps', 'restart-0') === 'after-restart_2', 10_000);
      // Its storage lost (a new etcd): the old resourceVersions are gone, so a relist must replace the cache.
      await api.restart({ keepStore: false });
      api.store.applyLease(leaseObject({ namespace: 'apps', name: 'reborn', holder: 'fresh_1' }));
      await w.proc.waitFor(
        'the cache to match the new store',
        () => JSON.stringify(clientKeys(w, 'restart')) === JSON.stringify([key('restart', 'apps', 'reborn')]),
        10_000,
      );
      await w.proc.waitFor('connected again', () => w.proc.states.get('restart')?.phase === 'connected');
      hb.assertSteady(w, from, Date.now());
      await assertHealthy(w);
    });

    test('a watch connection that breaks: the change made meanwhile arrives and the context is connected again, not left in error', async () => {
      const api = apis.reset;
      const from = Date.now();
      api.faults.dropWatches();
      api.store.applyLease(leaseObject({ namespace: 'apps', name: 'reset-0', holder: 'after-reset_2' }));
      await w.proc.waitFor('the change', () => holder('reset', 'apps', 'reset-0') === 'after-reset_2', 10_000);
      await w.proc
        .waitFor('connected', () => w.proc.states.get('reset')?.phase === 'connected', 10_000)
        .catch((e: Error) => {
          throw new Error(`${e.message}: ${JSON.stringify(w.proc.states.get('reset'))}`);
        });
      hb.assertSteady(w, from, Date.now());
    });

    test('a watch that goes silent (connection open, no bytes) is replaced, and what changed meanwhile arrives', async () => {
      const api = apis.stall;
      const from = Date.now();
      const statesBefore = w.states('stall').length;
      // Only the watch open now goes silent; a new one is served normally.
      const release = api.faults.stallStreams((r) => r.watch && r.time < from && r.path === leasesPath);
      try {
        api.store.applyLease(leaseObject({ namespace: 'apps', name: 'stall-0', holder: 'during-silence_2' }));
        await w.proc.waitFor(
          'the change made during the silence',
          () => holder('stall', 'apps', 'stall-0') === 'during-silence_2',
          idleMs + 8000,
        );
        const took = Date.now() - from;
        assert.ok(took < idleMs + 5000, `noticed after ${took} ms (idle limit ${idleMs} ms)`);
        assert.ok(
          w.proc.logLines.some((l) => /\[stall\] .*sent nothing for 2 s/.test(l.message)),
          'the silent watch is noted in the log',
        );
        const later = w.states('stall').slice(statesBefore);
        assert.deepEqual(
          later.filter((s) => s.phase !== 'connected').map((s) => s.phase),
          [],
          'a replaced watch is no outage',
        );
      } finally {
        release();
      }
      hb.assertSteady(w, from, Date.now());
    });

    test('410 Expired inside the watch stream: a relist delivers what the lost stream held, deletions included', async () => {
      const api = apis.expire;
      const from = Date.now();
      const release = api.faults.stallStreams((r) => r.watch && r.time < from && r.path === leasesPath);
      // These changes sit in the silenced stream and are lost with it.
      api.store.deleteLease('apps', 'expire-1');
      api.store.applyLease(leaseObject({ namespace: 'apps', name: 'expire-new', holder: 'new_1' }));
      api.store.applyLease(leaseObject({ namespace: 'apps', name: 'expire-2', holder: 'changed_2' }));
      api.faults.expireHistory();
      api.faults.dropWatches();
      release();
      await w.proc.waitFor(
        'the cache to match the store',
        () =>
          JSON.stringify(clientKeys(w, 'expire')) === JSON.stringify(storeKeys('expire', api)) &&
          holder('expire', 'apps', 'expire-2') === 'changed_2',
        10_000,
      );
      const after = api.requests.filter((r) => r.time >= from && r.path === leasesPath);
      assert.ok(
        after.some((r) => r.watch && r.status === 200),
        'the watch from the old version was answered 200 with an ERROR event',
      );
      assert.ok(
        after.some((r) => !r.watch),
        'and a relist followed',
      );
      assert.ok(w.proc.logLines.some((l) => /\[expire\] .*resourceVersion expired, listing again/.test(l.message)));
      hb.assertSteady(w, from, Date.now());
    });

    test('410 as the HTTP status of a watch: a relist, and nothing lost', async () => {
      const api = apis.gone;
      const from = Date.now();
      let hits = 0;
      const remove = api.faults.failWith((r) => r.watch && r.time >= from && r.path === leasesPath && hits++ === 0, 410);
      try {
        api.store.deleteLease('apps', 'gone-3');
        api.faults.dropWatches();
        api.store.applyLease(leaseObject({ namespace: 'apps', name: 'gone-4', holder: 'moved_2' }));
        await w.proc.waitFor(
          'the cache to match the store',
          () =>
            JSON.stringify(clientKeys(w, 'gone')) === JSON.stringify(storeKeys('gone', api)) &&
            holder('gone', 'apps', 'gone-4') === 'moved_2',
          10_000,
        );
      } finally {
        remove();
      }
      const after = api.requests.filter((r) => r.time >= from && r.path === leasesPath);
      assert.ok(
        after.some((r) => r.watch && r.status === 410),
        'a watch was answered HTTP 410',
      );
      assert.ok(
        after.some((r) => !r.watch && r.status === 200),
        'a relist followed',
      );
      hb.assertSteady(w, from, Date.now());
    });

    test('a server that answers every watch with 410 is retried with backoff, not in a tight loop', async () => {
      const api = apis.spin;
      const from = Date.now();
      const watches = (): number[] =>
        api.requests.filter((r) => r.watch && r.time >= from && r.path === leasesPath && r.status === 410).map((r) => r.time);
      const remove = api.faults.failWith((r) => r.watch && r.path === leasesPath, 410);
      try {
        api.faults.dropWatches();
        const times = await w.proc.waitFor('four refused watches', () => (watches().length >= 4 ? watches() : undefined), 15_000);
        const lists = api.requests.filter((r) => !r.watch && r.time >= from && r.path === leasesPath).length;
        assert.ok(times[3] - times[0] >= 1000, `four watch attempts within ${times[3] - times[0]} ms: no backoff`);
        assert.ok(lists <= watches().length + 1, `${lists} lists for ${watches().length} watches`);
      } finally {
        remove();
      }
      api.store.applyLease(leaseObject({ namespace: 'apps', name: 'spin-0', holder: 'recovered_2' }));
      w.proc.conn.sendNotification(Contexts.refresh, { contexts: ['spin'] }).catch(() => undefined);
      await w.proc.waitFor('recovery once watches work again', () => holder('spin', 'apps', 'spin-0') === 'recovered_2', 10_000);
      hb.assertSteady(w, from, Date.now());
    });

    test('an expired continue token (1200 Leases, pages of 500) restarts the list: every Lease arrives, in its newest version', async () => {
      const api = apis.paged;
      const from = Date.now();
      await w.proc.watch(['paged']);
      await w.proc.waitFor('the second page requested', () => api.requests.some((r) => r.query.includes('continue=')), 10_000);
      api.faults.expireContinueTokens();
      api.store.applyLease(leaseObject({ namespace: 'bulk', name: 'l-0000', holder: 'after-expiry_2' }));
      pagedRelease();
      await w.proc.waitFor(
        'all 1200 Leases',
        () => clientKeys(w, 'paged', 'bulk').length === 1200 && w.proc.states.get('paged')?.synced,
        15_000,
      );
      assert.equal(holder('paged', 'bulk', 'l-0000'), 'after-expiry_2');
      assert.equal(clientKeys(w, 'paged', 'apps').length, 5);
      const firstPages = api.requests.filter((r) => !r.watch && r.path === leasesPath && !r.query.includes('continue='));
      const expired = api.requests.filter((r) => r.path === leasesPath && r.query.includes('continue=') && r.status === 410);
      assert.equal(expired.length, 1, 'one continue request was answered 410');
      assert.equal(firstPages.length, 2, 'the list started over once');
      assert.equal(w.proc.states.get('paged')?.phase, 'connected');
      hb.assertSteady(w, from, Date.now());
    });

    test('a 10 s list: the context shows connecting meanwhile, then syncs; nothing else waits for it', async () => {
      const from = Date.now();
      await w.proc.watch(['slow']);
      assert.equal(w.proc.states.get('slow')?.phase, 'connecting');
      // While the list hangs: the server answers at once, other contexts keep updating.
      for (let i = 0; i < 3; i++) {
        const asked = Date.now();
        await within(w.proc.conn.sendRequest(Kubeconfig.get), 1000, 'kubeconfig/get during the slow list');
        assert.ok(Date.now() - asked < 1000);
        await hb.advances(w);
        assert.ok(
          w.proc.leases.get(key('restart', 'apps', 'restart-1')) || w.proc.leases.get(key('restart', 'apps', 'reborn')),
          'other contexts keep their Leases',
        );
      }
      const midway = w.proc.states.get('slow');
      assert.equal(midway?.phase, 'connecting', `still connecting, not failed: ${JSON.stringify(midway)}`);
      assert.equal(midway?.synced, false);
      const synced = await w.proc.waitFor(
        'the slow context synced',
        () => (w.proc.states.get('slow')?.synced ? w.proc.states.get('slow') : undefined),
        20_000,
      );
      assert.equal(synced.phase, 'connected');
      assert.ok(Date.now() - from >= 9000, 'it took the 10 s the list took');
      await w.proc.waitFor('its Leases', () => clientKeys(w, 'slow').length === 5);
      assert.ok(
        w.states('slow').every((s) => s.phase === 'connecting' || s.phase === 'connected'),
        'a slow list is not reported as a failure',
      );
      hb.assertSteady(w, from, Date.now());
    });

    test('403 at cluster scope and in one namespace: partial, naming the namespace; 403 everywhere: forbidden, with what to do', async () => {
      const partial = await w.proc.waitFor('partial', () => {
        const s = w.proc.states.get('partial');
        return s?.phase === 'partial' && s.synced ? s : undefined;
      });
      assert.deepEqual(partial.forbiddenNamespaces, ['payments']);
      assert.match(partial.message ?? '', /Forbidden: payments/);
      assert.match(partial.hint ?? '', /cluster scope is forbidden.*leaseLens\.namespaces/);
      const readable = JSON.stringify([key('partial', 'demo', 'in-demo'), key('partial', 'jobs', 'in-jobs')]);
      await w.proc.waitFor('the readable Leases, and only those', () => JSON.stringify(clientKeys(w, 'partial')) === readable);
      const denied = await w.proc.waitFor('denied', () => {
        const s = w.proc.states.get('denied');
        return s?.phase === 'forbidden' ? s : undefined;
      });
      assert.match(denied.message ?? '', /You may not list Leases at cluster scope or in default, jobs, payments/);
      assert.match(denied.hint ?? '', /Ask for list\/watch on leases/);
      assert.deepEqual(clientKeys(w, 'denied'), []);
      // Still watching what it may read: a change in demo arrives.
      apis.perm.store.applyLease(leaseObject({ namespace: 'demo', name: 'in-demo', holder: 'moved_2' }));
      await w.proc.waitFor('a change in a readable namespace', () => holder('partial', 'demo', 'in-demo') === 'moved_2');
    });

    test('a followed Lease that is deleted: the view says deleted and keeps its history; re-created, it goes on', async () => {
      const api = apis.follow;
      const k = key('follow', 'apps', 'follow-0');
      await w.proc.follow(k);
      await w.proc.waitFor('the followed Lease', () => w.proc.follows.get(k)?.lease?.spec.holderIdentity === 'holder-0_1');
      api.store.applyLease(leaseObject({ namespace: 'apps', name: 'follow-0', holder: 'second_2', transitions: 1 }));
      await w.proc.waitFor('two terms', () => (w.proc.follows.get(k)?.timeline.terms.length ?? 0) >= 2);
      const terms = w.proc.follows.get(k)!.timeline.terms.map((t) => t.holder);
      assert.deepEqual(terms, ['holder-0_1', 'second_2']);
      api.store.deleteLease('apps', 'follow-0');
      const deleted = await w.proc.waitFor('deleted', () => (w.proc.follows.get(k)?.deleted ? w.proc.follows.get(k) : undefined));
      assert.deepEqual(
        deleted.timeline.terms.map((t) => t.holder),
        terms,
        'the history is kept',
      );
      assert.equal(deleted.lease?.spec.holderIdentity, 'second_2', 'the last known version is kept');
      const fromServer = await w.proc.conn.sendRequest(Follow.snapshot, { key: k });
      assert.equal(fromServer?.deleted, true);
      assert.deepEqual(
        fromServer?.timeline.terms.map((t) => t.holder),
        terms,
      );
      await w.proc.waitFor('the tree drops it', () => !w.proc.leases.has(k));
      api.store.applyLease(leaseObject({ namespace: 'apps', name: 'follow-0', holder: 'third_3', transitions: 2 }));
      const back = await w.proc.waitFor('re-created', () => {
        const s = w.proc.follows.get(k);
        return s && !s.deleted && s.lease?.spec.holderIdentity === 'third_3' ? s : undefined;
      });
      assert.deepEqual(
        back.timeline.terms.map((t) => t.holder),
        [...terms, 'third_3'],
      );
      await w.proc.waitFor('the tree has it again', () => w.proc.leases.has(k));
    });
  });

  test('audit: only GET was sent, no credential was shown, the server is healthy', async () => {
    await assertHealthy(w);
    audit.verify(100);
  });
});
