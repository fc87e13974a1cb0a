// Lease Lens at cluster scale, against kubectl as the reference. Run after a build:
//   node scripts/build.mjs && npx tsx bench/run.ts [--leases 10000] [--rate 1000] [--seconds 60]
// Options: --follow-seconds S (default: --seconds), --log-rate L (2000), --http (default HTTPS),
// --no-kubectl, --no-fleet (skip bench/fleet.ts at the end), --profile (CPU profile of the Lease server), --profile-apiserver, --configmaps N (5000; 0: no
// lock-discovery window), --out FILE
// (default test-results/bench.json), --seed N. What is measured and how: README.md here.
import { waitFor } from '../harness/waiting';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ExitNotification, ShutdownRequest } from 'vscode-languageserver-protocol/node';
import { Diagnostics, Leases } from '../src/shared/protocol';
import { leaseKey } from '../src/shared/types';
import { startLeaseServer, type LeaseServerProcess } from '../harness/leaseServerProcess';
import { startApiServerProcess, type ApiServerProcess } from './apiServerProcess';
import { ClientMeter, type WindowFigures } from './clientMeter';
import { runConfigMapPhase, type ConfigMapFigures } from './configMapPhase';
import {
  hasKubectl,
  kubectlCacheDir,
  prepareKubectl,
  kubectlDescription,
  kubectlList,
  kubectlListOutput,
  kubectlWatching,
  type KubectlWatch,
} from './kubectl';
import { Sampler, cpuSeconds, memory, type ProcessFigures } from './proc';
import { mb, median, percentile, round } from './stats';
import { figure, numberOption, targetsLine, verdict, table } from './report';
import { followTarget, leaseDigest } from './workload';
import { REPO_ROOT } from '../harness/repoRoot';
import { runFleetAfterBench } from './fleet';
import { runEditorAfterBench } from './editor/run';

const root = REPO_ROOT;
const context = 'bench';

export interface BenchOptions {
  leases: number;
  /** Lease renewals per second during the churn. */
  rate: number;
  /** Length of the churn window (s). */
  seconds: number;
  /** Length of the follow window (s). */
  followSeconds: number;
  /** Log lines per second, in total over the followed Lease's three pods. */
  logRate: number;
  tls: boolean;
  kubectl: boolean;
  /** Write the Lease server's CPU profile (node --cpu-prof) into this folder. */
  profileDir?: string;
  /** Write the API server process's CPU profile into this folder. */
  apiServerProfileDir?: string;
  seed: number;
  /** Writer tick (ms): every tick writes what is due, e.g. 10 leases at 1,000/s. */
  tickMs: number;
  /** Holder changes every Lease goes through before the churn, for the leadership records (0: none): its record then has this many terms plus the first. */
  terms: number;
  /** Holder changes written per second in that phase. */
  termRate: number;
  /** ConfigMaps written after the churn for the lock-discovery window (0: no such window). */
  configMaps: number;
  /** Data bytes per ConfigMap. */
  configMapBytes: number;
  /** How many of them carry the leader annotation (old ConfigMap locks). */
  configMapLocks: number;
  log?: (line: string) => void;
}

export const defaultOptions: BenchOptions = {
  leases: 10_000,
  rate: 1000,
  seconds: 60,
  followSeconds: 60,
  logRate: 2000,
  tls: true,
  kubectl: true,
  seed: 1,
  tickMs: 10,
  // 10 terms per Lease: the first, and 9 holder changes.
  terms: 9,
  termRate: 5000,
  configMaps: 5000,
  configMapBytes: 50 * 1024,
  configMapLocks: 36,
};

export interface Target {
  name: string;
  value: number | null;
  limit: string;
  pass: boolean | null;
}

export interface BenchResult {
  // The keys the issue asks for.
  firstSnapshotMs: number;
  kubectlFirstListMs: number | null;
  churnCpuPercent: number;
  peakRssMb: number;
  deltaLatencyP50Ms: number;
  deltaLatencyP99Ms: number;
  clientMessagesPerSec: number;
  followCpuPercent: number;
  followPeakRssMb: number;
  cpuPer1kEventsRatioVsKubectl: number | null;
  // More figures.
  firstSnapshotRatioVsKubectl: number | null;
  /** CPU the Lease server spent from spawn to the first complete snapshot (ms). */
  firstSnapshotCpuMs: number;
  /** CPU kubectl spent on its first list (median of the timed runs, ms). */
  kubectlFirstListCpuMs: number | null;
  kubectlWatchCpuPercent: number | null;
  churnCpuSecondsPer1kEvents: number;
  kubectlCpuSecondsPer1kEvents: number | null;
  churnEventsPerSec: number;
  churnMaxIntervalCpuPercent: number;
  vmHwmMb: number;
  rssAfterFirstSnapshotMb: number;
  deltaLatencyMaxMs: number;
  deltaServerLatencyP50Ms: number;
  deltaServerLatencyP99Ms: number;
  clientContextMessagesPerSec: number;
  clientBytesPerSec: number;
  largestClientMessageBytes: number;
  /** Bytes of Leases.changed messages in the churn window ÷ renewals written in it (issue 18 §3). */
  ipcBytesPerRenewal: number;
  /** Bytes of the first snapshot (the Leases.snapshot answer and the batches until all Leases were held) ÷ Leases. */
  ipcBytesPerLeaseHeld: number;
  /** What the Lease server says it wrote to the client (ServerStats.ipc) at the end, if it says. */
  serverIpc: { bytesSent: number; messagesSent: number; renewalsSent: number; upsertsSent: number } | null;
  followAddedCpuPercent: number;
  followClientMessagesPerSec: number;
  followClientBytesPerSec: number;
  followLogLinesPerSec: number;
  logLatencyP50Ms: number;
  logLatencyP99Ms: number;
  apiServerChurnCpuPercent: number;
  apiServerFollowCpuPercent: number;
  clientCpuPercent: number;
  /** The leadership records after every Lease went through `terms` holder changes (Diagnostics.stats' `health`). */
  health: {
    leases: number;
    terms: number;
    bytes: number;
    events: number;
    persistedBytes: number;
    /** Record bytes per recorded Lease (null: the server keeps no records). */
    bytesPerLease: number | null;
    termsPerLease: number | null;
    /** Holder changes written, and how long it took (ms). */
    changes: number;
    changesMs: number;
    /** Live heap (after a full GC) and RSS before the holder changes and after them (MB). */
    liveHeapBeforeMb: number;
    liveHeapAfterMb: number;
    rssBeforeMb: number;
    rssAfterMb: number;
    /** Live heap growth per Lease over the holder changes (bytes). */
    heapGrowthPerLease: number;
    /** The client holds what the API server holds after them. */
    mirrorMatches: boolean;
  };
  /** The churn window with `configMaps` large ConfigMaps against the first one (null: not run). */
  configMapLocks: ConfigMapFigures | null;
  /** Heap used at the end, before and after a full GC, and RSS after it. */
  serverHeapUsedMb: number;
  serverLiveHeapMb: number;
  serverRssAfterGcMb: number;
  kubectlListRuns: { ms: number; cpuMs: number }[];
  firstSnapshot: { initializedMs: number; watchAnsweredMs: number; syncedMs: number; completeMs: number };
  counts: {
    leasesSeeded: number;
    leasesReceived: number;
    /** The client's Leases equal the API server's (renewTimes included) after the churn, and after following. */
    mirrorMatchesAfterChurn: boolean;
    mirrorMatchesAfterFollow: boolean;
    churnWrites: number;
    /** Deltas that carried a renewal written in the phase (fewer than writes only if a lease was renewed twice within one batch). */
    churnDeltasReceived: number;
    followWrites: number;
    followDeltasReceived: number;
    logLinesWritten: number;
    logLinesReceived: number;
    logPods: number;
    kubectlListedLeases: number | null;
  };
  windows: { churn: WindowFigures; follow: WindowFigures };
  processes: { churn: Record<string, ProcessFigures>; follow: Record<string, ProcessFigures> };
  targets: Target[];
  config: BenchOptions & { log?: undefined };
  host: { cpus: number; cpuModel: string; node: string; loadavgBefore: number[]; loadavgAfter: number[]; kubectl: string | null };
  serverWarnings: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the client holds exactly the API server's Leases (same renewTimes). */
async function mirrorMatches(api: ApiServerProcess, server: LeaseServerProcess, timeoutMs: number): Promise<boolean> {
  const client = (): string =>
    leaseDigest(
      // Elections held in a Lease (ConfigMap locks of the lock-discovery phase are not in the digest).
      [...server.leases.values()]
        .filter((l) => !l.lock)
        .map((l) => ({ namespace: l.namespace, name: l.name, renewTime: l.spec.renewTime })),
    ).digest;
  try {
    await waitFor(
      'the client to hold what the API server holds',
      async () => (await api.call('digest', null)).digest === client(),
      timeoutMs,
      { everyMs: 50 },
    );
    return true;
  } catch {
    return false;
  }
}

export async function runBench(options: Partial<BenchOptions> = {}): Promise<BenchResult> {
  const opts: BenchOptions = { ...defaultOptions, ...options };
  const log = opts.log ?? (() => undefined);
  if (opts.kubectl) {
    await prepareKubectl();
  }
  const useKubectl = opts.kubectl && hasKubectl();
  const work = mkdtempSync(join(tmpdir(), 'lease-lens-bench-'));
  const loadavgBefore = loadavg();
  let api: ApiServerProcess | undefined;
  let server: LeaseServerProcess | undefined;
  let watcher: KubectlWatch | undefined;
  try {
    // 1. The API server process, seeded.
    const apiArgv = opts.apiServerProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.apiServerProfileDir}`] : [];
    api = await startApiServerProcess({ tls: opts.tls, execArgv: apiArgv });
    const seeded = await api.call('seed', { leases: opts.leases, seed: opts.seed });
    log(`API server ${api.url} (pid ${api.pid}): ${seeded.leases} leases and ${seeded.pods} pods seeded in ${round(seeded.ms, 0)} ms`);
    const kubeconfig = join(work, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, api.kubeconfig);

    // 2. kubectl's first list: one warm-up run that also checks what kubectl sees, then 3 timed.
    const kubectlRuns: { ms: number; cpuMs: number }[] = [];
    let kubectlListed: number | null = null;
    const cacheDir = kubectlCacheDir(work);
    if (useKubectl) {
      const warm = await kubectlListOutput(kubeconfig, cacheDir);
      kubectlListed = (JSON.parse(warm) as { items: unknown[] }).items.length;
      for (let i = 0; i < 3; i++) {
        kubectlRuns.push(await kubectlList(kubeconfig, cacheDir));
      }
      log(
        `kubectl get leases -A -o json: ${kubectlListed} leases; ${kubectlRuns.map((r) => `${round(r.ms, 0)} ms (CPU ${round(r.cpuMs, 0)} ms)`).join(', ')}`,
      );
    }

    // 3. The Lease server: from spawn to the first complete snapshot.
    const meter = new ClientMeter(context, opts.leases);
    // --expose-gc only lets Diagnostics.stats collect garbage at the end (the live heap figure).
    const serverArgv = ['--expose-gc', ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [])];
    const spawnedAt = performance.now();
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig }, execArgv: serverArgv });
    const initializedAt = performance.now();
    server.child.on('message', (message: unknown) => meter.onMessage(message));
    const s = server;
    // As the extension does: Contexts.watch, then Leases.snapshot; then the batches.
    await s.watch([context]);
    const watchAnsweredAt = performance.now();
    await s.waitFor('the first complete snapshot', () => meter.completeAt !== undefined, 120_000);
    await s.waitFor('the client mirror', () => s.leases.size >= opts.leases, 10_000);
    const serverPid = s.child.pid ?? 0;
    const firstSnapshotCpuMs = (cpuSeconds(serverPid) ?? Number.NaN) * 1000;
    const completeAt = meter.completeAt ?? performance.now();
    const firstSnapshotMs = completeAt - spawnedAt;
    const rssAfterFirstSnapshot = memory(serverPid)?.rss ?? 0;
    log(`first snapshot: ${meter.keys.size} leases ${round(firstSnapshotMs, 0)} ms after spawn`);

    // 4a. Leadership records: every Lease goes through `terms` holder changes, before the churn,
    // so that the churn and the following below run with full records.
    const beforeTerms = await s.conn.sendRequest(Diagnostics.stats, { collectGarbage: true });
    const changes = await api.call(
      'changeHolders',
      { rounds: opts.terms, rate: opts.termRate, tickMs: opts.tickMs, seed: opts.seed },
      600_000,
    );
    const termsMirror = await mirrorMatches(api, s, 60_000);
    if (!termsMirror) {
      log('warning: after the holder changes the client does not hold what the API server holds');
    }
    const afterTerms = await s.conn.sendRequest(Diagnostics.stats, { collectGarbage: true });
    const h = afterTerms.health;
    const health: BenchResult['health'] = {
      ...h,
      bytesPerLease: h.leases > 0 ? h.bytes / h.leases : null,
      termsPerLease: h.leases > 0 ? h.terms / h.leases : null,
      changes: changes.writes,
      changesMs: changes.ms,
      liveHeapBeforeMb: mb(beforeTerms.heapUsedBytes),
      liveHeapAfterMb: mb(afterTerms.heapUsedBytes),
      rssBeforeMb: mb(beforeTerms.rssBytes),
      rssAfterMb: mb(afterTerms.rssBytes),
      heapGrowthPerLease: (afterTerms.heapUsedBytes - beforeTerms.heapUsedBytes) / opts.leases,
      mirrorMatches: termsMirror,
    };
    log(
      `holder changes: ${changes.writes} in ${round(changes.ms / 1000, 1)} s; records of ${h.leases} leases, ${h.terms} terms, ${h.bytes} bytes`,
    );

    // 4. The churn: renewals at `rate`, the Lease server and kubectl -w watching.
    if (useKubectl) {
      const a = api;
      watcher = await kubectlWatching(kubeconfig, cacheDir, async () => (await a.call('watchers', null)).leaseWatchRequests, 60_000);
      await sleep(500);
    }
    const churnFrom = Date.now();
    meter.resetDeltas(churnFrom);
    await api.call('startChurn', { rate: opts.rate, tickMs: opts.tickMs });
    await sleep(1000); // settle: the first batches of the churn
    const sampler = new Sampler({
      server: { pid: serverPid },
      apiServer: { pid: api.pid },
      client: { pid: process.pid },
      ...(watcher ? { kubectl: { pid: watcher.pid, tree: true } } : {}),
    });
    const deltasBefore = meter.deltas;
    const writesAtStart = Date.now();
    meter.openWindow();
    sampler.start();
    await sleep(opts.seconds * 1000);
    const churnProcs = sampler.stop();
    const churnWindow = meter.closeWindow();
    const writesAtEnd = Date.now();
    const churn = await api.call('stopChurn', null);
    const deltasInWindow = meter.deltas - deltasBefore;
    const churnMirror = await mirrorMatches(api, s, 30_000);
    if (!churnMirror) {
      log('warning: after the churn the client does not hold what the API server holds');
    }
    if (watcher) {
      if (watcher.child.exitCode !== null) {
        log(`warning: kubectl -w exited early: ${watcher.stderr()}`);
      }
      await watcher.stop();
      watcher = undefined;
    }
    const churnDeltas = meter.deltas;
    const churnLatencies = meter.latencies;
    const churnServerLatencies = meter.serverLatencies;
    // Events in the window: the renewals written while the sampler ran (the writer is paced).
    const eventsInWindow = Math.round((opts.rate * (writesAtEnd - writesAtStart)) / 1000);
    log(`churn: ${churn.writes} renewals in ${round(churn.ms / 1000, 1)} s; ${deltasInWindow} deltas in the window`);

    // 4b. Lock discovery: the same churn again with many large ConfigMaps in the cluster.
    let configMapLocks: ConfigMapFigures | null = null;
    if (opts.configMaps > 0) {
      configMapLocks = await runConfigMapPhase(
        {
          api,
          server: s,
          count: opts.configMaps,
          bytes: opts.configMapBytes,
          locks: opts.configMapLocks,
          seed: opts.seed,
          rate: opts.rate,
          tickMs: opts.tickMs,
          seconds: opts.seconds,
          kubectl: useKubectl ? { kubeconfig, cacheDir } : undefined,
          mirror: () => mirrorMatches(api as ApiServerProcess, s, 30_000),
          log,
        },
        { cpuPercent: churnProcs.server.cpuPercent, peakRss: churnProcs.server.peakRss },
      );
      log(
        `with ConfigMaps: churn CPU ${round(configMapLocks.churnCpuPercent)} % (without ${round(configMapLocks.withoutCpuPercent)} %), peak RSS ${round(configMapLocks.peakRssMb)} MB (without ${round(configMapLocks.withoutPeakRssMb)} MB)`,
      );
    }

    // 5. Following one Lease whose three pods log `logRate` lines a second, with the churn going on.
    const key = leaseKey(context, followTarget.namespace, followTarget.lease);
    const followFrom = Date.now();
    meter.resetDeltas(followFrom);
    meter.resetLogs(followFrom);
    await api.call('startChurn', { rate: opts.rate, tickMs: opts.tickMs });
    await s.follow(key);
    await api.call('startLogs', { rate: opts.logRate, tickMs: opts.tickMs });
    await s.waitFor('log lines from all three pods', () => meter.logPods.size >= 3, 30_000);
    await sleep(1000);
    const followSampler = new Sampler({ server: { pid: serverPid }, apiServer: { pid: api.pid }, client: { pid: process.pid } });
    meter.openWindow();
    followSampler.start();
    await sleep(opts.followSeconds * 1000);
    const followProcs = followSampler.stop();
    const followWindow = meter.closeWindow();
    const logs = await api.call('stopLogs', null);
    const followChurn = await api.call('stopChurn', null);
    const followMirror = await mirrorMatches(api, s, 30_000);
    if (!followMirror) {
      log('warning: after following the client does not hold what the API server holds');
    }
    await s
      .waitFor('every log line to reach the client', () => meter.logLines >= logs.lines, 30_000)
      .catch((err: Error) => log(`warning: ${err.message}`));
    const stats = await s.conn.sendRequest(Diagnostics.stats, null);
    const settled = await s.conn.sendRequest(Diagnostics.stats, { collectGarbage: true });
    log(`follow: ${logs.lines} log lines, ${followChurn.writes} renewals; server heap ${round(mb(stats.heapUsedBytes))} MB`);

    // 6. Figures.
    const serverChurn = churnProcs.server;
    const kubectlChurn = churnProcs.kubectl as ProcessFigures | undefined;
    const perK = (cpuSeconds: number): number => cpuSeconds / (eventsInWindow / 1000);
    const kubectlFirstListMs = kubectlRuns.length ? median(kubectlRuns.map((r) => r.ms)) : null;
    const kubectlFirstListCpuMs = kubectlRuns.length ? median(kubectlRuns.map((r) => r.cpuMs)) : null;
    const cpuPer1k = perK(serverChurn.cpuSeconds);
    const kubectlPer1k = kubectlChurn ? perK(kubectlChurn.cpuSeconds) : null;
    const result: BenchResult = {
      firstSnapshotMs,
      kubectlFirstListMs,
      churnCpuPercent: serverChurn.cpuPercent,
      peakRssMb: mb(serverChurn.peakRss),
      deltaLatencyP50Ms: percentile(churnLatencies, 50),
      deltaLatencyP99Ms: percentile(churnLatencies, 99),
      clientMessagesPerSec: churnWindow.messages / churnWindow.seconds,
      followCpuPercent: followProcs.server.cpuPercent,
      followPeakRssMb: mb(followProcs.server.peakRss),
      cpuPer1kEventsRatioVsKubectl: kubectlPer1k ? cpuPer1k / kubectlPer1k : null,
      firstSnapshotRatioVsKubectl: kubectlFirstListMs ? firstSnapshotMs / kubectlFirstListMs : null,
      firstSnapshotCpuMs,
      kubectlFirstListCpuMs,
      kubectlWatchCpuPercent: kubectlChurn ? kubectlChurn.cpuPercent : null,
      churnCpuSecondsPer1kEvents: cpuPer1k,
      kubectlCpuSecondsPer1kEvents: kubectlPer1k,
      churnEventsPerSec: eventsInWindow / churnWindow.seconds,
      churnMaxIntervalCpuPercent: serverChurn.maxIntervalCpuPercent,
      vmHwmMb: mb(Math.max(serverChurn.hwm, followProcs.server.hwm)),
      rssAfterFirstSnapshotMb: mb(rssAfterFirstSnapshot),
      deltaLatencyMaxMs: percentile(churnLatencies, 100),
      deltaServerLatencyP50Ms: percentile(churnServerLatencies, 50),
      deltaServerLatencyP99Ms: percentile(churnServerLatencies, 99),
      clientContextMessagesPerSec: churnWindow.contextMessages / churnWindow.seconds,
      clientBytesPerSec: churnWindow.bytes / churnWindow.seconds,
      largestClientMessageBytes: meter.largestMessageBytes,
      ipcBytesPerRenewal: (churnWindow.byMethod[Leases.changed.method]?.bytes ?? 0) / eventsInWindow,
      ipcBytesPerLeaseHeld: meter.firstSnapshotBytes / opts.leases,
      serverIpc: settled.ipc ?? null,
      followAddedCpuPercent: followProcs.server.cpuPercent - serverChurn.cpuPercent,
      followClientMessagesPerSec: followWindow.messages / followWindow.seconds,
      followClientBytesPerSec: followWindow.bytes / followWindow.seconds,
      followLogLinesPerSec: followWindow.logLines / followWindow.seconds,
      logLatencyP50Ms: percentile(meter.logLatencies, 50),
      logLatencyP99Ms: percentile(meter.logLatencies, 99),
      apiServerChurnCpuPercent: churnProcs.apiServer.cpuPercent,
      apiServerFollowCpuPercent: followProcs.apiServer.cpuPercent,
      clientCpuPercent: churnProcs.client.cpuPercent,
      health,
      configMapLocks,
      serverHeapUsedMb: mb(stats.heapUsedBytes),
      serverLiveHeapMb: mb(settled.heapUsedBytes),
      serverRssAfterGcMb: mb(settled.rssBytes),
      kubectlListRuns: kubectlRuns,
      firstSnapshot: {
        initializedMs: initializedAt - spawnedAt,
        watchAnsweredMs: watchAnsweredAt - spawnedAt,
        syncedMs: (meter.syncedAt ?? Number.NaN) - spawnedAt,
        completeMs: firstSnapshotMs,
      },
      counts: {
        leasesSeeded: seeded.leases,
        leasesReceived: [...s.leases.values()].filter((l) => !l.lock).length,
        mirrorMatchesAfterChurn: churnMirror,
        mirrorMatchesAfterFollow: followMirror,
        churnWrites: churn.writes,
        churnDeltasReceived: churnDeltas,
        followWrites: followChurn.writes,
        followDeltasReceived: meter.deltas,
        logLinesWritten: logs.lines,
        logLinesReceived: meter.logLines,
        logPods: meter.logPods.size,
        kubectlListedLeases: kubectlListed,
      },
      windows: { churn: churnWindow, follow: followWindow },
      processes: { churn: churnProcs, follow: followProcs },
      targets: [],
      config: { ...opts, log: undefined },
      host: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? '',
        node: process.version,
        loadavgBefore,
        loadavgAfter: loadavg(),
        kubectl: useKubectl ? kubectlDescription() : null,
      },
      serverWarnings: meter.warnings.slice(0, 50),
    };
    result.targets = targetsOf(result);
    return result;
  } finally {
    await watcher?.stop();
    if (server) {
      await closeServer(server);
    }
    await api?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Shuts the Lease server down as the client does (shutdown, exit) and waits for it to exit by
 * itself, so that `--cpu-prof` gets to write its profile; kills it only if it does not.
 */
async function closeServer(server: LeaseServerProcess): Promise<void> {
  const child = server.child;
  const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
  try {
    await Promise.race([server.conn.sendRequest(ShutdownRequest.type), sleep(5000)]);
    await server.conn.sendNotification(ExitNotification.type);
  } catch {
    // already gone
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
  server.conn.dispose();
}

function targetsOf(r: BenchResult): Target[] {
  const t = (name: string, value: number | null, limit: string, pass: (v: number) => boolean): Target => ({
    name,
    value,
    limit,
    pass: value === null || !Number.isFinite(value) ? null : pass(value),
  });
  return [
    t('firstSnapshotMs', r.firstSnapshotMs, '≤ 1000 ms', (v) => v <= 1000),
    t('firstSnapshotRatioVsKubectl', r.firstSnapshotRatioVsKubectl, '≤ 1 (no slower than kubectl)', (v) => v <= 1),
    t('churnCpuPercent', r.churnCpuPercent, '≤ 25 % of one core', (v) => v <= 25),
    t('peakRssMb', r.peakRssMb, '≤ 150 MB', (v) => v <= 150),
    t('deltaLatencyP99Ms', r.deltaLatencyP99Ms, '≤ 400 ms', (v) => v <= 400),
    t('clientMessagesPerSec', r.clientMessagesPerSec, '≤ 4 per second per context', (v) => v <= 4),
    t('ipcBytesPerRenewal', r.ipcBytesPerRenewal, '≤ 120 bytes per renewal', (v) => v <= 120),
    t('followAddedCpuPercent', r.followAddedCpuPercent, '≤ 15 % of one core added by following', (v) => v <= 15),
    t('healthBytesPerLease', r.health.bytesPerLease, `health record ≤ 2 KB per Lease with ${r.config.terms + 1} terms`, (v) => v <= 2048),
    ...(r.configMapLocks
      ? [
          t(
            'configMapChurnCpuPercent',
            r.configMapLocks.churnCpuPercent,
            '≤ 10 % above without',
            (v) => v <= 1.1 * (r.configMapLocks?.withoutCpuPercent ?? 0),
          ),
          t(
            'configMapPeakRssMb',
            r.configMapLocks.peakRssMb,
            '≤ 10 % above without',
            (v) => v <= 1.1 * (r.configMapLocks?.withoutPeakRssMb ?? 0),
          ),
        ]
      : []),
  ];
}

const f = figure;

/** The figures as a text table. */
export function formatTable(r: BenchResult): string {
  const rows: [string, string, string, string, string][] = [];
  const target = (name: string): string => verdict(r.targets, name);
  const row = (metric: string, ll: string, kc = '', ratio = '', tgt = ''): void => void rows.push([metric, ll, kc, ratio, tgt]);
  const cfg = r.config;
  row(
    'first complete snapshot (ms, spawn → all leases held)',
    f(r.firstSnapshotMs, 0),
    f(r.kubectlFirstListMs, 0),
    f(r.firstSnapshotRatioVsKubectl, 2),
    `${target('firstSnapshotMs')}; ratio ${target('firstSnapshotRatioVsKubectl')}`,
  );
  row(
    '  initialized / watch+snapshot answered / synced (ms)',
    `${f(r.firstSnapshot.initializedMs, 0)} / ${f(r.firstSnapshot.watchAnsweredMs, 0)} / ${f(r.firstSnapshot.syncedMs, 0)}`,
  );
  row(
    '  CPU spent on it (ms)',
    f(r.firstSnapshotCpuMs, 0),
    f(r.kubectlFirstListCpuMs, 0),
    r.kubectlFirstListCpuMs ? f(r.firstSnapshotCpuMs / r.kubectlFirstListCpuMs, 2) : '',
  );
  row('RSS after the first snapshot (MB)', f(r.rssAfterFirstSnapshotMb));
  row(
    `churn CPU (% of one core, ${cfg.rate}/s renewals)`,
    f(r.churnCpuPercent),
    f(r.kubectlWatchCpuPercent),
    '',
    target('churnCpuPercent'),
  );
  row(
    '  CPU seconds per 1,000 watch events',
    f(r.churnCpuSecondsPer1kEvents, 3),
    f(r.kubectlCpuSecondsPer1kEvents, 3),
    f(r.cpuPer1kEventsRatioVsKubectl, 2),
  );
  row('  highest CPU over 500 ms (%)', f(r.churnMaxIntervalCpuPercent));
  row('peak RSS during the churn (MB)', f(r.peakRssMb), '', '', target('peakRssMb'));
  row('  VmHWM, peak since start (MB)', f(r.vmHwmMb));
  row(
    'delta latency p50 / p99 / max (ms, write → client)',
    `${f(r.deltaLatencyP50Ms, 0)} / ${f(r.deltaLatencyP99Ms, 0)} / ${f(r.deltaLatencyMaxMs, 0)}`,
    '',
    '',
    target('deltaLatencyP99Ms'),
  );
  row('  of which write → batch sent p50 / p99 (ms)', `${f(r.deltaServerLatencyP50Ms, 0)} / ${f(r.deltaServerLatencyP99Ms, 0)}`);
  row(
    'client messages per second (all / this context)',
    `${f(r.clientMessagesPerSec, 2)} / ${f(r.clientContextMessagesPerSec, 2)}`,
    '',
    '',
    target('clientMessagesPerSec'),
  );
  row('client KB per second', f(r.clientBytesPerSec / 1024));
  row(
    'IPC bytes per renewal (Leases.changed in the churn window ÷ renewals written)',
    f(r.ipcBytesPerRenewal, 0),
    '',
    '',
    target('ipcBytesPerRenewal'),
  );
  row('IPC bytes per Lease held (first snapshot ÷ Leases)', f(r.ipcBytesPerLeaseHeld, 0));
  if (r.serverIpc) {
    const q = r.serverIpc;
    row(
      '  server: KB / messages / renewals / upserts sent in all',
      `${f(q.bytesSent / 1024, 0)} / ${q.messagesSent} / ${q.renewalsSent} / ${q.upsertsSent}`,
    );
  }
  row(`following (+${cfg.logRate} log lines/s): CPU %`, f(r.followCpuPercent), '', '', '');
  row('  CPU added by following (% of one core)', f(r.followAddedCpuPercent), '', '', target('followAddedCpuPercent'));
  row('  peak RSS (MB)', f(r.followPeakRssMb));
  row('  client messages / KB per second', `${f(r.followClientMessagesPerSec, 2)} / ${f(r.followClientBytesPerSec / 1024)}`);
  row('  log latency p50 / p99 (ms, write → client)', `${f(r.logLatencyP50Ms, 0)} / ${f(r.logLatencyP99Ms, 0)}`);
  row(
    'heap used at the end / after a full GC / RSS then (MB)',
    `${f(r.serverHeapUsedMb)} / ${f(r.serverLiveHeapMb)} / ${f(r.serverRssAfterGcMb)}`,
  );
  const hr = r.health;
  row(
    `health record bytes per Lease (${hr.changes} holder changes, ${f(hr.termsPerLease)} terms per Lease)`,
    f(hr.bytesPerLease, 0),
    '',
    '',
    target('healthBytesPerLease'),
  );
  row(
    '  records: Leases / terms / KB / Events / persisted KB',
    `${hr.leases} / ${hr.terms} / ${f(hr.bytes / 1024)} / ${hr.events} / ${f(hr.persistedBytes / 1024)}`,
  );
  row(
    '  live heap / RSS before → after the holder changes (MB)',
    `${f(hr.liveHeapBeforeMb)} → ${f(hr.liveHeapAfterMb)} / ${f(hr.rssBeforeMb)} → ${f(hr.rssAfterMb)}`,
  );
  row('  live heap growth per Lease (bytes)', f(hr.heapGrowthPerLease, 0));
  const cm = r.configMapLocks;
  if (cm) {
    row(
      `with ${cm.configMaps} ConfigMaps of ${f(cm.bytesEach / 1024, 0)} KB (${cm.locks} locks): churn CPU % (without)`,
      `${f(cm.churnCpuPercent)} (${f(cm.withoutCpuPercent)})`,
      '',
      f(cm.cpuRatio, 2),
      target('configMapChurnCpuPercent'),
    );
    row('  peak RSS (MB) (without)', `${f(cm.peakRssMb)} (${f(cm.withoutPeakRssMb)})`, '', f(cm.rssRatio, 2), target('configMapPeakRssMb'));
    const q = cm.requests;
    row(
      '  ConfigMap lists / watches / metadata-only / with data; Endpoints; locks',
      `${q.lists} / ${q.watches} / ${q.metadataOnly} / ${q.withData}; ${q.endpoints}; ${cm.locksReceived}`,
    );
  }
  row('API server process CPU % (churn / follow)', `${f(r.apiServerChurnCpuPercent)} / ${f(r.apiServerFollowCpuPercent)}`);
  row('measuring client CPU % (churn)', f(r.clientCpuPercent));
  const head: [string, string, string, string, string] = ['metric', 'Lease Lens', 'kubectl', 'LL/kubectl', 'target'];
  const c = r.counts;
  return [
    `Lease Lens benchmark: ${cfg.leases} leases, ${cfg.rate} renewals/s for ${cfg.seconds} s, follow ${cfg.followSeconds} s with ${cfg.logRate} lines/s, ${cfg.tls ? 'HTTPS' : 'HTTP'} on loopback`,
    `host: ${r.host.cpus} × ${r.host.cpuModel}, Node ${r.host.node}, load average before ${r.host.loadavgBefore.map((x) => x.toFixed(2)).join(' ')}, after ${r.host.loadavgAfter.map((x) => x.toFixed(2)).join(' ')}`,
    `kubectl: ${r.host.kubectl ?? 'not run'}`,
    '',
    ...table(head, rows),
    '',
    `counts: ${c.leasesReceived}/${c.leasesSeeded} leases received; after ${r.health.changes} holder changes the client state equals the API server's: ${r.health.mirrorMatches ? 'yes' : 'NO'}; client state equals the API server's after the churn: ${c.mirrorMatchesAfterChurn ? 'yes' : 'NO'}, after following: ${c.mirrorMatchesAfterFollow ? 'yes' : 'NO'}; churn ${c.churnDeltasReceived}/${c.churnWrites} renewals received; follow ${c.followDeltasReceived}/${c.followWrites} renewals and ${c.logLinesReceived}/${c.logLinesWritten} log lines from ${c.logPods} pods; kubectl listed ${c.kubectlListedLeases ?? '—'}`,
    targetsLine(r.targets),
  ].join('\n');
}

function cli(): BenchOptions & { out: string } {
  const { values } = parseArgs({
    options: {
      leases: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      'follow-seconds': { type: 'string' },
      'log-rate': { type: 'string' },
      http: { type: 'boolean', default: false },
      'no-kubectl': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'profile-apiserver': { type: 'boolean', default: false },
      seed: { type: 'string' },
      terms: { type: 'string' },
      'term-rate': { type: 'string' },
      configmaps: { type: 'string' },
      out: { type: 'string' },
      'no-editor': { type: 'boolean', default: false },
      'no-fleet': { type: 'boolean', default: false },
    },
  });
  const num = (v: string | undefined, fallback: number): number => numberOption(v, fallback);
  const seconds = num(values.seconds, defaultOptions.seconds);
  const profiles = join(root, 'test-results', 'bench-profiles');
  return {
    ...defaultOptions,
    leases: Math.round(num(values.leases, defaultOptions.leases)),
    rate: num(values.rate, defaultOptions.rate),
    seconds,
    followSeconds: num(values['follow-seconds'], seconds),
    logRate: num(values['log-rate'], defaultOptions.logRate),
    tls: !values.http,
    kubectl: !values['no-kubectl'],
    seed: Math.round(num(values.seed, defaultOptions.seed)),
    terms: values.terms === '0' ? 0 : Math.round(num(values.terms, defaultOptions.terms)),
    termRate: num(values['term-rate'], defaultOptions.termRate),
    configMaps: values.configmaps === '0' ? 0 : Math.round(num(values.configmaps, defaultOptions.configMaps)),
    profileDir: values.profile ? profiles : undefined,
    apiServerProfileDir: values['profile-apiserver'] ? profiles : undefined,
    out: resolve(values.out ?? join(root, 'test-results', 'bench.json')),
  };
}

async function main(): Promise<void> {
  const { out, ...opts } = cli();
  const result = await runBench({ ...opts, log: (line) => console.error(`[bench] ${line}`) });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(formatTable(result));
  console.log(`\nwritten: ${out}`);
  if (opts.profileDir || opts.apiServerProfileDir) {
    console.log(`CPU profiles: ${opts.profileDir ?? opts.apiServerProfileDir}`);
  }
  // The whole editor on the same scale (bench/editor/README.md), unless --no-editor.
  if (!process.argv.includes('--no-editor')) {
    await runEditorAfterBench(opts);
  }
  // Many clusters (fleet.ts: 10 contexts of 2,000 Leases, 100 renewals/s each), unless --no-fleet.
  if (!process.argv.includes('--no-fleet')) {
    await runFleetAfterBench();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  });
}
