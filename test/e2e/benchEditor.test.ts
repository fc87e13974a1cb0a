// The editor benchmark's pipeline on a small scale (bench/editor, `--quick`): 1,000 Leases at
// 200 renewals/s, 5 s windows. code-server runs twice (without Lease Lens, then with it, the
// Leases view showing one expanded namespace), kubectl -w once; every figure is measured and
// finite, the processes are found by pid, and the output names every target. No timing targets
// here: what the editor costs is what `npm run bench:editor` prints.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { hasKubectl } from '../../bench/kubectl';
import { fleetEditorOptions, formatEditorTable, quickEditorOptions, runEditorBench, type EditorBenchResult } from '../../bench/editor/run';

const finite = (name: string, value: unknown): void =>
  assert.ok(typeof value === 'number' && Number.isFinite(value), `${name} is a finite number (got ${String(value)})`);

describe('editor benchmark pipeline (quick)', { timeout: 15 * 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lease-lens-bench-editor-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('measures the workbench with and without Lease Lens, and kubectl -w, on the same churn', async () => {
    const result: EditorBenchResult = await runEditorBench({ ...quickEditorOptions, resultsDir: join(dir, 'results') });
    const out = join(dir, 'bench-editor.json');
    writeFileSync(out, JSON.stringify(result));
    const written = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;

    for (const key of [
      'leaseServerCpuPercent',
      'extensionHostAddedCpuPercent',
      'rendererAddedCpuPercent',
      'leaseLensCpuPercent',
      'extensionHostAddedMb',
      'extensionHostAnonAddedMb',
      'rendererAddedMb',
      'rendererJsHeapAddedMb',
      'rendererPaletteAddedMb',
      'leaseServerRssMb',
      'longTasksAdded',
      'paletteMedianWithMs',
      'paletteMedianWithoutMs',
      'paletteRatio',
      'ipcBytesPerRenewal',
      'leaseServerBytesPerLease',
      'extensionHostBytesPerLease',
      'namespaceShownMs',
    ]) {
      finite(key, written[key]);
    }
    if (hasKubectl()) {
      finite('kubectlCpuPercent', written.kubectlCpuPercent);
      assert.ok((result.kubectl?.samples ?? 0) > 1, 'kubectl -w was sampled over its window');
    }

    const { baseline, leaseLens } = result;
    // The processes: found by pid, distinct per workbench; the Lease server only with Lease Lens.
    assert.equal(baseline.pids.leaseServer, null, 'no Lease server without Lease Lens');
    assert.ok(leaseLens.pids.leaseServer !== null && leaseLens.pids.leaseServer > 0, 'the Lease server was found under the extension host');
    assert.notEqual(leaseLens.pids.extensionHost, baseline.pids.extensionHost);
    assert.ok(leaseLens.pids.renderers.includes(leaseLens.pids.renderer));
    for (const phase of [baseline, leaseLens]) {
      for (const name of ['extensionHost', 'renderer']) {
        const p = phase.processes[name];
        assert.ok(p && p.samples > 1 && p.peakRss > 0, `${name} sampled with its memory`);
        assert.ok(p.cpuSeconds > 0, `${name} used CPU in the window`);
      }
      assert.equal(phase.paletteMs.length, quickEditorOptions.paletteRuns, 'every palette opening was timed');
      // The palette has its own window after the churn window, sampled apart.
      assert.ok(
        phase.palette.seconds >= (quickEditorOptions.paletteRuns ?? 1) && phase.palette.rendererPeakRss > 0,
        'the palette window was sampled',
      );
      assert.ok(
        phase.paletteMs.every((ms) => ms > 0),
        `palette times: ${phase.paletteMs.join(', ')}`,
      );
      assert.ok(phase.renderer.afterGc.jsHeapUsedBytes > 0 && phase.renderer.afterGc.domNodes > 0);
      assert.equal(phase.longTasks.count, phase.longTasks.durations.length);
      // Chromium reports a long task's duration in whole ms: one of 50.4 ms reads 50.
      assert.ok(
        phase.longTasks.durations.every((d) => d >= 50),
        `long tasks are those over 50 ms: ${phase.longTasks.durations.join(', ')}`,
      );
    }
    // The tree: the context's snapshot shown, the wide namespace expanded with its Lease rows.
    assert.ok((result.leaseRowsShown ?? 0) > 0, 'Lease rows are drawn under the expanded namespace');
    // The Lease server's IPC, from "Lease Lens: Show Lease Server Statistics" in the real extension
    // before and after the window: renewals went out as renewals, in batches (not one message each).
    const ipc = leaseLens.leaseServer?.ipc;
    assert.ok(ipc && ipc.seconds > 0, 'the statistics were read before and after the window');
    assert.ok(ipc.bytesSent > 0 && ipc.messagesSent > 0 && ipc.renewalsSent > 0, `IPC in the window: ${JSON.stringify(ipc)}`);
    assert.ok(ipc.messagesSent < ipc.renewalsSent, 'renewals are batched');
    assert.ok((leaseLens.leaseServer?.bytesWritten ?? 0) > 0, "the Lease server's writes were counted (/proc/<pid>/io)");

    assert.deepEqual(
      result.targets.map((t) => t.name),
      [
        'leaseLensCpuPercent',
        'extensionHostAddedMb',
        'rendererAddedMb',
        'leaseServerRssMb',
        'ipcBytesPerRenewal',
        'longTasksAdded',
        'paletteRatio',
      ],
    );
    for (const t of result.targets) {
      if (t.name === 'leaseLensCpuPercent' && !hasKubectl()) {
        continue;
      }
      assert.notEqual(t.pass, null, `${t.name} was judged`);
    }
    const table = formatEditorTable(result);
    assert.match(table, /PASS|MISS/);
    console.log(table);
  });

  test('the fleet scenario: every context expanded once, its namespace rows timed, the fleet targets judged', async () => {
    const contexts = 3;
    const result = await runEditorBench({
      ...quickEditorOptions,
      ...fleetEditorOptions,
      fleet: contexts,
      leases: 300,
      rate: 20,
      resultsDir: join(dir, 'results-fleet'),
    });
    assert.equal(result.expansionsMs.length, contexts, 'each context was expanded and timed');
    assert.ok(result.expansionsMs.every((ms) => ms > 0));
    finite('longestExpansionMs', result.longestExpansionMs);
    finite('extensionHostAddedMb', result.extensionHostAddedMb);
    assert.equal(result.kubectl, null, 'no kubectl window in the fleet scenario');
    const ipc = result.leaseLens.leaseServer?.ipc;
    assert.ok(ipc && ipc.renewalsSent > 0, 'renewals of the watched contexts reached the extension host');
    assert.deepEqual(
      result.targets.map((t) => [t.name, t.pass !== null]),
      [
        ['leaseServerRssMb', true],
        ['extensionHostAddedMb', true],
        ['longestExpansionMs', true],
        ['ipcBytesPerRenewal', true],
      ],
    );
    assert.match(formatEditorTable(result), /3 contexts × 300 leases/);
  });
});
