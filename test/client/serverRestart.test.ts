// The lease cache and the tree across a restart of the Lease server (Restart Lease Server, or the
// language client restarting a crashed server): a real server process (dist/server.js, over IPC
// as the extension starts it) is stopped and a new one started, and LeaseSync feeds one cache from
// both runs as the extension does. Meanwhile a Lease is deleted, another created, and a watched
// context leaves the kubeconfig. The new run refills the cache, clears what went stale, and the
// contexts watched before show as reconnecting, then are watched again.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { startLspProcess, type LspProcess } from '../../harness/lspProcess';
import { Waits } from '../../harness/waits';
import { LeaseCache } from '../../src/client/leases/leaseCache';
import { LeaseSync, type SyncRun } from '../../src/client/leases/leaseSync';
import { disposeAll, type DisposableLike } from '../../src/client/lifecycle';
import { treeId } from '../../src/client/tree/treeIds';
import { LeaseTreeModel } from '../../src/client/tree/treeModel';
import { Contexts, Kubeconfig, Leases } from '../../src/shared/protocol';
import { defaultServerSettings, leaseKey } from '../../src/shared/types';
import { ensureBuilt, root } from '../package/build';
import { leaseObject } from '../support/builders';

const uuid = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';

/** One run of a server process, as the extension's client holds it. */
class TestRun implements SyncRun {
  ended = false;
  constructor(readonly conn: ProtocolConnection) {}
  kubeconfig = () => this.conn.sendRequest(Kubeconfig.get);
  watch = (contexts: string[]) => this.conn.sendRequest(Contexts.watch, { contexts });
  snapshot = (context: string) => this.conn.sendRequest(Leases.snapshot, { context });
}

/** The client side without VS Code: one cache, its tree, the sync, and the current server process. */
class Client {
  readonly cache = new LeaseCache();
  readonly tree = new LeaseTreeModel(this.cache, { nodeLeases: 'counted', expiringSeconds: 5 });
  readonly errors: string[] = [];
  /** Each context row's description after each change of the cache, from `mark()` on. */
  readonly shown = new Map<string, string[]>();
  private run: TestRun | undefined;
  private process: LspProcess | undefined;
  private listening: DisposableLike[] = [];
  private readonly waits = new Waits();
  readonly sync = new LeaseSync(
    this.cache,
    {
      currentRun: () => this.run,
      unwatch: (contexts) => void this.run?.conn.sendNotification(Contexts.unwatch, { contexts }),
      refresh: (contexts) => void this.run?.conn.sendNotification(Contexts.refresh, contexts ? { contexts } : {}),
    },
    (message) => this.errors.push(message),
  );

  constructor() {
    this.cache.onDidChange(() => {
      for (const [context, seen] of this.shown) {
        const description = this.tree.row(treeId.context(context), Date.now())?.description ?? '(no row)';
        if (seen[seen.length - 1] !== description) {
          seen.push(description);
        }
      }
      this.waits.poke();
    });
  }

  /** Starts a server process and a new run on it, as the language client does. */
  async start(kubeconfig: string, home: string): Promise<void> {
    this.sync.serverStatusChanged({ state: 'starting' });
    this.process = await startLspProcess({
      module: join(root, 'dist', 'server.js'),
      env: { ...process.env, KUBECONFIG: kubeconfig, HOME: home },
      initializationOptions: { settings: { ...defaultServerSettings, nodeLeases: 'counted' }, clientNow: Date.now() },
      listen: (conn) => {
        this.listening = this.sync.listen(conn);
      },
    });
    this.run = new TestRun(this.process.conn);
    this.sync.serverStatusChanged({ state: 'running' });
    this.sync.startRun(this.run);
  }

  /** Ends the run and stops the process, as a restart does first. */
  async stop(): Promise<void> {
    if (this.run) {
      this.run.ended = true;
    }
    this.run = undefined;
    this.sync.serverStatusChanged({ state: 'stopped', message: 'restarting…' });
    disposeAll(this.listening.splice(0));
    await this.process?.close();
    this.process = undefined;
  }

  /** Records the context rows' descriptions from now on. */
  mark(contexts: string[]): void {
    this.shown.clear();
    contexts.forEach((c) => this.shown.set(c, []));
  }

  waitFor<T>(what: string, check: () => T | undefined | false): Promise<T> {
    return this.waits.waitFor(what, check, 20_000);
  }

  labels(parent: string | undefined): string[] {
    return this.tree.children(parent).map((id) => {
      const row = this.tree.row(id, Date.now());
      return row?.description ? `${row.label} — ${row.description}` : (row?.label ?? `missing ${id}`);
    });
  }
}

describe('the lease cache across a restart of the Lease server', () => {
  let api: ApiServer;
  let client: Client;
  const dir = mkdtempSync(join(tmpdir(), 'lease-lens-restart-test-'));
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  const users = [
    { name: 'admin', user: 'admin' },
    { name: 'dev', user: 'admin', namespace: 'demo' },
    { name: 'extra', user: 'admin' },
  ];
  const synced =
    (...contexts: string[]) =>
    () =>
      contexts.every((c) => client.cache.contextState(c)?.synced);

  before(async () => {
    await ensureBuilt();
    api = await startApiServer({ users: [{ name: 'admin', token: 'admin-token', admin: true, write: true }] });
    api.store.applyLease(leaseObject({ namespace: 'kube-system', name: 'kube-scheduler', holder: `cp-node-2_${uuid}` }));
    api.store.applyLease(leaseObject({ namespace: 'demo', name: 'alpha', holder: `alpha-0_${uuid}` }));
    api.store.applyLease(leaseObject({ namespace: 'demo', name: 'beta', holder: `beta-0_${uuid}` }));
    writeFileSync(kubeconfig, api.kubeconfig({ contexts: users, current: 'admin' }));
    client = new Client();
    // The Leases view is open: the current context is watched.
    client.sync.connect();
    await client.start(kubeconfig, dir);
    await client.waitFor('the current context synced', synced('admin'));
    // Expanding the other contexts' rows watches them.
    client.sync.ensureWatched('dev');
    client.sync.ensureWatched('extra');
    await client.waitFor('every context synced', synced('admin', 'dev', 'extra'));
  });

  after(async () => {
    await client?.stop();
    await api?.close();
  });

  test('before: three contexts watched, their Leases held', () => {
    assert.deepEqual(client.cache.watchedContexts().sort(), ['admin', 'dev', 'extra']);
    assert.deepEqual(
      client.tree.children(),
      ['admin', 'dev', 'extra'].map((c) => treeId.context(c)),
    );
    for (const context of ['admin', 'dev', 'extra']) {
      assert.ok(client.cache.lease(leaseKey(context, 'demo', 'beta')), `${context} holds demo/beta`);
    }
  });

  test('after a restart the cache is refilled, stale Leases and contexts are cleared', async () => {
    await client.stop();
    assert.equal(client.labels(undefined)[0], 'The Lease server stopped — restarting…');
    // While no server runs: a Lease is deleted, another created, a context leaves the kubeconfig.
    api.store.deleteLease('demo', 'beta');
    api.store.applyLease(leaseObject({ namespace: 'demo', name: 'gamma', holder: `gamma-0_${uuid}` }));
    writeFileSync(kubeconfig, api.kubeconfig({ contexts: users.filter((u) => u.name !== 'extra'), current: 'admin' }));

    client.mark(['admin', 'dev']);
    await client.start(kubeconfig, dir);
    await client.waitFor(
      'both contexts synced again with the new Lease',
      () =>
        synced('admin', 'dev')() &&
        client.cache.lease(leaseKey('admin', 'demo', 'gamma')) &&
        client.cache.lease(leaseKey('dev', 'demo', 'gamma')),
    );

    // Refilled from the new server; the Lease deleted meanwhile is gone.
    for (const context of ['admin', 'dev']) {
      assert.deepEqual(client.tree.children(treeId.namespace(context, 'demo')), [
        leaseKey(context, 'demo', 'alpha'),
        leaseKey(context, 'demo', 'gamma'),
      ]);
      assert.equal(client.cache.lease(leaseKey(context, 'demo', 'beta')), undefined, `${context}: demo/beta is gone`);
    }
    // The context that left the kubeconfig is cleared: no state, no Leases, no watch, no row.
    assert.equal(client.cache.contextState('extra'), undefined);
    assert.equal(client.cache.namespaces('extra'), undefined);
    assert.ok(!client.cache.leases().some((l) => l.context === 'extra'));
    assert.deepEqual(client.cache.watchedContexts().sort(), ['admin', 'dev']);
    assert.deepEqual(client.tree.children(), [treeId.context('admin'), treeId.context('dev')]);
    assert.deepEqual(client.labels(undefined), ['admin — current · connected', 'dev — connected']);
    assert.deepEqual(client.errors, []);
  });

  test('meanwhile the contexts showed as reconnecting, never as not loaded', () => {
    const admin = client.shown.get('admin') ?? [];
    const dev = client.shown.get('dev') ?? [];
    assert.ok(admin.includes('current · connecting…'), `admin showed ${admin.join(' → ')}`);
    assert.ok(dev.includes('connecting…'), `dev showed ${dev.join(' → ')}`);
    for (const seen of [admin, dev]) {
      assert.ok(!seen.some((d) => d.includes('not loaded')), `showed ${seen.join(' → ')}`);
      assert.match(seen[seen.length - 1] ?? '', /connected$/);
    }
  });
});
