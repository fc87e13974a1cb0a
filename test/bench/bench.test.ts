// The benchmark's pipeline on a small scale (1,000 leases, 10 holder changes each, 5 s of churn,
// 5 s of churn again with 500 ConfigMaps of 50 KB, 5 s of following): every figure is measured and finite, every lease, holder change, renewal and
// log line reaches the client, the leadership records hold every Lease's terms, and the output
// file holds the keys. No timing targets here: speed is what `npm run bench` prints.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { hasKubectl } from '../../bench/kubectl';
import { formatTable, runBench, type BenchResult } from '../../bench/run';

const requiredKeys = [
  'firstSnapshotMs',
  'kubectlFirstListMs',
  'churnCpuPercent',
  'peakRssMb',
  'deltaLatencyP50Ms',
  'deltaLatencyP99Ms',
  'clientMessagesPerSec',
  'followCpuPercent',
  'followPeakRssMb',
  'cpuPer1kEventsRatioVsKubectl',
] as const;

const kubectlKeys = new Set<string>([
  'kubectlFirstListMs',
  'cpuPer1kEventsRatioVsKubectl',
  'kubectlWatchCpuPercent',
  'firstSnapshotRatioVsKubectl',
]);

describe('benchmark pipeline (small)', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lease-lens-bench-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('measures every figure at 1,000 leases for 5 s', async () => {
    const leases = 1000;
    const result: BenchResult = await runBench({
      leases,
      rate: 1000,
      seconds: 5,
      followSeconds: 5,
      configMaps: 500,
      configMapBytes: 50 * 1024,
      configMapLocks: 12,
    });
    const out = join(dir, 'bench.json');
    writeFileSync(out, JSON.stringify(result));
    const written = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;

    for (const key of requiredKeys) {
      assert.ok(key in written, `bench.json has ${key}`);
      if (kubectlKeys.has(key) && !hasKubectl()) {
        assert.equal(written[key], null, `${key} is null without kubectl`);
        continue;
      }
      const value = written[key];
      assert.ok(typeof value === 'number' && Number.isFinite(value), `${key} is a finite number (got ${String(value)})`);
    }
    for (const key of [
      'kubectlWatchCpuPercent',
      'firstSnapshotRatioVsKubectl',
      'followAddedCpuPercent',
      'logLatencyP99Ms',
      'clientBytesPerSec',
    ] as const) {
      const value = result[key];
      if (kubectlKeys.has(key) && !hasKubectl()) {
        continue;
      }
      assert.ok(typeof value === 'number' && Number.isFinite(value), `${key} is a finite number (got ${String(value)})`);
    }

    const c = result.counts;
    assert.equal(c.leasesSeeded, leases);
    assert.equal(c.leasesReceived, leases, 'every lease reached the client');
    if (hasKubectl()) {
      assert.equal(c.kubectlListedLeases, leases, 'kubectl listed every lease');
    }
    // Every renewal's final state reached the client (a lease renewed twice within one 250 ms batch
    // arrives once, so deltas may be fewer than writes on a stalled machine; none are here normally).
    assert.ok(c.mirrorMatchesAfterChurn, 'after the churn the client holds every lease as the API server has it');
    assert.ok(c.mirrorMatchesAfterFollow, 'after following the client holds every lease as the API server has it');
    assert.ok(
      c.churnWrites > 0 && c.churnDeltasReceived > 0 && c.churnDeltasReceived <= c.churnWrites,
      `renewals of the churn reached the client (${c.churnDeltasReceived}/${c.churnWrites})`,
    );
    assert.ok(
      c.followWrites > 0 && c.followDeltasReceived > 0 && c.followDeltasReceived <= c.followWrites,
      `renewals while following reached the client (${c.followDeltasReceived}/${c.followWrites})`,
    );
    // Log lines are bounded per flush (leaseLens.logs.bufferLines): only a long stall drops any.
    assert.ok(
      c.logLinesWritten > 0 && c.logLinesReceived >= 0.95 * c.logLinesWritten,
      `log lines reached the client (${c.logLinesReceived}/${c.logLinesWritten})`,
    );
    assert.equal(c.logPods, 3, 'log lines came from the three pods');

    assert.ok(result.deltaLatencyP50Ms > 0 && result.deltaLatencyP50Ms <= result.deltaLatencyP99Ms, 'latencies measured');
    assert.ok(result.windows.churn.leaseBatches > 0 && result.windows.follow.followUpdates > 0, 'batches and follow updates counted');
    assert.ok(result.peakRssMb > 0 && result.followPeakRssMb > 0, 'memory sampled');
    assert.ok(result.processes.churn.server.samples >= 5, 'CPU sampled every 500 ms');
    // Leadership records: every Lease went through 9 holder changes before the churn (10 terms with
    // the first), and the server's records hold them (API server identity Leases, about 1 %, may be left out).
    const h = result.health;
    assert.equal(h.changes, leases * 9, 'every Lease went through 9 holder changes');
    assert.ok(h.mirrorMatches, 'after the holder changes the client holds every lease as the API server has it');
    assert.ok(h.leases >= 0.95 * leases && h.leases <= leases, `records of (almost) every Lease (${h.leases})`);
    // A Lease seeded released (about 1 %) has no first term: 9 terms.
    assert.ok(
      h.termsPerLease !== null && h.termsPerLease >= 9.9 && h.termsPerLease <= 10,
      `10 terms per Lease, 9 for one seeded released (${h.termsPerLease})`,
    );
    assert.ok(
      h.bytesPerLease !== null && Number.isFinite(h.bytesPerLease) && h.bytesPerLease > 0,
      `bytes per Lease measured (${h.bytesPerLease})`,
    );
    assert.ok(Number.isFinite(h.heapGrowthPerLease) && h.liveHeapAfterMb > 0, 'live heap measured before and after');
    const healthTarget = result.targets.find((x) => x.name === 'healthBytesPerLease');
    assert.equal(healthTarget?.value, h.bytesPerLease, 'the health record target is checked');
    // Lock discovery: a second churn window with 500 ConfigMaps of 50 KB (12 of them locks), against the first.
    const cm = result.configMapLocks;
    assert.ok(cm, 'the ConfigMap window ran');
    assert.deepEqual([cm.configMaps, cm.locks, cm.bytesEach], [500, 12, 50 * 1024]);
    assert.ok(cm.mirrorMatches, 'after the churn with ConfigMaps the client holds every lease as the API server has it');
    assert.ok(cm.renewals > 0 && cm.processes.server.samples >= 5, 'the second window churned and sampled');
    for (const v of [cm.churnCpuPercent, cm.peakRssMb, cm.withoutCpuPercent, cm.withoutPeakRssMb, cm.cpuRatio, cm.rssRatio]) {
      assert.ok(Number.isFinite(v) && v > 0, `ConfigMap window figure measured (${v})`);
    }
    assert.equal(cm.withoutCpuPercent, result.churnCpuPercent, 'compared with the same run without ConfigMaps');
    assert.equal(cm.withoutPeakRssMb, result.peakRssMb);
    // However the Lease server reads ConfigMaps, no answer to it carried their data.
    assert.equal(cm.requests.withData, 0, `no ConfigMap request answered with data (${JSON.stringify(cm.requests)})`);
    assert.equal(cm.requests.metadataOnly, cm.requests.lists + cm.requests.watches, 'every ConfigMap request was metadata only');
    if (cm.requests.lists + cm.requests.watches > 0) {
      assert.equal(cm.locksReceived, 12, 'a Lease server that reads ConfigMaps finds the 12 ConfigMap locks');
    }
    for (const name of ['configMapChurnCpuPercent', 'configMapPeakRssMb']) {
      const tg = result.targets.find((x) => x.name === name);
      assert.equal(tg?.limit, '≤ 10 % above without', name);
      assert.equal(typeof tg?.pass, 'boolean', name);
    }
    const ipc = result.targets.find((x) => x.name === 'ipcBytesPerRenewal');
    assert.equal(ipc?.limit, '≤ 120 bytes per renewal');
    assert.equal(typeof ipc?.pass, 'boolean', 'IPC bytes per renewal are judged');
    assert.equal(result.targets.length, 11);

    const table = formatTable(result);
    for (const row of [
      'first complete snapshot',
      'churn CPU',
      'delta latency',
      'client messages per second',
      'following',
      'health record bytes per Lease',
      'with 500 ConfigMaps of 50 KB (12 locks): churn CPU',
    ]) {
      assert.ok(table.includes(row), `the table has "${row}"`);
    }
  });
});
