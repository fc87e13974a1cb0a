// The whole editor at fleet scale (issue 18 §1, §3): the packaged Lease Lens in code-server,
// driven by Chromium, against the same workbench without it, and kubectl -w, in one run.
//   npm run bench:editor            (build, then this: 10,000 Leases, 1,000 renewals/s, 60 s windows)
//   npx tsx bench/editor/run.ts --quick          (1,000 Leases, 200/s, 5 s windows)
// Options: --leases N, --rate R, --seconds S (each window), --wide N (Leases in the expanded
// namespace team-wide), --palette N (palette openings after each workbench's window, one a second), --settle S, --trace S, --profile S, --no-kubectl,
// --fleet (10 contexts × 2,000 Leases at 100 renewals/s each, every context expanded once),
// --http, --seed N, --quick, --out FILE (default test-results/bench-editor.json). README.md here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { acquireSuiteLock, CODE_SERVER_VERSION, ensureVsix, installCodeServer } from '../../harness/codeServer';
import { REPO_ROOT } from '../../harness/repoRoot';
import { startApiServerProcess, type ApiServerProcess } from '../apiServerProcess';
import { hasKubectl, kubectlCacheDir, kubectlDescription, kubectlWatching, prepareKubectl } from '../kubectl';
import { Sampler, type ProcessFigures } from '../proc';
import { mb, round } from '../stats';
import { figure, numberOption, targetsLine, verdict, table } from '../report';
import { mergedKubeconfig } from '../fleet';
import { wideNamespace } from '../workload';
import { runPhase, type PhaseFigures } from './workbenchPhase';

const context = 'bench';

export interface EditorBenchOptions {
  leases: number;
  /** Renewals per second, for the whole run. */
  rate: number;
  /** Length of each window: kubectl, the baseline workbench, the workbench with Lease Lens (s). */
  seconds: number;
  /** Leases gathered into the namespace that is expanded in the tree. */
  wide: number;
  paletteRuns: number;
  settleSeconds: number;
  kubectl: boolean;
  tls: boolean;
  seed: number;
  tickMs: number;
  resultsDir: string;
  /** A Chromium timeline of each workbench after its window (s; 0: none): `--trace S`. */
  traceSeconds: number;
  /** A CPU and allocation profile of each workbench's page after its window (s; 0: none): `--profile S`. */
  profileSeconds: number;
  /**
   * The fleet scenario (issue 18 §4; 0: off): this many clusters on one API server process, each
   * with `leases` Leases renewed at `rate` per second, every context expanded once in the tree.
   */
  fleet: number;
  log?: (line: string) => void;
}

export const defaultEditorOptions: EditorBenchOptions = {
  leases: 10_000,
  rate: 1000,
  seconds: 60,
  wide: 370,
  paletteRuns: 20,
  settleSeconds: 5,
  kubectl: true,
  tls: true,
  seed: 1,
  tickMs: 10,
  resultsDir: join(REPO_ROOT, 'test-results', 'bench-editor'),
  traceSeconds: 0,
  profileSeconds: 0,
  fleet: 0,
};

/** `--fleet`: the many-clusters user, 10 contexts of 2,000 Leases at 100 renewals/s each. */
export const fleetEditorOptions: Partial<EditorBenchOptions> = { fleet: 10, leases: 2000, rate: 100, kubectl: false };

/** The pipeline on a small scale (test/e2e/benchEditor.test.ts): every figure, in about two minutes. */
export const quickEditorOptions: Partial<EditorBenchOptions> = {
  leases: 1000,
  rate: 200,
  seconds: 5,
  wide: 60,
  paletteRuns: 3,
  settleSeconds: 1,
};

export interface EditorTarget {
  name: string;
  value: number | null;
  limit: string;
  pass: boolean | null;
}

export interface EditorBenchResult {
  /** CPU, % of one core over the window. */
  leaseServerCpuPercent: number;
  extensionHostAddedCpuPercent: number;
  rendererAddedCpuPercent: number;
  /** Lease server + extension host above its baseline + renderer above its baseline. */
  leaseLensCpuPercent: number;
  kubectlCpuPercent: number | null;
  /** Memory added over the baseline (peak VmRSS in the window), MB. */
  extensionHostAddedMb: number;
  extensionHostAnonAddedMb: number;
  rendererAddedMb: number;
  rendererJsHeapAddedMb: number;
  /** Window 2 (the palette opened once a second): the renderer's peak RSS added, reported, no target. */
  rendererPaletteAddedMb: number;
  leaseServerRssMb: number;
  /** Long tasks (> 50 ms) of the workbench in the window. */
  longTasksWith: number;
  longTasksWithout: number;
  longTasksAdded: number;
  longestTaskWithMs: number;
  longestTaskWithoutMs: number;
  paletteMedianWithMs: number;
  paletteMedianWithoutMs: number;
  paletteRatio: number;
  /** What the Lease server sent the extension host (ServerStats.ipc) per renewal, per second, messages per second. */
  ipcBytesPerRenewal: number;
  ipcBytesPerSec: number;
  ipcMessagesPerSec: number;
  ipcSource: string;
  /** Everything the Lease server wrote (/proc/<pid>/io wchar: the IPC channel and the health records' file), per second. */
  writtenBytesPerSec: number;
  /** Memory per Lease held: the Lease server's RSS, and the extension host's added RSS, over the Leases. */
  leaseServerBytesPerLease: number;
  extensionHostBytesPerLease: number;
  renewalsInWindow: number;
  namespaceShownMs: number | null;
  leaseRowsShown: number | null;
  /** The fleet scenario: each context's expansion → its namespace rows drawn (ms), and the longest. */
  expansionsMs: number[];
  longestExpansionMs: number | null;
  kubectl: ProcessFigures | null;
  baseline: PhaseFigures;
  leaseLens: PhaseFigures;
  targets: EditorTarget[];
  config: Omit<EditorBenchOptions, 'log'>;
  host: {
    cpus: number;
    cpuModel: string;
    node: string;
    codeServer: string;
    loadavgBefore: number[];
    loadavgAfter: number[];
    kubectl: string | null;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** kubectl get leases -A -w -o json over one window of the same churn. */
async function kubectlWindow(api: ApiServerProcess, kubeconfig: string, cacheDir: string, seconds: number): Promise<ProcessFigures> {
  const w = await kubectlWatching(kubeconfig, cacheDir, async () => (await api.call('watchers', null)).leaseWatchRequests, 120_000);
  try {
    await sleep(1000);
    const sampler = new Sampler({ kubectl: { pid: w.pid, tree: true } });
    sampler.start();
    await sleep(seconds * 1000);
    return sampler.stop().kubectl;
  } finally {
    await w.stop();
  }
}

export async function runEditorBench(options: Partial<EditorBenchOptions> = {}): Promise<EditorBenchResult> {
  const o: EditorBenchOptions = { ...defaultEditorOptions, ...options };
  const log = o.log ?? (() => undefined);
  const release = await acquireSuiteLock();
  const work = mkdtempSync(join(tmpdir(), 'lease-lens-bench-editor-'));
  const loadavgBefore = loadavg();
  let api: ApiServerProcess | undefined;
  try {
    if (o.kubectl) {
      await prepareKubectl();
    }
    const useKubectl = o.kubectl && hasKubectl();
    await installCodeServer(log);
    const vsix = await ensureVsix(log);
    mkdirSync(o.resultsDir, { recursive: true });

    const kubeconfig = join(work, 'kubeconfig.yaml');
    const folder = join(work, 'workspace');
    mkdirSync(folder);
    // A project a user would have open: the baseline's Explorer then shows a screenful of rows,
    // as the Leases view does with Lease Lens (an empty Explorer is a lighter page than any user's).
    for (let i = 1; i <= 40; i++) {
      writeFileSync(join(folder, `deployment-${String(i).padStart(2, '0')}.yaml`), `# manifest ${i}\n`);
    }
    let contexts: string[] | undefined;
    if (o.fleet > 0) {
      api = await startApiServerProcess({ tls: o.tls, clusters: o.fleet });
      contexts = (api.clusters ?? []).map((c) => c.name);
      const seeded = await api.call('fleetSeed', { leases: o.leases, seed: o.seed });
      writeFileSync(kubeconfig, mergedKubeconfig(api.clusters ?? []));
      log(`API server: ${seeded.clusters} clusters, ${seeded.leases} leases; renewals at ${o.rate}/s each from now on`);
      await api.call('fleetChurn', { rate: o.rate, tickMs: o.tickMs });
    } else {
      api = await startApiServerProcess({ tls: o.tls });
      const seeded = await api.call('seed', { leases: o.leases, seed: o.seed, wideNamespace: o.wide });
      writeFileSync(kubeconfig, api.kubeconfig);
      log(`API server ${api.url}: ${seeded.leases} leases (${o.wide} in ${wideNamespace}); renewals at ${o.rate}/s from now on`);
      await api.call('startChurn', { rate: o.rate, tickMs: o.tickMs });
    }

    const kubectl = useKubectl && o.fleet === 0 ? await kubectlWindow(api, kubeconfig, kubectlCacheDir(work), o.seconds) : null;
    if (kubectl) {
      log(`kubectl -w: ${round(kubectl.cpuPercent)} % of a core`);
    }
    const phase = { kubeconfig, folder, context, namespace: wideNamespace, contexts, seconds: o.seconds, paletteRuns: o.paletteRuns };
    const common = {
      ...phase,
      settleSeconds: o.settleSeconds,
      resultsDir: o.resultsDir,
      traceSeconds: o.traceSeconds,
      profileSeconds: o.profileSeconds,
      log,
    };
    const baseline = await runPhase({ ...common, name: 'baseline', vsix: null });
    log(
      `baseline: extension host ${round(baseline.processes.extensionHost.cpuPercent)} %, renderer ${round(baseline.processes.renderer.cpuPercent)} %`,
    );
    const leaseLens = await runPhase({ ...common, name: 'leaseLens', vsix });
    log(
      `Lease Lens: extension host ${round(leaseLens.processes.extensionHost.cpuPercent)} %, renderer ${round(leaseLens.processes.renderer.cpuPercent)} %`,
    );
    await api.call(o.fleet > 0 ? 'fleetStopChurn' : 'stopChurn', null);
    return figures(o, baseline, leaseLens, kubectl, {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      node: process.version,
      codeServer: CODE_SERVER_VERSION,
      loadavgBefore,
      loadavgAfter: loadavg(),
      kubectl: useKubectl && o.fleet === 0 ? kubectlDescription() : null,
    });
  } finally {
    await api?.close();
    rmSync(work, { recursive: true, force: true });
    release();
  }
}

function figures(
  o: EditorBenchOptions,
  base: PhaseFigures,
  ll: PhaseFigures,
  kubectl: ProcessFigures | null,
  host: EditorBenchResult['host'],
): EditorBenchResult {
  const server = ll.processes.leaseServer as ProcessFigures | undefined;
  const serverCpu = server?.cpuPercent ?? Number.NaN;
  const extCpu = ll.processes.extensionHost.cpuPercent - base.processes.extensionHost.cpuPercent;
  const rendCpu = ll.processes.renderer.cpuPercent - base.processes.renderer.cpuPercent;
  const extAdded = ll.processes.extensionHost.peakRss - base.processes.extensionHost.peakRss;
  const clusters = Math.max(1, o.fleet);
  const leasesHeld = o.leases * clusters;
  const renewals = o.rate * clusters * ll.windowSeconds;
  const io = ll.leaseServer;
  const r: EditorBenchResult = {
    leaseServerCpuPercent: serverCpu,
    extensionHostAddedCpuPercent: extCpu,
    rendererAddedCpuPercent: rendCpu,
    leaseLensCpuPercent: serverCpu + extCpu + rendCpu,
    kubectlCpuPercent: kubectl?.cpuPercent ?? null,
    extensionHostAddedMb: mb(extAdded),
    extensionHostAnonAddedMb: mb(ll.extensionHost.anonRssBytes - base.extensionHost.anonRssBytes),
    rendererAddedMb: mb(ll.processes.renderer.peakRss - base.processes.renderer.peakRss),
    rendererJsHeapAddedMb: mb(ll.renderer.afterGc.jsHeapUsedBytes - base.renderer.afterGc.jsHeapUsedBytes),
    rendererPaletteAddedMb: mb(ll.palette.rendererPeakRss - base.palette.rendererPeakRss),
    leaseServerRssMb: mb(server?.peakRss ?? Number.NaN),
    longTasksWith: ll.longTasks.count,
    longTasksWithout: base.longTasks.count,
    longTasksAdded: ll.longTasks.count - base.longTasks.count,
    longestTaskWithMs: ll.longTasks.maxMs,
    longestTaskWithoutMs: base.longTasks.maxMs,
    paletteMedianWithMs: ll.paletteMedianMs,
    paletteMedianWithoutMs: base.paletteMedianMs,
    paletteRatio: ll.paletteMedianMs / base.paletteMedianMs,
    ipcBytesPerRenewal: io ? io.ipc.bytesSent / (o.rate * clusters * io.ipc.seconds) : Number.NaN,
    ipcBytesPerSec: io ? io.ipc.bytesSent / io.ipc.seconds : Number.NaN,
    ipcMessagesPerSec: io ? io.ipc.messagesSent / io.ipc.seconds : Number.NaN,
    ipcSource:
      'ServerStats.ipc (the JSON-RPC messages the Lease server wrote to the extension host), read with "Lease Lens: Show Lease Server Statistics" before and after the window, over the renewals written between the two',
    writtenBytesPerSec: io ? io.bytesWritten / ll.windowSeconds : Number.NaN,
    leaseServerBytesPerLease: (server?.peakRss ?? Number.NaN) / leasesHeld,
    extensionHostBytesPerLease: extAdded / leasesHeld,
    renewalsInWindow: renewals,
    namespaceShownMs: ll.namespaceShownMs,
    leaseRowsShown: ll.leaseRowsShown,
    expansionsMs: ll.expansionsMs,
    longestExpansionMs: ll.expansionsMs.length > 0 ? Math.max(...ll.expansionsMs) : null,
    kubectl,
    baseline: base,
    leaseLens: ll,
    targets: [],
    config: { ...o, log: undefined } as Omit<EditorBenchOptions, 'log'>,
    host,
  };
  r.targets = targetsOf(r);
  return r;
}

function targetsOf(r: EditorBenchResult): EditorTarget[] {
  const t = (name: string, value: number | null, limit: string, pass: (v: number) => boolean): EditorTarget => ({
    name,
    value,
    limit,
    pass: value === null || !Number.isFinite(value) ? null : pass(value),
  });
  const k = r.kubectlCpuPercent;
  if (r.config.fleet > 0) {
    // Issue 18 §4: 10 contexts of 2,000 Leases, all expanded once.
    return [
      t('leaseServerRssMb', r.leaseServerRssMb, '≤ 250 MB', (v) => v <= 250),
      t('extensionHostAddedMb', r.extensionHostAddedMb, '≤ 80 MB added', (v) => v <= 80),
      t('longestExpansionMs', r.longestExpansionMs, '≤ 1000 ms after each expansion', (v) => v <= 1000),
      t('ipcBytesPerRenewal', r.ipcBytesPerRenewal, '≤ 120 bytes per renewal', (v) => v <= 120),
    ];
  }
  return [
    t('leaseLensCpuPercent', r.leaseLensCpuPercent, '≤ kubectl -w on the same events', (v) => k !== null && v <= k),
    t('extensionHostAddedMb', r.extensionHostAddedMb, '≤ 60 MB added', (v) => v <= 60),
    t('rendererAddedMb', r.rendererAddedMb, '≤ 40 MB added', (v) => v <= 40),
    t('leaseServerRssMb', r.leaseServerRssMb, '≤ 150 MB', (v) => v <= 150),
    t('ipcBytesPerRenewal', r.ipcBytesPerRenewal, '≤ 120 bytes per renewal', (v) => v <= 120),
    t('longTasksAdded', r.longTasksAdded, 'no long task > 50 ms added', (v) => v <= 0),
    t('paletteRatio', r.paletteRatio, 'palette ≤ 1.1 × without', (v) => v <= 1.1),
  ].map((x) => (x.name === 'leaseLensCpuPercent' && k === null ? { ...x, pass: null } : x));
}

const f = figure;

/** The figures as a text table, in bench/run.ts' style. */
export function formatEditorTable(r: EditorBenchResult): string {
  const target = (name: string): string => verdict(r.targets, name);
  const c0 = r.config;
  const b = r.baseline;
  const l = r.leaseLens;
  const rows: [string, string, string, string, string][] = [];
  const row = (metric: string, with_: string, without = '', added = '', tgt = ''): void =>
    void rows.push([metric, with_, without, added, tgt]);
  row('Lease server CPU (% of one core)', f(r.leaseServerCpuPercent), '', f(r.leaseServerCpuPercent));
  row(
    'extension host CPU (%)',
    f(l.processes.extensionHost.cpuPercent),
    f(b.processes.extensionHost.cpuPercent),
    f(r.extensionHostAddedCpuPercent),
  );
  row('workbench renderer CPU (%)', f(l.processes.renderer.cpuPercent), f(b.processes.renderer.cpuPercent), f(r.rendererAddedCpuPercent));
  row(
    '  renderer main thread: scripts / tasks (s in the window)',
    `${f(l.renderer.end.scriptSeconds - l.renderer.start.scriptSeconds, 2)} / ${f(l.renderer.end.taskSeconds - l.renderer.start.taskSeconds, 2)}`,
    `${f(b.renderer.end.scriptSeconds - b.renderer.start.scriptSeconds, 2)} / ${f(b.renderer.end.taskSeconds - b.renderer.start.taskSeconds, 2)}`,
  );
  row(
    'Lease Lens CPU in total (server + host added + renderer added), kubectl -w',
    f(r.leaseLensCpuPercent),
    '',
    `kubectl ${f(r.kubectlCpuPercent)}`,
    target('leaseLensCpuPercent'),
  );
  row(
    'extension host peak RSS (MB)',
    f(mb(l.processes.extensionHost.peakRss)),
    f(mb(b.processes.extensionHost.peakRss)),
    f(r.extensionHostAddedMb),
    target('extensionHostAddedMb'),
  );
  const ends = (x: ProcessFigures): string => `${f(mb(x.startRss))} / ${f(mb(x.endRss))}`;
  row("  RSS at the window's start / end (MB)", ends(l.processes.extensionHost), ends(b.processes.extensionHost));
  row(
    '  anonymous RSS at the end (MB)',
    f(mb(l.extensionHost.anonRssBytes)),
    f(mb(b.extensionHost.anonRssBytes)),
    f(r.extensionHostAnonAddedMb),
  );
  row(
    'workbench renderer peak RSS (MB)',
    f(mb(l.processes.renderer.peakRss)),
    f(mb(b.processes.renderer.peakRss)),
    f(r.rendererAddedMb),
    target('rendererAddedMb'),
  );
  row("  RSS at the window's start / end (MB)", ends(l.processes.renderer), ends(b.processes.renderer));
  row(
    '  JS heap used, end / after a full GC (MB)',
    `${f(mb(l.renderer.end.jsHeapUsedBytes))} / ${f(mb(l.renderer.afterGc.jsHeapUsedBytes))}`,
    `${f(mb(b.renderer.end.jsHeapUsedBytes))} / ${f(mb(b.renderer.afterGc.jsHeapUsedBytes))}`,
    f(r.rendererJsHeapAddedMb),
  );
  const parts = (x: PhaseFigures): string =>
    x.renderer.rssParts
      ? `${f(mb(x.renderer.rssParts.anon))} / ${f(mb(x.renderer.rssParts.file))} / ${f(mb(x.renderer.rssParts.shmem))}`
      : '—';
  row('  RSS at the end: anonymous / files / shared (raster tiles) (MB)', parts(l), parts(b));
  row('  DOM nodes', f(l.renderer.afterGc.domNodes, 0), f(b.renderer.afterGc.domNodes, 0));
  row('Lease server peak RSS (MB)', f(r.leaseServerRssMb), '', '', target('leaseServerRssMb'));
  row(
    `renderer peak RSS, palette opened ${l.paletteMs.length} times in ${f(l.palette.seconds, 0)} s (MB)`,
    f(mb(l.palette.rendererPeakRss)),
    f(mb(b.palette.rendererPeakRss)),
    f(r.rendererPaletteAddedMb),
  );
  row(
    '  JS heap used at its end (MB); renderer CPU (%)',
    `${f(mb(l.palette.end.jsHeapUsedBytes))}; ${f(l.palette.rendererCpuPercent)}`,
    `${f(mb(b.palette.end.jsHeapUsedBytes))}; ${f(b.palette.rendererCpuPercent)}`,
  );
  row(
    'long tasks > 50 ms in both windows (count, longest ms)',
    `${l.longTasks.count}, ${f(l.longTasks.maxMs, 0)}`,
    `${b.longTasks.count}, ${f(b.longTasks.maxMs, 0)}`,
    String(r.longTasksAdded),
    target('longTasksAdded'),
  );
  row('  of them within 1 s of a palette opening (F1)', String(l.longTasks.duringPalette), String(b.longTasks.duringPalette));
  row(
    `command palette F1 → drawn, median of ${l.paletteMs.length} (ms)`,
    f(r.paletteMedianWithMs, 0),
    f(r.paletteMedianWithoutMs, 0),
    `× ${f(r.paletteRatio, 2)}`,
    target('paletteRatio'),
  );
  row('IPC bytes per renewal (Lease server → host)', f(r.ipcBytesPerRenewal, 0), '', '', target('ipcBytesPerRenewal'));
  row('  IPC KB / messages per second', `${f(r.ipcBytesPerSec / 1024)} / ${f(r.ipcMessagesPerSec)}`);
  row('  all the Lease server wrote, KB per second (IPC and the health records file)', f(r.writtenBytesPerSec / 1024));
  row(
    'bytes per Lease held: Lease server RSS / host added RSS',
    `${f(r.leaseServerBytesPerLease, 0)} / ${f(r.extensionHostBytesPerLease, 0)}`,
  );
  if (c0.fleet > 0) {
    row(
      'expand each context → its namespace rows drawn, longest (ms)',
      `${r.expansionsMs.map((x) => f(x, 0)).join(' ')}; ${f(r.longestExpansionMs, 0)}`,
      '',
      '',
      target('longestExpansionMs'),
    );
  } else {
    row(`expand the context → namespace shown (ms); Lease rows drawn`, `${f(r.namespaceShownMs, 0)}; ${r.leaseRowsShown ?? '—'}`);
  }
  const head: [string, string, string, string, string] = ['metric', 'with Lease Lens', 'without', 'added', 'target'];
  const c = r.config;
  const scale =
    c.fleet > 0
      ? `${c.fleet} contexts × ${c.leases} leases, ${c.rate} renewals/s each, every context expanded once`
      : `${c.leases} leases, ${c.rate} renewals/s, ${c.wide} in the expanded namespace`;
  return [
    `Lease Lens in the editor: code-server ${r.host.codeServer} in Chromium, ${scale}, ${c.seconds} s windows (${c.fleet > 0 ? '' : 'kubectl, '}without, with), each workbench's window followed by ${c.paletteRuns} palette openings`,
    `host: ${r.host.cpus} × ${r.host.cpuModel}, Node ${r.host.node}, load average before ${r.host.loadavgBefore.map((x) => x.toFixed(2)).join(' ')}, after ${r.host.loadavgAfter.map((x) => x.toFixed(2)).join(' ')}`,
    `kubectl: ${r.host.kubectl ?? 'not run'}`,
    `pids: with Lease Lens: extension host ${l.pids.extensionHost}, Lease server ${l.pids.leaseServer ?? '—'}, renderer ${l.pids.renderer} (of ${l.pids.renderers.length}); without: extension host ${b.pids.extensionHost}, renderer ${b.pids.renderer} (of ${b.pids.renderers.length})`,
    '',
    ...table(head, rows),
    '',
    `IPC measured from ${r.ipcSource}.`,
    targetsLine(r.targets),
  ].join('\n');
}

function cli(): Partial<EditorBenchOptions> & { out: string } {
  const { values } = parseArgs({
    options: {
      leases: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      wide: { type: 'string' },
      palette: { type: 'string' },
      settle: { type: 'string' },
      seed: { type: 'string' },
      trace: { type: 'string' },
      profile: { type: 'string' },
      fleet: { type: 'boolean', default: false },
      http: { type: 'boolean', default: false },
      'no-kubectl': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const base = { ...defaultEditorOptions, ...(values.fleet ? fleetEditorOptions : {}), ...(values.quick ? quickEditorOptions : {}) };
  const num = (v: string | undefined, fallback: number): number => numberOption(v, fallback, true);
  return {
    ...base,
    leases: Math.round(num(values.leases, base.leases)),
    rate: num(values.rate, base.rate),
    seconds: num(values.seconds, base.seconds),
    wide: Math.round(num(values.wide, base.wide)),
    paletteRuns: Math.round(num(values.palette, base.paletteRuns)),
    settleSeconds: num(values.settle, base.settleSeconds),
    seed: Math.round(num(values.seed, base.seed)),
    traceSeconds: num(values.trace, base.traceSeconds),
    profileSeconds: num(values.profile, base.profileSeconds),
    tls: !values.http,
    kubectl: !values['no-kubectl'],
    out: resolve(values.out ?? join(REPO_ROOT, 'test-results', 'bench-editor.json')),
  };
}

async function main(): Promise<void> {
  const { out, ...opts } = cli();
  const result = await runEditorBench({ ...opts, log: (line) => console.error(`[bench:editor] ${line}`) });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(formatEditorTable(result));
  console.log(`\nwritten: ${out}`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  });
}

/**
 * The editor benchmark at the end of `npm run bench` (bench/run.ts; `--no-editor` skips it), on the
 * same scale as the Lease server's: writes test-results/bench-editor.json and prints its table.
 */
export async function runEditorAfterBench(o: {
  leases: number;
  rate: number;
  seconds: number;
  tls: boolean;
  kubectl: boolean;
  seed: number;
}): Promise<void> {
  const out = join(REPO_ROOT, 'test-results', 'bench-editor.json');
  const wide = Math.min(defaultEditorOptions.wide, Math.round(o.leases * 0.037));
  const result = await runEditorBench({ ...o, wide, log: (line) => console.error(`[bench:editor] ${line}`) });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${formatEditorTable(result)}\n\nwritten: ${out}`);
  // The many-clusters user in the editor (issue 18 §4), on the fleet benchmark's scale.
  const fleetOut = join(REPO_ROOT, 'test-results', 'bench-editor-fleet.json');
  const fleet = await runEditorBench({
    ...fleetEditorOptions,
    seconds: o.seconds,
    tls: o.tls,
    seed: o.seed,
    log: (line) => console.error(`[bench:editor --fleet] ${line}`),
  });
  writeFileSync(fleetOut, `${JSON.stringify(fleet, null, 2)}\n`);
  console.log(`\n${formatEditorTable(fleet)}\n\nwritten: ${fleetOut}`);
}
