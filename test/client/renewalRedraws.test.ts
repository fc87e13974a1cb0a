// Renewals from the real Lease server (dist/server.js over IPC) to the tree's redraws (issue 18 §3):
// a renewal travels as LeaseBatch.renewals (times only), the lease cache expands it into the Lease
// it holds, and the view redraws only the rows shown that look different.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { startLspProcess, type LspProcess } from '../../harness/lspProcess';
import { Waits } from '../../harness/waits';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { Contexts, Diagnostics, Kubeconfig, Leases, type LeaseBatch } from '../../src/shared/protocol';
import { defaultServerSettings, leaseKey } from '../../src/shared/types';
import { LeaseCache } from '../../src/client/leases/leaseCache';
import { LeaseTreeModel, type TreeChange } from '../../src/client/tree/treeModel';
import { TreeRedraws } from '../../src/client/tree/treeRedraws';
import { treeId } from '../../src/client/tree/treeIds';
import { ensureBuilt, root } from '../package/build';
import { leaseObject } from '../support/builders';

const uuid = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
const acquired = Date.now() - 600_000;

/** The extension's path without VS Code: cache ← server messages, tree model, and the redraws the provider would fire. */
class View {
  readonly model = new LeaseTreeModel(new LeaseCache(), { nodeLeases: 'counted', expiringSeconds: 5 });
  readonly redraws = new TreeRedraws(this.model);
  readonly batches: LeaseBatch[] = [];
  /** What the model said each change touches, and what the view fired for it. */
  readonly changes: { change: TreeChange; fired: string[] | undefined }[] = [];
  private readonly waits = new Waits();

  constructor(private readonly conn: ProtocolConnection) {
    this.model.cache.setServerStatus({ state: 'running' });
    conn.onNotification(Kubeconfig.changed, (state) => this.apply(() => this.model.cache.setKubeconfig(state)));
    conn.onNotification(Contexts.state, (state) => this.apply(() => this.model.cache.setContextState(state)));
    conn.onNotification(Leases.changed, (batch) => {
      this.batches.push(batch);
      this.apply(() => this.model.cache.applyBatch(batch));
    });
  }

  async watch(context: string): Promise<void> {
    const states = await this.conn.sendRequest(Contexts.watch, { contexts: [context] });
    states.forEach((s) => this.apply(() => this.model.cache.setContextState(s)));
    const snapshot = await this.conn.sendRequest(Leases.snapshot, { context });
    this.apply(() => this.model.cache.applySnapshot(snapshot));
  }

  /** VS Code expanding a row: asks its children and draws each. */
  expand(id: string | undefined): string[] {
    this.redraws.childrenAsked(id);
    const children = this.model.children(id);
    const now = Date.now();
    for (const child of children) {
      const row = this.model.row(child, now);
      if (row) {
        this.redraws.drew(row, now);
      }
    }
    return children;
  }

  waitFor<T>(what: string, check: () => T | undefined | false): Promise<T> {
    return this.waits.waitFor(what, check, 20_000);
  }

  private apply(change: () => Parameters<LeaseTreeModel['changed']>[0]): void {
    const treeChange = this.model.changed(change());
    this.changes.push({ change: treeChange, fired: this.redraws.changed(treeChange, Date.now()) });
    this.waits.poke();
  }
}

describe('renewals from the real Lease server to the tree redraws', () => {
  let api: ApiServer;
  let server: LspProcess;
  let view: View;
  const alpha = leaseKey('admin', 'demo', 'alpha');
  const beta = leaseKey('admin', 'demo', 'beta');
  const gamma = leaseKey('admin', 'quiet', 'gamma');
  /** A renewal: same holder, acquireTime and transitions; a new renewTime. */
  const renew = (namespace: string, name: string, renewTime: number): void =>
    void api.store.applyLease(
      leaseObject({ namespace, name, holder: `${name}-0_${uuid}`, acquireTime: acquired, renewTime, transitions: 2 }),
    );

  before(async () => {
    await ensureBuilt();
    api = await startApiServer({ users: [{ name: 'admin', token: 'admin-token', admin: true, write: true }] });
    // alpha and gamma expired a minute ago; beta is held.
    renew('demo', 'alpha', Date.now() - 60_000);
    renew('demo', 'beta', Date.now());
    renew('quiet', 'gamma', Date.now() - 60_000);
    const dir = mkdtempSync(join(tmpdir(), 'lease-lens-renewals-'));
    const kubeconfig = join(dir, 'config.yaml');
    writeFileSync(kubeconfig, api.kubeconfig({ contexts: [{ name: 'admin', user: 'admin' }], current: 'admin' }));
    server = await startLspProcess({
      module: join(root, 'dist', 'server.js'),
      env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir },
      initializationOptions: { settings: { ...defaultServerSettings }, clientNow: Date.now() },
      listen: (c) => {
        view = new View(c);
      },
    });
    view.model.cache.setKubeconfig(await server.conn.sendRequest(Kubeconfig.get));
    await view.watch('admin');
    await view.waitFor(
      'admin synced with its Leases',
      () => view.model.cache.contextState('admin')?.synced && view.model.cache.lease(gamma),
    );
    // The view: admin expanded, demo expanded; quiet was expanded once, then collapsed.
    view.expand(undefined);
    view.expand(treeId.context('admin'));
    assert.deepEqual(view.expand(treeId.namespace('admin', 'demo')), [alpha, beta]);
    assert.deepEqual(view.expand(treeId.namespace('admin', 'quiet')), [gamma]);
    view.redraws.collapsed(treeId.namespace('admin', 'quiet'));
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('a renewal travels as times only, reaches the tree model and redraws only its row', async () => {
    const mark = view.batches.length;
    const changesMark = view.changes.length;
    const renewed = Date.now();
    renew('demo', 'alpha', renewed);
    const lease = await view.waitFor('the renewal in the cache', () => {
      const l = view.model.cache.lease(alpha);
      return l?.spec.renewTime === leaseObject({ namespace: 'demo', name: 'alpha', holder: '', renewTime: renewed }).spec.renewTime && l;
    });
    const batches = view.batches.slice(mark);
    const ids = batches.flatMap((b) => b.renewals?.ids ?? []);
    assert.ok(lease.id !== undefined && ids.includes(lease.id), `renewed by id ${lease.id} in ${JSON.stringify(batches)}`);
    assert.ok(
      batches.every((b) => b.deltas.every((d) => d.type !== 'upsert' || d.lease.key !== alpha)),
      'no whole LeaseInfo for a renewal',
    );
    // The Lease the cache holds is the one it held, with the new times.
    assert.equal(lease.spec.holderIdentity, `alpha-0_${uuid}`);
    assert.equal(lease.spec.leaseTransitions, 2);
    assert.ok(lease.observedAt >= renewed - 1000 && lease.observedAt <= Date.now());
    // Expired → held: the row looks different, and only it is redrawn.
    const changes = view.changes.slice(changesMark);
    assert.ok(
      changes.some((c) => c.change.ids.includes(alpha)),
      'the tree model sees the renewal',
    );
    assert.deepEqual(
      changes.flatMap((c) => c.fired ?? ['everything']),
      [alpha],
    );
    assert.doesNotMatch(view.model.row(alpha, Date.now())?.description ?? '', /expired/);
  });

  test('a renewal that leaves the row looking the same redraws nothing', async () => {
    const renewBeta = async (): Promise<void> => {
      const before = view.model.cache.lease(beta)?.resourceVersion;
      renew('demo', 'beta', Date.now());
      await view.waitFor('the renewal of beta', () => view.model.cache.lease(beta)?.resourceVersion !== before);
    };
    // Renewed and drawn just now (as the once-a-second tick keeps it): "beta-0 · ≤15s".
    await renewBeta();
    const row = view.model.row(beta, Date.now());
    assert.ok(row);
    view.redraws.drew(row, Date.now());
    const changesMark = view.changes.length;
    await renewBeta();
    const changes = view.changes.slice(changesMark);
    assert.ok(
      changes.some((c) => c.change.ids.includes(beta)),
      'the tree model sees the renewal',
    );
    assert.deepEqual(
      changes.flatMap((c) => c.fired ?? ['everything']),
      [],
    );
  });

  test('a renewal in a collapsed namespace redraws nothing until the namespace shows again', async () => {
    const changesMark = view.changes.length;
    const before = view.model.cache.lease(gamma)?.resourceVersion;
    renew('quiet', 'gamma', Date.now());
    await view.waitFor('the renewal of gamma', () => view.model.cache.lease(gamma)?.resourceVersion !== before);
    const changes = view.changes.slice(changesMark);
    assert.ok(
      changes.some((c) => c.change.ids.includes(gamma)),
      'the tree model sees the renewal',
    );
    assert.deepEqual(
      changes.flatMap((c) => c.fired ?? ['everything']),
      [],
    );
    // Expanded again: its row, which now looks different (expired → held), is redrawn.
    assert.deepEqual(view.redraws.expanded(treeId.namespace('admin', 'quiet'), Date.now()), [gamma]);
  });

  test('the server counts what it wrote to the client', async () => {
    const stats = await server.conn.sendRequest(Diagnostics.stats, null);
    const ipc = stats.ipc;
    assert.ok(ipc, 'ServerStats.ipc');
    assert.ok(ipc.renewalsSent >= 3, `${ipc.renewalsSent} renewals`);
    assert.ok(ipc.upsertsSent >= 3, `${ipc.upsertsSent} upserts`);
    const seen = view.batches.reduce(
      (n, b) => n + Buffer.byteLength(JSON.stringify({ jsonrpc: '2.0', method: Leases.changed.method, params: b })) + 1,
      0,
    );
    assert.ok(ipc.bytesSent >= seen, `${ipc.bytesSent} bytes written, the batches alone ${seen}`);
    assert.ok(ipc.messagesSent >= view.batches.length);
  });
});
