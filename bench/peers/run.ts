// The peers benchmark (issue 18 §2): on the real control plane (etcd + kube-apiserver, realcluster/),
// side by side in the same run and on the same churn, `kubectl get leases -A -w -o json`, k9s on its
// Lease view for all namespaces, and Lease Lens' Lease server watching the same context. Measures
// each one's CPU (% of one core, utime+stime from /proc) and peak RSS over one window.
//
//   npm run bench:peers                                        # 2,000 Leases, 200 renewals/s, 60 s
//   npx tsx bench/peers/run.ts --leases 100 --rate 20 --seconds 3   # small (after npm run build)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Diagnostics } from '../../src/shared/protocol';
import type { IpcStats } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { waitFor } from '../../harness/waiting';
import { REPO_ROOT } from '../../harness/repoRoot';
import { startRealCluster, type RealCluster } from '../../realcluster/cluster';
import { findKubectl } from '../../realcluster/kubectl';
import { Sampler, type ProcessFigures } from '../proc';
import { mb } from '../stats';
import { figure, numberOption, targetsLine, verdict, table } from '../report';
import { adminClient } from './adminClient';
import { Churn, createFleet, leaseNamespacePrefix, type Fleet } from './churn';
import { buildK9s, k9sVersion } from './k9sBuild';
import { k9sColumns, k9sRows, startK9s, type K9sProcess } from './k9sProcess';

export interface PeersOptions {
  leases: number;
  /** Namespaces the Leases are spread over. */
  namespaces: number;
  /** Renewals (merge patches) per second. */
  rate: number;
  /** The measuring window (s). */
  seconds: number;
  /** `namespace/name` of a Lease the Lease server follows during the window; absent: none. */
  follow?: string;
  /** false: no k9s (e.g. while its first build is not done); default true. */
  k9s?: boolean;
  /** Run on this cluster instead of starting one (the caller stops it). */
  cluster?: RealCluster;
  log?: (line: string) => void;
}

export interface PeerFigures {
  cpuPercent: number;
  cpuSeconds: number;
  maxIntervalCpuPercent: number;
  peakRssMb: number;
  vmHwmMb: number;
  /** CPU seconds per 1,000 renewals written in the window. */
  cpuSecondsPer1kRenewals: number;
}

export interface PeersTarget {
  name: string;
  limit: string;
  value: number | null;
  pass: boolean | null;
}

export interface PeersResult {
  config: { leases: number; namespaces: number; rate: number; seconds: number; follow: string | null };
  host: { cpus: number; cpuModel: string; node: string; loadavgBefore: number[]; loadavgAfter: number[]; kubectl: string; k9s: string };
  leaseServer: PeerFigures;
  kubectl: PeerFigures;
  /** null: run with --no-k9s. */
  k9s: PeerFigures | null;
  apiServer: PeerFigures | null;
  etcd: PeerFigures | null;
  /** The benchmark's own process: the churn writer and the measuring client. */
  writer: PeerFigures;
  leaseServerCpuRatioVsKubectl: number;
  counts: {
    /** Leases the cluster holds in all namespaces (the fleet, the control plane's own, node heartbeats). */
    clusterLeases: number;
    fleetLeases: number;
    /** Fleet Leases the Lease server's client held before the window. */
    leaseServerFleetLeases: number;
    windowRenewals: number;
    windowWriteErrors: number;
    /** Renewals due in the window but not sent: the API server was behind (64 writes waiting). */
    windowWritesSkipped: number;
    lastWriteError: string | null;
    /** Lease versions the Lease server sent in the window (renewals and upserts). */
    leaseServerVersionsSent: number;
    /** Lease objects kubectl printed in the window. */
    kubectlObjects: number;
    /** Whether k9s showed its Lease view with a fleet Lease on it. */
    k9sShowedLeases: boolean;
    ipcBytes: number | null;
    ipcMessages: number | null;
  };
  ipcBytesPerRenewal: number | null;
  targets: PeersTarget[];
}

export const defaultPeersOptions: PeersOptions = { leases: 2000, namespaces: 20, rate: 200, seconds: 60 };

/** `kubectl get leases -A -w -o json`, its output read only to count the Lease objects it prints. */
interface KubectlWatcher {
  pid: number;
  objects(): number;
  stderr(): string;
  stop(): Promise<void>;
}

function startKubectlWatch(kubectl: string, kubeconfig: string, context: string, cacheDir: string): KubectlWatcher {
  const child: ChildProcess = spawn(
    kubectl,
    ['--kubeconfig', kubeconfig, '--context', context, '--cache-dir', cacheDir, 'get', 'leases', '-A', '-w', '-o', 'json'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: '' } },
  );
  const marker = '"kind": "Lease"';
  let objects = 0;
  let tail = '';
  child.stdout?.on('data', (d: Buffer) => {
    const text = tail + d.toString('utf8');
    for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length)) {
      objects++;
    }
    tail = text.slice(-(marker.length - 1));
  });
  const err: Buffer[] = [];
  child.stderr?.on('data', (d: Buffer) => err.push(d));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  return {
    pid: child.pid ?? 0,
    objects: () => objects,
    stderr: () => Buffer.concat(err).toString('utf8'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}

function peer(p: ProcessFigures | undefined, renewals: number): PeerFigures {
  const cpuSeconds = p?.cpuSeconds ?? Number.NaN;
  return {
    cpuPercent: p?.cpuPercent ?? Number.NaN,
    cpuSeconds,
    maxIntervalCpuPercent: p?.maxIntervalCpuPercent ?? Number.NaN,
    peakRssMb: p ? mb(p.peakRss) : Number.NaN,
    vmHwmMb: p ? mb(p.hwm) : Number.NaN,
    cpuSecondsPer1kRenewals: renewals > 0 ? (cpuSeconds / renewals) * 1000 : Number.NaN,
  };
}

/** Lease versions in the batches the client received from index `from` on (renewal columns and upserts). */
function versionsSent(server: LeaseServerProcess, from: number): number {
  let n = 0;
  for (const b of server.batches.slice(from)) {
    n += b.deltas.filter((d) => d.type === 'upsert').length + (b.renewals?.ids.length ?? 0);
  }
  return n;
}

export async function runPeers(opts: PeersOptions): Promise<PeersResult> {
  const log = opts.log ?? ((l: string) => console.error(l));
  const loadavgBefore = loadavg();
  const work = mkdtempSync(join(tmpdir(), 'lease-lens-peers-'));
  // $LEASE_LENS_K9S: a k9s of your own instead of the one built from bench/peers/k9s/go.mod.
  const withK9s = opts.k9s ?? true;
  const [k9sBinary, kubectl] = await Promise.all([
    withK9s ? (process.env.LEASE_LENS_K9S ?? buildK9s(log)) : Promise.resolve(null),
    findKubectl(),
  ]);
  const cluster = opts.cluster ?? (await startRealCluster({ log }));
  const stops: (() => Promise<void>)[] = [];
  try {
    const admin = adminClient(cluster.kubeconfigPath, cluster.adminContext);
    stops.push(async () => admin.close());
    log(`[peers] creating ${opts.leases} Leases in ${opts.namespaces} namespaces`);
    const fleet: Fleet = await createFleet(admin, opts.leases, opts.namespaces);
    const context = cluster.adminContext;

    // Lease Lens' Lease server, as the extension starts it, watching the admin context.
    const server = await startLeaseServer({ env: { KUBECONFIG: cluster.kubeconfigPath } });
    stops.push(() => server.close());
    await server.watch([context]);
    const fleetKeys = fleet.leases.map((l) => leaseKey(context, l.namespace, l.name));
    const fleetHeld = await server.waitFor(
      'the Lease server to hold every fleet Lease, synced',
      () => server.states.get(context)?.synced && fleetKeys.every((k) => server.leases.has(k)) && fleetKeys.length,
      180_000,
    );
    if (opts.follow) {
      const [ns, name] = opts.follow.split('/');
      await server.follow(leaseKey(context, ns, name));
    }

    // kubectl get -w: it prints every Lease once first.
    const clusterLeases = await countLeases(admin);
    const kc = startKubectlWatch(kubectl, cluster.kubeconfigPath, context, join(work, 'kubectl-cache'));
    stops.push(() => kc.stop());
    await waitFor('kubectl -w to print every Lease', () => kc.objects() >= clusterLeases, 120_000, {
      detail: () => `${kc.objects()}/${clusterLeases}; stderr: ${kc.stderr().slice(-500)}`,
    });

    // k9s on its Lease view (all namespaces) with a fleet Lease on screen.
    let k9s: K9sProcess | undefined;
    if (k9sBinary) {
      const started = await startK9s({
        binary: k9sBinary,
        kubeconfig: cluster.kubeconfigPath,
        context,
        dir: join(work, 'k9s'),
        needles: ['leases(all)', leaseNamespacePrefix],
      });
      k9s = started;
      stops.push(() => started.stop());
      await waitFor('k9s to show its Lease view for all namespaces', () => started.seen(0) && started.seen(1), 120_000, {
        detail: () => `k9s exit ${String(started.exitCode())}; helper: ${started.output().slice(-1000)}`,
      });
    }

    // The churn, then one window in which all three watch it.
    const churn = new Churn(admin, fleet, opts.rate);
    stops.push(async () => void (await churn.stop()));
    churn.start();
    await waitFor('a second of renewals', () => churn.counts.writes >= opts.rate, 60_000, {
      detail: () => `${churn.counts.writes} writes, ${churn.counts.errors} errors (${churn.counts.lastError ?? ''})`,
    });
    const state = await cluster.state();
    const pidOf = (role: string): number | undefined => state.processes.find((p) => p.role === role && p.running)?.pid;
    const apiPid = pidOf('apiserver');
    const etcdPid = pidOf('etcd');
    const sampler = new Sampler({
      leaseServer: { pid: server.child.pid ?? 0 },
      kubectl: { pid: kc.pid, tree: true },
      k9s: k9s ? { pid: k9s.pid, tree: true } : undefined,
      apiServer: apiPid ? { pid: apiPid } : undefined,
      etcd: etcdPid ? { pid: etcdPid } : undefined,
      writer: { pid: process.pid },
    });
    const ipcBefore: IpcStats | undefined = (await server.conn.sendRequest(Diagnostics.stats, {})).ipc;
    const writesBefore = churn.counts.writes;
    const errorsBefore = churn.counts.errors;
    const skippedBefore = churn.counts.skipped;
    const batchesBefore = server.batches.length;
    const kubectlBefore = kc.objects();
    log(`[peers] window: ${opts.seconds} s at ${opts.rate} renewals/s`);
    sampler.start();
    await new Promise((r) => setTimeout(r, opts.seconds * 1000)); // the measuring window itself
    const figures = sampler.stop();
    const renewals = churn.counts.writes - writesBefore;
    const windowErrors = churn.counts.errors - errorsBefore;
    const windowSkipped = churn.counts.skipped - skippedBefore;
    const kubectlObjects = kc.objects() - kubectlBefore;
    const sent = versionsSent(server, batchesBefore);
    const ipcAfter: IpcStats | undefined = (await server.conn.sendRequest(Diagnostics.stats, {})).ipc;
    await churn.stop();
    if (k9s && k9s.exitCode() !== undefined) {
      throw new Error(`k9s ended during the window (exit ${String(k9s.exitCode())})`);
    }

    const ll = peer(figures.leaseServer, renewals);
    const kubectlFigures = peer(figures.kubectl, renewals);
    const ipcBytes = ipcBefore && ipcAfter ? ipcAfter.bytesSent - ipcBefore.bytesSent : null;
    const ratio = ll.cpuSeconds / kubectlFigures.cpuSeconds;
    const targets: PeersTarget[] = [
      {
        name: 'leaseServerCpuVsKubectl',
        limit: '≤ kubectl -w',
        value: ll.cpuPercent,
        pass: Number.isFinite(ratio) ? ll.cpuPercent <= kubectlFigures.cpuPercent : null,
      },
    ];
    return {
      config: { leases: opts.leases, namespaces: opts.namespaces, rate: opts.rate, seconds: opts.seconds, follow: opts.follow ?? null },
      host: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        loadavgBefore,
        loadavgAfter: loadavg(),
        kubectl,
        k9s: !k9sBinary
          ? 'not run'
          : process.env.LEASE_LENS_K9S
            ? k9sBinary
            : `${k9sBinary} ${k9sVersion()} (built from github.com/derailed/k9s)`,
      },
      leaseServer: ll,
      kubectl: kubectlFigures,
      k9s: k9s ? peer(figures.k9s, renewals) : null,
      apiServer: apiPid ? peer(figures.apiServer, renewals) : null,
      etcd: etcdPid ? peer(figures.etcd, renewals) : null,
      writer: peer(figures.writer, renewals),
      leaseServerCpuRatioVsKubectl: ratio,
      counts: {
        clusterLeases,
        fleetLeases: fleet.leases.length,
        leaseServerFleetLeases: fleetHeld,
        windowRenewals: renewals,
        windowWriteErrors: windowErrors,
        windowWritesSkipped: windowSkipped,
        lastWriteError: churn.counts.lastError ?? null,
        leaseServerVersionsSent: sent,
        kubectlObjects,
        k9sShowedLeases: k9s ? k9s.seen(0) && k9s.seen(1) : false,
        ipcBytes,
        ipcMessages: ipcBefore && ipcAfter ? ipcAfter.messagesSent - ipcBefore.messagesSent : null,
      },
      ipcBytesPerRenewal: ipcBytes !== null && renewals > 0 ? ipcBytes / renewals : null,
      targets,
    };
  } finally {
    for (const stop of stops.reverse()) {
      await stop().catch((err: unknown) => log(`[peers] stopping: ${err instanceof Error ? err.message : String(err)}`));
    }
    if (!opts.cluster) {
      await cluster.stop();
    }
    rmSync(work, { recursive: true, force: true });
  }
}

async function countLeases(admin: ReturnType<typeof adminClient>): Promise<number> {
  let count = 0;
  let cont = '';
  do {
    const res = await admin.send(
      'GET',
      `/apis/coordination.k8s.io/v1/leases?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
    );
    if (res.status !== 200) {
      throw new Error(`list leases: HTTP ${res.status}`);
    }
    const list = JSON.parse(res.body) as { items: unknown[]; metadata?: { continue?: string } };
    count += list.items.length;
    cont = list.metadata?.continue ?? '';
  } while (cont);
  return count;
}

const f = figure;

/** The figures as a text table, in the style of bench/run.ts. */
export function formatPeersTable(r: PeersResult): string {
  const target = (name: string): string => verdict(r.targets, name);
  const rows: string[][] = [];
  const row = (metric: string, pick: (p: PeerFigures) => number, digits: number, tgt = ''): void =>
    void rows.push([metric, f(pick(r.leaseServer), digits), f(pick(r.kubectl), digits), f(r.k9s ? pick(r.k9s) : null, digits), tgt]);
  const cfg = r.config;
  row(`CPU (% of one core, ${cfg.rate}/s renewals)`, (p) => p.cpuPercent, 1, `Lease server ${target('leaseServerCpuVsKubectl')}`);
  row('  CPU seconds per 1,000 renewals', (p) => p.cpuSecondsPer1kRenewals, 3);
  row('  highest CPU over 500 ms (%)', (p) => p.maxIntervalCpuPercent, 1);
  row('peak RSS in the window (MB)', (p) => p.peakRssMb, 1);
  row('  VmHWM, peak since start (MB)', (p) => p.vmHwmMb, 1);
  const head = ['metric', 'Lease server', 'kubectl -w', 'k9s', 'target'];
  const c = r.counts;
  const other = (name: string, p: PeerFigures | null): string => `${name} ${f(p?.cpuPercent)} % / ${f(p?.peakRssMb)} MB`;
  return [
    `Lease Lens peers benchmark (real control plane): ${cfg.leases} Leases in ${cfg.namespaces} namespaces (${c.clusterLeases} in the cluster), ${cfg.rate} renewals/s as merge patches, one ${cfg.seconds} s window, side by side${cfg.follow ? `; the Lease server follows ${cfg.follow}` : ''}`,
    `host: ${r.host.cpus} × ${r.host.cpuModel}, Node ${r.host.node}, load average before ${r.host.loadavgBefore.map((x) => x.toFixed(2)).join(' ')}, after ${r.host.loadavgAfter.map((x) => x.toFixed(2)).join(' ')}`,
    `kubectl: ${r.host.kubectl}`,
    `k9s: ${r.host.k9s}${r.k9s ? `, headless in a ${k9sColumns}×${k9sRows} pseudo-terminal, Lease view, all namespaces` : ''}`,
    'Lease Lens: the Lease server (dist/server.js) only; the editor (extension host, renderer) is measured by the code-server benchmark',
    '',
    ...table(head, rows),
    `Lease server / kubectl CPU: ${f(r.leaseServerCpuRatioVsKubectl, 2)}; IPC to the client: ${f(c.ipcBytes === null ? null : c.ipcBytes / 1024)} KB, ${c.ipcMessages ?? '—'} messages, ${f(r.ipcBytesPerRenewal, 0)} bytes per renewal`,
    `others: ${other('kube-apiserver', r.apiServer)}; ${other('etcd', r.etcd)}; ${other('churn writer + measuring client', r.writer)}`,
    '',
    `counts: window ${c.windowRenewals} renewals written (${f(c.windowRenewals / cfg.seconds, 0)}/s; ${c.windowWritesSkipped} skipped while the API server was behind, ${c.windowWriteErrors} failed${c.lastWriteError ? `, last: ${c.lastWriteError}` : ''}); Lease server held ${c.leaseServerFleetLeases}/${c.fleetLeases} fleet Leases and sent ${c.leaseServerVersionsSent} Lease versions; kubectl printed ${c.kubectlObjects}; k9s showed the Lease view: ${r.k9s ? (c.k9sShowedLeases ? 'yes' : 'NO') : 'not run'}`,
    targetsLine(r.targets),
  ].join('\n');
}

function cli(): PeersOptions & { out: string } {
  const { values } = parseArgs({
    options: {
      leases: { type: 'string' },
      namespaces: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      follow: { type: 'string' },
      'no-k9s': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const num = (v: string | undefined, fallback: number): number => numberOption(v, fallback);
  const d = defaultPeersOptions;
  return {
    leases: num(values.leases, d.leases),
    namespaces: num(values.namespaces, d.namespaces),
    rate: num(values.rate, d.rate),
    seconds: num(values.seconds, d.seconds),
    follow: values.follow,
    k9s: !values['no-k9s'],
    out: resolve(values.out ?? join(REPO_ROOT, 'test-results', 'bench-peers.json')),
  };
}

if (require.main === module) {
  const { out, ...opts } = cli();
  runPeers(opts).then(
    (r) => {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, JSON.stringify(r, null, 2));
      console.log(formatPeersTable(r));
      console.log(`\nwritten to ${out}`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
