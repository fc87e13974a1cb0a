// The benchmark's lock-discovery phase (issue 17): what ConfigMap (and Endpoints) lock discovery
// costs the Lease server on a cluster with many large ConfigMaps. Right after the churn window,
// `count` ConfigMaps of `bytes` each are written (a few dozen of them ConfigMap locks); once the
// Lease server has settled, a second churn window of the same length and rate runs, with kubectl
// watching as in the first. Its churn CPU and peak RSS are compared with the first window's (same
// run, same process, no ConfigMaps): target ≤ 10 % above. The request log tells how the Lease
// server read the ConfigMaps (lists, watches, metadata only, any answer with `data`).
import type { LeaseServerProcess } from '../harness/leaseServerProcess';
import type { ApiServerProcess } from './apiServerProcess';
import { kubectlWatching, type KubectlWatch } from './kubectl';
import { Sampler, type ProcessFigures } from './proc';

export interface ConfigMapPhaseOptions {
  api: ApiServerProcess;
  server: LeaseServerProcess;
  count: number;
  bytes: number;
  locks: number;
  seed: number;
  rate: number;
  tickMs: number;
  seconds: number;
  kubectl?: { kubeconfig: string; cacheDir: string };
  /** Waits until the client holds what the API server holds (run.ts's mirrorMatches). */
  mirror: () => Promise<boolean>;
  log: (line: string) => void;
}

export interface ConfigMapFigures {
  configMaps: number;
  locks: number;
  bytesEach: number;
  /** Data in all of them (MB). */
  dataMb: number;
  seedMs: number;
  /** The churn window with the ConfigMaps: the Lease server's CPU (% of one core) and peak RSS (MB). */
  churnCpuPercent: number;
  peakRssMb: number;
  /** The same figures of the run's first churn window (no ConfigMaps), and the ratios with/without. */
  withoutCpuPercent: number;
  withoutPeakRssMb: number;
  cpuRatio: number;
  rssRatio: number;
  renewals: number;
  mirrorMatches: boolean;
  /** ConfigMap locks the client holds at the end (elections whose `lock` is `configmap`). */
  locksReceived: number;
  /** How the Lease server read ConfigMaps and Endpoints (the API server's request log). */
  requests: { lists: number; watches: number; metadataOnly: number; withData: number; endpoints: number };
  processes: Record<string, ProcessFigures>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runConfigMapPhase(
  o: ConfigMapPhaseOptions,
  without: { cpuPercent: number; peakRss: number },
): Promise<ConfigMapFigures> {
  const { api, server } = o;
  const seeded = await api.call('seedConfigMaps', { count: o.count, bytes: o.bytes, locks: o.locks, seed: o.seed }, 300_000);
  o.log(
    `${seeded.configMaps} ConfigMaps (${seeded.locks} with the leader annotation), ${Math.round(seeded.dataBytes / 1e6)} MB of data, written in ${Math.round(seeded.ms)} ms`,
  );
  // Let the Lease server take them in (a watch's ADDED events, or its next list) before measuring.
  await sleep(1000);
  let watcher: KubectlWatch | undefined;
  try {
    if (o.kubectl) {
      watcher = await kubectlWatching(
        o.kubectl.kubeconfig,
        o.kubectl.cacheDir,
        async () => (await api.call('watchers', null)).leaseWatchRequests,
        60_000,
      );
      await sleep(500);
    }
    await api.call('startChurn', { rate: o.rate, tickMs: o.tickMs });
    await sleep(1000);
    const sampler = new Sampler({
      server: { pid: server.child.pid ?? 0 },
      apiServer: { pid: api.pid },
      ...(watcher ? { kubectl: { pid: watcher.pid, tree: true } } : {}),
    });
    sampler.start();
    await sleep(o.seconds * 1000);
    const procs = sampler.stop();
    const churn = await api.call('stopChurn', null);
    const mirrorMatches = await o.mirror();
    if (!mirrorMatches) {
      o.log('warning: after the churn with ConfigMaps the client does not hold what the API server holds');
    }
    const requests = await api.call('lockRequests', null);
    const withoutRssMb = without.peakRss / (1024 * 1024);
    const peakRssMb = procs.server.peakRss / (1024 * 1024);
    return {
      configMaps: seeded.configMaps,
      locks: seeded.locks,
      bytesEach: o.bytes,
      dataMb: seeded.dataBytes / (1024 * 1024),
      seedMs: seeded.ms,
      churnCpuPercent: procs.server.cpuPercent,
      peakRssMb,
      withoutCpuPercent: without.cpuPercent,
      withoutPeakRssMb: withoutRssMb,
      cpuRatio: procs.server.cpuPercent / without.cpuPercent,
      rssRatio: peakRssMb / withoutRssMb,
      renewals: churn.writes,
      mirrorMatches,
      locksReceived: [...server.leases.values()].filter((l) => l.lock === 'configmap').length,
      requests,
      processes: procs,
    };
  } finally {
    await watcher?.stop();
  }
}
