// Elections kept elsewhere than in a Lease (issue 17), in the namespace `legacy-locks`: Deployments
// whose replicas run real electors with client-go's old locks —
//   legacy-controller         ConfigMap lock (2 replicas; its leader hands over now and then),
//   old-endpoints-controller  Endpoints lock,
//   migrating-controller      the migration lock `configmapsleases`: one election in a ConfigMap and
//                             a Lease; every few minutes, for about 30 s, its leader writes the Lease
//                             alone (as a replica already on the `leases` lock does), so the
//                             ConfigMap's record lags and the two records disagree.
// LegacyLocks drives the hand-overs and the lag windows and tells of each window ('lag' events).
import { EventEmitter } from 'node:events';
import type { Elector } from './elector';
import { MultiLock } from './elector/multiLock';
import { CLIENT_GO_TIMING, type WorkloadSpec } from './workloads';

export const LEGACY_NAMESPACE = 'legacy-locks';

const flags = (lock: string): string[] => [
  '--leader-elect=true',
  `--leader-elect-resource-lock=${lock}`,
  `--leader-elect-resource-namespace=${LEGACY_NAMESPACE}`,
];

export const LEGACY_CONTROLLER_WORKLOAD: WorkloadSpec = {
  namespace: LEGACY_NAMESPACE,
  lease: 'legacy-controller',
  kind: 'deployment',
  app: 'legacy-controller',
  replicas: 2,
  container: 'manager',
  image: 'registry.example.com/legacy-controller:v0.9.4',
  logFormat: 'klog-printf',
  timing: CLIENT_GO_TIMING,
  component: 'legacy-controller',
  appFile: 'main.go',
  chatter: { controller: 'legacy', namespace: LEGACY_NAMESPACE },
  flags: flags('configmaps'),
  lock: 'configmaps',
};

export const OLD_ENDPOINTS_WORKLOAD: WorkloadSpec = {
  namespace: LEGACY_NAMESPACE,
  lease: 'old-endpoints-controller',
  kind: 'deployment',
  app: 'old-endpoints-controller',
  replicas: 2,
  container: 'controller',
  image: 'registry.example.com/old-endpoints-controller:v1.2.0',
  logFormat: 'klog-structured',
  timing: CLIENT_GO_TIMING,
  component: 'old-endpoints-controller',
  appFile: 'controller.go',
  chatter: { controller: 'endpoints', namespace: LEGACY_NAMESPACE },
  flags: flags('endpoints'),
  lock: 'endpoints',
};

export const MIGRATING_WORKLOAD: WorkloadSpec = {
  namespace: LEGACY_NAMESPACE,
  lease: 'migrating-controller',
  kind: 'deployment',
  app: 'migrating-controller',
  replicas: 2,
  container: 'manager',
  image: 'registry.example.com/migrating-controller:v2.0.0-rc.1',
  logFormat: 'json',
  timing: CLIENT_GO_TIMING,
  component: 'migrating-controller',
  appFile: 'main.go',
  chatter: { controller: 'migration', namespace: LEGACY_NAMESPACE },
  flags: flags('configmapsleases'),
  lock: 'configmapsleases',
};

export const LEGACY_LOCK_WORKLOADS: readonly WorkloadSpec[] = [LEGACY_CONTROLLER_WORKLOAD, OLD_ENDPOINTS_WORKLOAD, MIGRATING_WORKLOAD];

export interface LegacyLocksSchedule {
  /** legacy-controller's leader hands over (a clean release) this often (ms); 0: never. */
  handoverEveryMs: number;
  /** migrating-controller's first lag window starts this long after start (ms). */
  firstLagAfterMs: number;
  /** A lag window lasts this long (ms). */
  lagForMs: number;
  /** A lag window starts this often (ms); 0: only the first. */
  lagEveryMs: number;
}

export const DEFAULT_LEGACY_LOCKS: LegacyLocksSchedule = {
  handoverEveryMs: 120_000,
  firstLagAfterMs: 45_000,
  lagForMs: 30_000,
  lagEveryMs: 240_000,
};

export interface LegacyLocksEvents {
  /** A lag window of migrating-controller started (true) or ended (false). */
  lag: [lagging: boolean];
}

export interface LegacyLocksOptions extends Partial<LegacyLocksSchedule> {
  /** legacy-controller's leader releases and restarts. */
  handover: () => Promise<unknown>;
  /** The running electors of migrating-controller's replicas. */
  migratingElectors: () => (Elector | undefined)[];
  note: (message: string) => void;
}

export class LegacyLocks extends EventEmitter<LegacyLocksEvents> {
  readonly schedule: LegacyLocksSchedule;
  private readonly timers = new Set<NodeJS.Timeout>();
  private lagging_ = false;
  private stopped = false;
  /** Lag windows so far. */
  lagWindows = 0;

  constructor(private readonly o: LegacyLocksOptions) {
    super();
    const defined = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<LegacyLocksSchedule>;
    this.schedule = { ...DEFAULT_LEGACY_LOCKS, ...defined };
  }

  /** True while migrating-controller's ConfigMap record lags behind its Lease. */
  get lagging(): boolean {
    return this.lagging_;
  }

  start(): void {
    const s = this.schedule;
    if (s.handoverEveryMs > 0) {
      const handover = (): void => {
        this.o.handover().catch((err: unknown) => this.o.note(`legacy-controller could not hand over: ${String(err)}`));
        this.after(s.handoverEveryMs, handover);
      };
      this.after(s.handoverEveryMs, handover);
    }
    this.after(s.firstLagAfterMs, () => this.startLag());
  }

  /** A lag window starts now (the schedule's, or a test's): the leader writes the Lease alone. */
  startLag(): void {
    if (this.lagging_ || this.stopped) {
      return;
    }
    this.lagging_ = true;
    this.lagWindows++;
    this.setWritePrimary(false);
    this.o.note(
      `${LEGACY_NAMESPACE}/${MIGRATING_WORKLOAD.lease}: its leader writes the Lease alone for ${this.schedule.lagForMs / 1000}s; the ConfigMap's record lags`,
    );
    this.emit('lag', true);
    this.after(this.schedule.lagForMs, () => this.endLag());
  }

  /** The window ends: the leader writes both records again. */
  endLag(): void {
    if (!this.lagging_) {
      return;
    }
    this.lagging_ = false;
    this.setWritePrimary(true);
    this.emit('lag', false);
    if (this.schedule.lagEveryMs > 0 && !this.stopped) {
      this.after(Math.max(0, this.schedule.lagEveryMs - this.schedule.lagForMs), () => this.startLag());
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) {
      clearTimeout(t);
    }
    this.timers.clear();
  }

  private setWritePrimary(on: boolean): void {
    for (const e of this.o.migratingElectors()) {
      if (e?.resourceLock instanceof MultiLock) {
        e.resourceLock.writePrimary = on;
      }
    }
  }

  private after(ms: number, f: () => void): void {
    if (this.stopped) {
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      f();
    }, ms);
    this.timers.add(t);
  }
}
