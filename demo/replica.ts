// One replica of a workload: a pod whose container runs an Elector. When the process dies
// (crash, clean release before a restart, or a lost lease) the container restarts after a delay
// and a new process competes again with a new identity.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterStore } from './apiserver';
import { Elector } from './elector';
import { holderIdentity } from './names';
import type { Timing, WorkloadSpec } from './workloads';

export interface ReplicaContext {
  store: ClusterStore;
  kubeconfig: KubeConfig;
  workload: WorkloadSpec;
  timing: Timing;
  chatterEveryMs: number;
  restartDelayMs: number;
  note: (message: string) => void;
}

export class Replica {
  private elector_: Elector | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private processes = 0;

  constructor(
    private readonly ctx: ReplicaContext,
    readonly pod: string,
    /** The hostname the process sees: the pod name, or the node name for host-network pods. */
    readonly hostname: string,
  ) {}

  get elector(): Elector | undefined {
    return this.elector_;
  }

  isLeader(): boolean {
    return this.elector_?.isLeader() ?? false;
  }

  /** Starts the container's process (a new Elector with a new identity). */
  start(): void {
    if (this.stopped || this.elector_) {
      return;
    }
    const w = this.ctx.workload;
    if (this.processes++ > 0) {
      this.ctx.store.restartContainer(w.namespace, this.pod, w.container);
    }
    const elector = new Elector({
      kubeconfig: this.ctx.kubeconfig,
      namespace: w.namespace,
      name: w.lease,
      lock: w.lock,
      identity: w.identity ? w.identity(this.hostname) : holderIdentity(this.hostname),
      ...this.ctx.timing,
      recordEvents: { component: w.component },
      log: (line, at) => this.ctx.store.appendLog(w.namespace, this.pod, w.container, line, at),
      logFormat: w.logFormat,
      chatterEveryMs: this.ctx.chatterEveryMs,
      chatter: w.chatter,
      appFile: w.appFile,
    });
    elector.on('stopped', (reason) => {
      if (reason !== 'lost' || this.elector_ !== elector) {
        return;
      }
      this.ctx.note(`${w.namespace}/${this.pod} lost the lease ${w.lease} and exits; it restarts in ${this.ctx.restartDelayMs / 1000}s`);
      this.exited();
    });
    this.elector_ = elector;
    elector.start();
  }

  /** Kills the process (no release); the container restarts later. Returns the identity it had. */
  async crash(): Promise<string | undefined> {
    const elector = this.elector_;
    if (!elector) {
      return undefined;
    }
    this.exited();
    await elector.crash();
    return elector.identity;
  }

  /** Stops the process cleanly, releasing the lease, as a rolling update does; restarts later. */
  async releaseAndRestart(): Promise<string | undefined> {
    const elector = this.elector_;
    if (!elector) {
      return undefined;
    }
    this.exited();
    await elector.stop({ release: true });
    return elector.identity;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
    }
    this.restartTimer = undefined;
    const elector = this.elector_;
    this.elector_ = undefined;
    await elector?.stop();
  }

  private exited(): void {
    this.elector_ = undefined;
    if (this.stopped) {
      return;
    }
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.start();
    }, this.ctx.restartDelayMs);
  }
}
