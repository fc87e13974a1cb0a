// The tree model fed by the real Lease server (dist/server.js, over IPC as the extension starts it)
// watching a local API server: the rows a user would see, and which rows each real batch changes.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { startLspProcess, type LspProcess } from '../../harness/lspProcess';
import { Waits } from '../../harness/waits';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { parseMicroTime } from '../../src/core/microTime';
import { Contexts, Kubeconfig, Leases } from '../../src/shared/protocol';
import { defaultServerSettings, leaseKey } from '../../src/shared/types';
import { LeaseCache } from '../../src/client/leases/leaseCache';
import { LeaseTreeModel, type TreeChange } from '../../src/client/tree/treeModel';
import { treeId } from '../../src/client/tree/treeIds';
import { ensureBuilt, root } from '../package/build';
import { leaseObject } from '../support/builders';
import { kubeconfigYaml, unreachableKc } from '../support/kubeconfig';

const uuid = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';

/** What the extension does with the server's messages, without VS Code: feeds the lease cache and
 * asks the tree model which rows each change touches; keeps those. */
class Feed {
  readonly model = new LeaseTreeModel(new LeaseCache(), { nodeLeases: 'counted', expiringSeconds: 5 });
  readonly changes: Array<{ context?: string; change: TreeChange }> = [];
  private readonly waits = new Waits();

  constructor(private readonly conn: ProtocolConnection) {
    this.model.cache.setServerStatus({ state: 'running' });
    conn.onNotification(Kubeconfig.changed, (state) => this.record(undefined, this.model.changed(this.model.cache.setKubeconfig(state))));
    conn.onNotification(Contexts.state, (state) => this.record(state.context, this.model.changed(this.model.cache.setContextState(state))));
    conn.onNotification(Leases.changed, (batch) => this.record(batch.context, this.model.changed(this.model.cache.applyBatch(batch))));
  }

  async watch(contexts: string[]): Promise<void> {
    const states = await this.conn.sendRequest(Contexts.watch, { contexts });
    states.forEach((s) => this.record(s.context, this.model.changed(this.model.cache.setContextState(s))));
    for (const context of contexts) {
      this.record(context, this.model.changed(this.model.cache.applySnapshot(await this.conn.sendRequest(Leases.snapshot, { context }))));
    }
  }

  /** Resolves when `check` holds, re-checked on every message (and on a coarse tick). */
  waitFor<T>(what: string, check: () => T | undefined | false): Promise<T> {
    return this.waits.waitFor(what, check, 20_000);
  }

  labels(parent: string | undefined, now = Date.now()): string[] {
    return this.model.children(parent).map((id) => {
      const row = this.model.row(id, now);
      return row?.description ? `${row.label} — ${row.description}` : (row?.label ?? `missing ${id}`);
    });
  }

  private record(context: string | undefined, change: TreeChange): void {
    this.changes.push({ context, change });
    this.waits.poke();
  }
}

describe('the tree fed by the real Lease server', () => {
  let api: ApiServer;
  let server: LspProcess;
  let conn: ProtocolConnection;
  let feed: Feed;

  before(async () => {
    await ensureBuilt();
    api = await startApiServer({
      users: [
        { name: 'admin', token: 'admin-token', admin: true, write: true },
        { name: 'dev', token: 'dev-token', namespaces: ['demo', 'kube-system'] },
      ],
    });
    api.store.applyLease(leaseObject({ namespace: 'kube-system', name: 'kube-scheduler', holder: `cp-node-2_${uuid}`, transitions: 7 }));
    api.store.applyLease(leaseObject({ namespace: 'demo', name: 'alpha', holder: `alpha-0_${uuid}` }));
    api.store.applyLease(leaseObject({ namespace: 'demo', name: 'released', holder: '', transitions: 3 }));
    api.store.applyLease(leaseObject({ namespace: 'payments', name: 'pay', holder: `pay-0_${uuid}` }));
    for (let i = 0; i < 3; i++) {
      api.store.applyLease(leaseObject({ namespace: 'kube-node-lease', name: `node-${i}`, holder: `node-${i}`, durationSeconds: 40 }));
    }
    const dir = mkdtempSync(join(tmpdir(), 'lease-lens-extension-test-'));
    const local = join(dir, 'local.yaml');
    writeFileSync(
      local,
      api.kubeconfig({
        contexts: [
          { name: 'admin', user: 'admin' },
          { name: 'dev', user: 'dev', namespace: 'demo' },
        ],
        current: 'admin',
      }),
    );
    const dead = join(dir, 'dead.yaml');
    writeFileSync(dead, kubeconfigYaml({ ...unreachableKc(), current: null }));
    server = await startLspProcess({
      module: join(root, 'dist', 'server.js'),
      env: { ...process.env, KUBECONFIG: [local, dead].join(':'), HOME: dir },
      initializationOptions: {
        settings: { ...defaultServerSettings, nodeLeases: 'counted', namespaces: ['payments'] },
        clientNow: Date.now(),
      },
      listen: (c) => {
        feed = new Feed(c);
      },
    });
    conn = server.conn;
    feed.model.cache.setKubeconfig(await conn.sendRequest(Kubeconfig.get));
    await feed.watch(['admin', 'dev', 'dead']);
    await feed.waitFor('every context settled', () => {
      const s = (c: string) => feed.model.cache.contextState(c);
      return s('admin')?.synced && s('dev')?.synced && s('dead')?.phase === 'unreachable';
    });
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('contexts: current first; states with their reasons', () => {
    const rows = feed.labels(undefined);
    assert.equal(rows[0], 'admin — current · connected');
    assert.match(rows[1] ?? '', /^dead — unreachable: .+/);
    assert.equal(rows[2], 'dev — partly forbidden: payments');
    assert.equal(feed.labels(treeId.context('dead'))[0]?.startsWith('Cannot reach the API server'), true);
    assert.ok(feed.labels(treeId.context('dev')).includes('payments — forbidden'));
  });

  test('namespaces, counted node leases and lease descriptions', () => {
    assert.deepEqual(feed.labels(treeId.context('admin')), [
      'demo — 2 leases',
      'kube-system — 1 lease',
      'payments — 1 lease',
      'kube-node-lease — 3 node leases',
    ]);
    // Three seconds after each Lease's own renewTime 12 s of its 15 s are left (shown as at most
    // 15 s); twelve seconds after it, 3 s are left and the row counts down.
    const described = (key: string, after = 3000): string | undefined => {
      const renewed = parseMicroTime(feed.model.cache.lease(key)?.spec.renewTime);
      return renewed === undefined ? undefined : feed.model.row(key, renewed + after)?.description;
    };
    assert.equal(described(leaseKey('admin', 'kube-system', 'kube-scheduler')), 'cp-node-2 · ≤15s');
    assert.equal(described(leaseKey('admin', 'kube-system', 'kube-scheduler'), 12_000), 'cp-node-2 · expiring 3s');
    assert.equal(described(leaseKey('admin', 'demo', 'alpha')), 'alpha-0 · ≤15s');
    assert.equal(described(leaseKey('admin', 'demo', 'released')), 'released');
    assert.deepEqual(feed.model.children(treeId.namespace('admin', 'demo')), [
      leaseKey('admin', 'demo', 'alpha'),
      leaseKey('admin', 'demo', 'released'),
    ]);
  });

  test('a holder change refreshes only that lease row', async () => {
    const mark = feed.changes.length;
    api.store.applyLease(leaseObject({ namespace: 'demo', name: 'alpha', holder: `alpha-1_${uuid}`, transitions: 1 }));
    const key = leaseKey('admin', 'demo', 'alpha');
    await feed.waitFor('the new holder', () => feed.model.cache.lease(key)?.spec.holderIdentity === `alpha-1_${uuid}`);
    const ids = feed.changes
      .slice(mark)
      .filter((c) => c.context === 'admin')
      .flatMap((c) => c.change.ids);
    assert.deepEqual([...new Set(ids)], [key]);
    assert.ok(
      feed.changes.slice(mark).every((c) => !c.change.all),
      'no full refresh',
    );
  });

  test('a delete removes the row and refreshes its namespace', async () => {
    const mark = feed.changes.length;
    api.store.deleteLease('demo', 'released');
    const key = leaseKey('admin', 'demo', 'released');
    await feed.waitFor('the delete', () => feed.model.cache.lease(key) === undefined);
    const ids = feed.changes
      .slice(mark)
      .filter((c) => c.context === 'admin')
      .flatMap((c) => c.change.ids);
    assert.deepEqual([...new Set(ids)], [treeId.namespace('admin', 'demo')]);
    assert.deepEqual(feed.model.children(treeId.namespace('admin', 'demo')), [leaseKey('admin', 'demo', 'alpha')]);
  });

  test('a lease in a new namespace refreshes its context', async () => {
    const mark = feed.changes.length;
    api.store.applyLease(leaseObject({ namespace: 'argo', name: 'workflow-controller', holder: `argo-0_${uuid}` }));
    await feed.waitFor('the new lease', () => feed.model.cache.lease(leaseKey('admin', 'argo', 'workflow-controller')));
    const ids = feed.changes
      .slice(mark)
      .filter((c) => c.context === 'admin')
      .flatMap((c) => c.change.ids);
    assert.deepEqual([...new Set(ids)], [treeId.context('admin')]);
    assert.equal(feed.labels(treeId.context('admin'))[0], 'argo — 1 lease');
  });
});
