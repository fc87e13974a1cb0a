// The demo cluster: a local API server seeded with leader-elected workloads whose replicas run
// real electors, node heartbeat leases, static leases, and a leader that crashes about every
// minute. startDemo() runs it in-process (main.ts, tests); stop() ends every timer and the server.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startApiServer, type ApiServer } from './apiserver';
import { loadKubeConfig } from './elector';
import { Chaos } from './chaos';
import { Flapping } from './flapping';
import {
  DEFAULT_FLAPPING,
  DEFAULT_LATE_RENEWAL,
  FLAPPING_WORKLOAD,
  LATE_RENEWER_WORKLOAD,
  type FlappingSchedule,
  type LateRenewalSchedule,
} from './healthWorkloads';
import { CoordinatedElection, type CoordinatedElectionOptions } from './coordinatedElection';
import { seedDemoConfigMaps } from './demoConfigMaps';
import { LateRenewer } from './lateRenewer';
import { LeaderForLife } from './leaderForLife';
import {
  LEGACY_LOCK_WORKLOADS,
  LEGACY_NAMESPACE,
  LegacyLocks,
  LEGACY_CONTROLLER_WORKLOAD,
  MIGRATING_WORKLOAD,
  type LegacyLocksSchedule,
} from './legacyLocks';
import { OUT_OF_RANGE_TIMING_WORKLOAD } from './timingWorkload';
import { LeaderFates, type LeaderFatesOptions } from './leaderFates';
import { uid } from './names';
import { SplitBrainPair, type SplitBrainSchedule } from './splitBrainPair';
import { NodeHeartbeats, type NodeInfo } from './nodeLeases';
import { StaticLeases } from './staticLeases';
import { ADMIN_CONTEXT, DEMO_NAMESPACES, DEV_CONTEXT, demoKubeconfigYaml, demoUsers } from './users';
import { WorkloadRun, type LeaderExit } from './workloadRun';
import { CONTROL_PLANE_NODES, DEFAULT_CRASH_TARGET, RELEASE_ROTATION, WORKLOADS, workloadKey, type Timing } from './workloads';
import { REPO_ROOT } from '../harness/repoRoot';

export { REPO_ROOT };
export const DEFAULT_PORT = 16443;
export const DEFAULT_KUBECONFIG = join(REPO_ROOT, '.demo', 'kubeconfig.yaml');

export interface DemoOptions {
  host?: string;
  /** Default 16443; 0 for any free port. */
  port?: number;
  /** When the port is taken, take a free one instead of failing (default true). */
  fallbackToFreePort?: boolean;
  tls?: boolean;
  /** Where the kubeconfig goes (default `<repo>/.demo/kubeconfig.yaml`). */
  kubeconfigPath?: string;
  /** A leader crashes this often (default 60 000 ms); 0: never by itself. */
  crashEveryMs?: number;
  /** Workload (`namespace/lease`) whose leader crashes (default demo/leader-demo). */
  crashTarget?: string;
  /** A leader of another workload releases cleanly this often (default 150 000 ms); 0: never. */
  releaseEveryMs?: number;
  /** A crashed container restarts after this long (default 4 000 ms). */
  restartDelayMs?: number;
  /** Lease timings of every workload (tests use short ones); default each workload's own. */
  timing?: Timing;
  /** Nodes, hence node heartbeat leases (default 50). */
  nodeCount?: number;
  nodeLeasePeriodMs?: number;
  /** Ordinary log lines per replica: one every this many ms (default 2 500; 0: none). */
  chatterEveryMs?: number;
  /**
   * The leadership of ingress-nginx/ingress-nginx-leader flaps on this schedule (missing fields:
   * DEFAULT_FLAPPING; `timing`: its lease timings, default `timing`, else its own). Absent: it
   * does not flap (main.ts turns it on).
   */
  flapping?: Partial<FlappingSchedule> & { timing?: Timing };
  /**
   * The leader of kube-system/cluster-autoscaler renews late on this schedule (missing fields:
   * DEFAULT_LATE_RENEWAL; `timing`: its lease timings, default its own — `timing` does not apply,
   * its renew deadline must leave room for a late renewal). Absent: never late (main.ts turns it on).
   */
  lateRenewal?: Partial<LateRenewalSchedule> & { timing?: Timing };
  /** demo/oom-demo's leader is OOMKilled, demo/rollout-demo rolls out, now and then. Absent: neither exists (main.ts turns it on). */
  leaderFates?: LeaderFatesOptions;
  /** demo/zombie-controller's second replica believes it leads too, on this schedule (issue 16 §2). Absent: it does not exist (main.ts turns it on). */
  splitBrain?: Partial<SplitBrainSchedule>;
  /**
   * Issue 17's elections kept elsewhere than in a Lease, in `legacy-locks` (legacyLocks.ts): a
   * ConfigMap lock, an Endpoints lock, a migration lock whose ConfigMap record lags now and then (this
   * schedule), a leader-for-life ConfigMap; and 200 ordinary ConfigMaps with data. Default: on; false: none.
   */
  legacyLocks?: Partial<LegacyLocksSchedule> | false;
  /** The coordinated election kube-system/demo-coordinated and its three LeaseCandidates. Default: on; false: none. */
  coordinated?: Pick<CoordinatedElectionOptions, 'renewEveryMs' | 'pingEveryMs'> | false;
  /** Narration of what the demo does (crashes, releases). */
  note?: (message: string) => void;
}

export interface Demo {
  server: ApiServer;
  kubeconfigPath: string;
  contexts: { admin: string; dev: string };
  /** `namespace/lease` of every leader-elected workload. */
  workloads: readonly string[];
  /** Identity of the replica currently leading the workload, if any. */
  leaderIdentity(workload: string): string | undefined;
  /** The flapping Lease's driver, when `flapping` was given. */
  flapping: Flapping | undefined;
  /** The late renewer's driver, when `lateRenewal` was given. */
  lateRenewer: LateRenewer | undefined;
  /** The OOMKilled and rolled-out leaders' driver, when `leaderFates` was given. */
  leaderFates: LeaderFates | undefined;
  /** The pair of replicas that both report being leader now and then, when `splitBrain` was given. */
  splitBrain: SplitBrainPair | undefined;
  /** The driver of legacy-controller's hand-overs and migrating-controller's lag windows (unless `legacyLocks: false`). */
  legacyLocks: LegacyLocks | undefined;
  /** The leader-for-life ConfigMap and its operator's pods (unless `legacyLocks: false`). */
  leaderForLife: LeaderForLife | undefined;
  /** The coordinated election (unless `coordinated: false`). */
  coordinated: CoordinatedElection | undefined;
  /** Crashes the leader of a workload (default: the crash target), waiting for one to exist. */
  crashLeader(workload?: string): Promise<LeaderExit>;
  /** The leader releases the lease cleanly and its pod restarts. */
  releaseLeader(workload: string): Promise<LeaderExit>;
  stop(): Promise<void>;
}

async function listen(o: DemoOptions, users: ReturnType<typeof demoUsers>): Promise<ApiServer> {
  const base = { host: o.host ?? '127.0.0.1', tls: o.tls ?? true, users };
  const port = o.port ?? DEFAULT_PORT;
  try {
    return await startApiServer({ ...base, port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code !== 'EADDRINUSE' || port === 0 || o.fallbackToFreePort === false) {
      throw err;
    }
    o.note?.(`port ${port} is taken; using a free port instead`);
    return startApiServer({ ...base, port: 0 });
  }
}

function nodes(count: number): { controlPlane: NodeInfo[]; workers: NodeInfo[] } {
  const controlPlane = CONTROL_PLANE_NODES.map((name) => ({ name, uid: uid() }));
  const workers = Array.from({ length: Math.max(1, count - controlPlane.length) }, (_, i) => ({
    name: `worker-node-${i + 1}`,
    uid: uid(),
  }));
  return { controlPlane, workers };
}

/** The schedule fields of an option, without its `timing` (undefined fields dropped, so defaults stay). */
function withoutTiming<T extends object>(o: T & { timing?: Timing }): Partial<Omit<T, 'timing'>> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => k !== 'timing' && v !== undefined)) as Partial<Omit<T, 'timing'>>;
}

export async function startDemo(o: DemoOptions = {}): Promise<Demo> {
  const note = o.note ?? ((): void => undefined);
  const server = await listen(o, demoUsers());
  const store = server.store;
  const kubeconfigPath = o.kubeconfigPath ?? DEFAULT_KUBECONFIG;
  const stoppers: (() => Promise<void> | void)[] = [() => server.close()];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const f of stoppers.splice(0).reverse()) {
        await f();
      }
    })());

  try {
    for (const ns of DEMO_NAMESPACES) {
      store.ensureNamespace(ns);
    }
    store.ensureNamespace('default');

    const { controlPlane, workers } = nodes(o.nodeCount ?? 50);
    const allNodes = [...controlPlane, ...workers];
    const nodeIPs = new Map(allNodes.map((n, i) => [n.name, `10.0.${Math.floor(i / 200)}.${10 + (i % 200)}`]));
    const heartbeats = new NodeHeartbeats(store, allNodes, o.nodeLeasePeriodMs ?? 10_000);
    heartbeats.start();
    stoppers.push(() => heartbeats.stop());
    const statics = new StaticLeases(store, controlPlane[0].name);
    statics.start();
    stoppers.push(() => statics.stop());

    const kubeconfig = loadKubeConfig(server.kubeconfig({ contexts: [{ name: 'electors', user: 'admin' }], current: 'electors' }));
    let podCount = 0;
    const timingOf = new Map<string, Timing>([
      ...WORKLOADS.map((w): [string, Timing] => [workloadKey(w), o.timing ?? w.timing]),
      [workloadKey(FLAPPING_WORKLOAD), o.flapping?.timing ?? o.timing ?? FLAPPING_WORKLOAD.timing],
      [workloadKey(LATE_RENEWER_WORKLOAD), o.lateRenewal?.timing ?? LATE_RENEWER_WORKLOAD.timing],
      [workloadKey(OUT_OF_RANGE_TIMING_WORKLOAD), OUT_OF_RANGE_TIMING_WORKLOAD.timing],
      ...LEGACY_LOCK_WORKLOADS.map((w): [string, Timing] => [workloadKey(w), o.timing ?? w.timing]),
    ]);
    const legacyOn = o.legacyLocks !== false;
    const runs = [
      ...WORKLOADS,
      FLAPPING_WORKLOAD,
      LATE_RENEWER_WORKLOAD,
      OUT_OF_RANGE_TIMING_WORKLOAD,
      ...(legacyOn ? LEGACY_LOCK_WORKLOADS : []),
    ].map(
      (spec) =>
        new WorkloadRun({
          store,
          kubeconfig,
          spec,
          timing: timingOf.get(workloadKey(spec)) ?? spec.timing,
          workers,
          controlPlane,
          nodeIP: (n) => nodeIPs.get(n) ?? '10.0.0.1',
          nextPodIP: () => `10.244.${1 + Math.floor(podCount / 250)}.${2 + (podCount++ % 250)}`,
          chatterEveryMs: o.chatterEveryMs ?? 2_500,
          restartDelayMs: o.restartDelayMs ?? 4_000,
          note,
        }),
    );
    const byKey = new Map(runs.map((r) => [r.key, r]));
    stoppers.push(async () => {
      await Promise.all(runs.map((r) => r.stop()));
    });
    for (const r of runs) {
      r.start();
    }

    const run = (key: string): WorkloadRun => {
      const r = byKey.get(key);
      if (!r) {
        throw new Error(`unknown workload ${key}; known: ${[...byKey.keys()].join(', ')}`);
      }
      return r;
    };
    const waitMs = (r: WorkloadRun): number => {
      const t = timingOf.get(r.key);
      return ((t?.leaseDurationSeconds ?? 15) * 2 + 5) * 1000 + (o.restartDelayMs ?? 4_000);
    };
    const crashLeader = (key = o.crashTarget ?? DEFAULT_CRASH_TARGET): Promise<LeaderExit> => run(key).crashLeader(waitMs(run(key)));
    const releaseLeader = (key: string): Promise<LeaderExit> => run(key).releaseLeader(waitMs(run(key)));

    const chaos = new Chaos({
      crashEveryMs: o.crashEveryMs ?? 60_000,
      releaseEveryMs: o.releaseEveryMs ?? 150_000,
      crash: () => crashLeader(),
      release: (i) => releaseLeader(RELEASE_ROTATION[i % RELEASE_ROTATION.length]),
      note,
    });
    chaos.start();
    stoppers.push(() => chaos.stop());

    let flapping: Flapping | undefined;
    if (o.flapping) {
      const key = workloadKey(FLAPPING_WORKLOAD);
      const f = (flapping = new Flapping({
        ...DEFAULT_FLAPPING,
        ...withoutTiming(o.flapping),
        lease: key,
        move: async (how) => {
          const r = run(key);
          await (how === 'crash' ? r.crashLeader(waitMs(r)) : r.releaseLeader(waitMs(r)));
          await r.waitForLeader(waitMs(r));
        },
        note,
      }));
      f.start();
      stoppers.push(() => f.stop());
    }
    let lateRenewer: LateRenewer | undefined;
    if (o.lateRenewal) {
      const l = (lateRenewer = new LateRenewer({
        ...DEFAULT_LATE_RENEWAL,
        ...withoutTiming(o.lateRenewal),
        store,
        faults: server.faults,
        namespace: LATE_RENEWER_WORKLOAD.namespace,
        name: LATE_RENEWER_WORKLOAD.lease,
        timing: timingOf.get(workloadKey(LATE_RENEWER_WORKLOAD)) ?? LATE_RENEWER_WORKLOAD.timing,
        note,
      }));
      l.start();
      stoppers.push(() => l.stop());
    }

    let leaderFates: LeaderFates | undefined;
    if (o.leaderFates) {
      const f = (leaderFates = new LeaderFates(store, { note, ...o.leaderFates }));
      f.start();
      stoppers.push(() => f.stop());
    }

    let splitBrain: SplitBrainPair | undefined;
    if (o.splitBrain) {
      const p = (splitBrain = new SplitBrainPair({ store, note, ...o.splitBrain }));
      p.start();
      stoppers.push(() => p.stop());
    }

    let legacyLocks: LegacyLocks | undefined;
    let leaderForLife: LeaderForLife | undefined;
    if (o.legacyLocks !== false) {
      store.ensureNamespace(LEGACY_NAMESPACE);
      const lfl = (leaderForLife = new LeaderForLife({
        store,
        workers,
        nodeIP: (n) => nodeIPs.get(n) ?? '10.0.0.1',
        nextPodIP: () => `10.244.${1 + Math.floor(podCount / 250)}.${2 + (podCount++ % 250)}`,
      }));
      lfl.start();
      stoppers.push(() => lfl.stop());
      seedDemoConfigMaps(store, [...DEMO_NAMESPACES.filter((ns) => ns !== 'kube-node-lease'), 'default', LEGACY_NAMESPACE]);
      const legacyKey = workloadKey(LEGACY_CONTROLLER_WORKLOAD);
      const l = (legacyLocks = new LegacyLocks({
        ...(o.legacyLocks ?? {}),
        handover: () => releaseLeader(legacyKey),
        migratingElectors: () => run(workloadKey(MIGRATING_WORKLOAD)).replicas.map((r) => r.elector),
        note,
      }));
      l.start();
      stoppers.push(() => l.stop());
    }

    let coordinated: CoordinatedElection | undefined;
    if (o.coordinated !== false) {
      const c = (coordinated = new CoordinatedElection({
        store,
        controlPlane,
        nodeIP: (n) => nodeIPs.get(n) ?? '10.0.0.1',
        ...(o.coordinated ?? {}),
      }));
      c.start();
      stoppers.push(() => c.stop());
    }

    mkdirSync(dirname(kubeconfigPath), { recursive: true });
    writeFileSync(
      kubeconfigPath,
      demoKubeconfigYaml((opts) => server.kubeconfig(opts)),
      { mode: 0o600 },
    );
    chmodSync(kubeconfigPath, 0o600);

    return {
      server,
      kubeconfigPath,
      contexts: { admin: ADMIN_CONTEXT, dev: DEV_CONTEXT },
      workloads: runs.map((r) => r.key),
      flapping,
      lateRenewer,
      leaderFates,
      splitBrain,
      legacyLocks,
      leaderForLife,
      coordinated,
      leaderIdentity: (key) => run(key).leader()?.elector?.identity,
      crashLeader,
      releaseLeader,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
