// The host's health state fed by the real Lease server (dist/server.js over IPC) watching a local
// API server: flags arrive always (a Lease that flaps is flagged), rows only while a view is open
// (subscribe, a rows request for the reset, then pushed changes), and a new server run starts empty
// and is asked again.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { startLspProcess, type LspProcess } from '../../harness/lspProcess';
import { Waits } from '../../harness/waits';
import { waitFor as waitUntil } from '../../harness/waiting';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { Contexts, Health, Kubeconfig, Leases, type LeaseBatch } from '../../src/shared/protocol';
import { defaultServerSettings } from '../../src/shared/types';
import { HealthState, type HealthChange, type HealthRun } from '../../src/client/health/healthState';
import { ensureBuilt, root } from '../package/build';
import { leaseObject } from '../support/builders';

const uuid = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
const flappy = 'admin/demo/flappy';
const steady = 'admin/demo/steady';

function runOver(conn: ProtocolConnection): HealthRun & { end(): void } {
  let ended = false;
  return {
    rows: () => conn.sendRequest(Health.rows, {}),
    detail: (key) => conn.sendRequest(Health.detail, { key }),
    subscribe: (rows) => void conn.sendNotification(Health.subscribe, { rows }),
    get ended() {
      return ended;
    },
    end: () => {
      ended = true;
    },
  };
}

describe('the host health state fed by the real Lease server', () => {
  let api: ApiServer;
  let server: LspProcess;
  let conn: ProtocolConnection;
  const state = new HealthState();
  const waits = new Waits();
  const changes: HealthChange[] = [];
  state.onDidChange((c) => {
    changes.push(c);
    waits.poke();
  });
  const waitFor = <T>(what: string, check: () => T | undefined | false): Promise<T> => waits.waitFor(what, check, 20_000);

  before(async () => {
    await ensureBuilt();
    api = await startApiServer({ users: [{ name: 'admin', token: 'admin-token', admin: true, write: true }] });
    api.store.applyLease(leaseObject({ namespace: 'demo', name: 'flappy', holder: `a-0_${uuid}` }));
    api.store.applyLease(leaseObject({ namespace: 'demo', name: 'steady', holder: `s-0_${uuid}` }));
    const dir = mkdtempSync(join(tmpdir(), 'lease-lens-health-test-'));
    const kc = join(dir, 'kc.yaml');
    writeFileSync(kc, api.kubeconfig({ contexts: [{ name: 'admin', user: 'admin' }], current: 'admin' }));
    server = await startLspProcess({
      module: join(root, 'dist', 'server.js'),
      env: { ...process.env, KUBECONFIG: kc, HOME: dir },
      initializationOptions: {
        settings: { ...defaultServerSettings, flapChanges: 1, flapWindowMinutes: 10 },
        clientNow: Date.now(),
      },
      listen: (c) => {
        state.listen(c);
        // Flags ride with the Lease batches (what LeaseSync hands the health state in the extension).
        c.onNotification(Leases.changed, (batch: LeaseBatch) => state.applyFlags(batch.flags ?? []));
      },
    });
    conn = server.conn;
    state.startRun(runOver(conn));
    await conn.sendRequest(Kubeconfig.get);
    await conn.sendRequest(Contexts.watch, { contexts: ['admin'] });
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('no view open: no rows are kept; opening one asks for every row', async () => {
    assert.deepEqual(state.rows(), []);
    const view = state.openView();
    try {
      const rows = await waitFor('both rows', () => {
        const keys = state.rows().map((r) => r.key);
        return keys.includes(flappy) && keys.includes(steady) && keys;
      });
      assert.equal(rows.length, 2);
      assert.ok(
        changes.some((c) => c.kind === 'rows' && c.reset),
        'the first rows came as a reset',
      );
    } finally {
      view.dispose();
    }
    assert.deepEqual(state.rows(), [], 'closed: rows are dropped');
  });

  test('a Lease that flaps is flagged (Health.flags, with no view open); the steady one is not', async () => {
    for (let i = 1; i <= 3; i++) {
      const now = Date.now();
      api.store.applyLease(
        leaseObject({ namespace: 'demo', name: 'flappy', holder: `a-${i}_${uuid}`, transitions: i, acquireTime: now, renewTime: now }),
      );
      await waitUntil(`the record holds holder a-${i}`, async () => (await state.detail(flappy))?.row.holder === `a-${i}_${uuid}`, 20_000);
    }
    await waitFor('flappy flagged flapping', () => state.flagsOf(flappy).includes('flapping'));
    assert.deepEqual(state.flagged('flapping'), [flappy]);
    assert.ok(!state.flagsOf(steady).includes('flapping'));
    const detail = await state.detail(flappy);
    assert.ok(detail && detail.terms.length >= 3, 'its record holds the terms');
  });

  test('a new server run starts empty and, with a view open, is asked again', async () => {
    await waitFor('flappy flagged', () => state.flagsOf(flappy).includes('flapping'));
    const view = state.openView();
    try {
      await waitFor('rows with the view open', () => state.rows().length === 2);
      const before = changes.length;
      state.startRun(runOver(conn));
      const reset = changes.slice(before);
      assert.ok(
        reset.some((c) => c.kind === 'flags' && c.reset && c.keys.includes(flappy)),
        'the old flags are dropped at once',
      );
      assert.ok(
        reset.some((c) => c.kind === 'rows' && c.reset && c.rows.length === 0),
        'the view is emptied at once',
      );
      await waitFor('rows again from the new run', () => state.rows().length === 2);
      await waitFor('flags again, from the rows', () => state.flagsOf(flappy).includes('flapping'));
    } finally {
      view.dispose();
    }
  });
});
