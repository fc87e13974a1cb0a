// The many-clusters benchmark (bench/fleet.ts) on a small scale (3 contexts of 200 Leases, 20
// renewals/s each, windows of 2 s): every figure is measured and finite, every context's first
// snapshot is timed, the client ends up holding what every API server holds, and a context never
// asked for got no request at all. No timing targets here: `npm run bench` prints them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatFleetTable, runFleet } from '../../bench/fleet';
import { Leases } from '../../src/shared/protocol';

describe('fleet benchmark pipeline (small)', { timeout: 240_000 }, () => {
  test('measures every figure with 3 contexts of 200 Leases', async () => {
    const contexts = 3;
    const r = await runFleet({ contexts, leases: 200, rate: 20, seconds: 2 });

    for (const [name, w] of Object.entries({ one: r.one, oneOfN: r.oneOfN, all: r.all })) {
      for (const key of ['cpuPercent', 'peakRssMb', 'rssAfterGcMb', 'liveHeapMb', 'messagesPerSec', 'kbPerSec'] as const) {
        assert.ok(Number.isFinite(w[key]) && w[key] >= 0, `${name}.${key} is measured (${w[key]})`);
      }
      assert.ok(w.peakRssMb > 0, `${name}: memory sampled`);
    }
    assert.ok(r.one.firstSnapshotMs > 0 && r.oneOfN.firstSnapshotMs > 0, 'first snapshots of A and B timed');
    assert.equal(r.all.firstSnapshotMs.length, contexts, 'every context expanded and timed');
    assert.equal(r.all.expansions.length, contexts);
    for (const x of r.all.expansions) {
      assert.ok(
        x.ms > 0 && Number.isFinite(x.serverCpuMs) && Number.isFinite(x.apiServerCpuMs),
        `expansion measured (${JSON.stringify(x)})`,
      );
    }
    assert.equal(r.all.firstSnapshotMaxMs, Math.max(...r.all.firstSnapshotMs));
    // Contexts not shown cost nothing: no request reached the API servers of the contexts never watched.
    assert.equal(r.oneOfN.requestsBeforeWatch, 0, 'no request before the first Contexts.watch');
    assert.equal(r.oneOfN.unaskedRequests, 0, 'no request to a context never asked for');
    assert.ok(r.all.mirrorMatches, 'after the churn the client holds what every API server holds');
    assert.ok(r.all.clientCacheMb > 0 && r.all.clientCacheBytesPerLease > 0, `client cache measured (${r.all.clientCacheMb} MB)`);
    const batches = r.window.all.byMethod[Leases.changed.method]?.messages ?? 0;
    assert.ok(r.all.ipcBytesPerRenewal > 0 && batches > 0, `renewals reached the client in the window (${batches} batches)`);
    assert.ok(r.processes.all.server.samples >= 3, 'CPU sampled every 500 ms');

    assert.deepEqual(
      r.targets.map((x) => x.name),
      ['fleetPeakRssMb', 'fleetFirstSnapshotMaxMs', 'fleetClientCacheMb', 'unaskedContextRequests', 'oneOfNCpuPercent', 'oneOfNPeakRssMb'],
    );
    for (const x of r.targets) {
      assert.equal(typeof x.pass, 'boolean', `${x.name} is checked`);
    }
    const table = formatFleetTable(r);
    for (const row of [
      'A. 1 context in the kubeconfig',
      'B. 3 contexts, 1 watched',
      'C. 3 contexts expanded',
      'client Lease cache',
      'targets:',
    ]) {
      assert.ok(table.includes(row), `the table has "${row}"`);
    }
  });
});
