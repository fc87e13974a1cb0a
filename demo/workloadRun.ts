// A running workload: its pods in the store and one Replica (Elector process) per pod.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterStore } from './apiserver';
import { randomInt } from 'node:crypto';
import { formatMicroTime } from './elector';
import { AbortScope } from './elector/abortScope';
import { deploymentPodName, podTemplateHash, uid } from './names';
import type { NodeInfo } from './nodeLeases';
import { deploymentPod, staticPod } from './pods';
import { Replica } from './replica';
import { workloadKey, type Timing, type WorkloadSpec } from './workloads';

export interface WorkloadRunOptions {
  store: ClusterStore;
  kubeconfig: KubeConfig;
  spec: WorkloadSpec;
  timing: Timing;
  /** Nodes for Deployment pods, round robin. */
  workers: readonly NodeInfo[];
  controlPlane: readonly NodeInfo[];
  nodeIP: (node: string) => string;
  nextPodIP: () => string;
  chatterEveryMs: number;
  restartDelayMs: number;
  note: (message: string) => void;
}

/** What happened to a leader that crashed or released. */
export interface LeaderExit {
  workload: string;
  pod: string;
  identity: string;
}

export class WorkloadRun {
  readonly key: string;
  readonly replicas: Replica[] = [];
  private readonly life = new AbortScope([]);
  private readonly createdAt: string;

  constructor(private readonly o: WorkloadRunOptions) {
    this.key = workloadKey(o.spec);
    const w = o.spec;
    const created = (this.createdAt = new Date(Date.now() - 3_600_000 * (2 + Math.random() * 70)).toISOString().replace(/\.\d+Z$/, 'Z'));
    const ctx = { ...o, workload: w };
    if (w.kind === 'static') {
      for (const node of o.controlPlane.slice(0, w.replicas)) {
        const pod = staticPod(w, node.name, node.uid, o.nodeIP(node.name), created);
        o.store.upsertPod(pod);
        this.replicas.push(new Replica(ctx, pod.metadata.name ?? '', node.name));
      }
    } else {
      const hash = podTemplateHash();
      const rs = { name: `${w.app}-${hash}`, uid: uid(), hash };
      for (let i = 0; i < w.replicas; i++) {
        const node = o.workers[(w.app.length + i) % o.workers.length].name;
        const name = deploymentPodName(w.app, hash);
        o.store.upsertPod(deploymentPod(w, rs, name, node, o.nextPodIP(), o.nodeIP(node), created));
        this.replicas.push(new Replica(ctx, name, name));
      }
    }
  }

  /**
   * Seeds the Lease (a Lease lock's) as the previous rollout left it (released a while ago, some transitions
   * behind it, created with the workload), then starts every replica's process.
   */
  start(): void {
    const w = this.o.spec;
    // Only a Lease lock finds a Lease left from before; the other locks create their objects.
    if ((w.lock ?? 'leases') === 'leases' && !this.o.store.getLease(w.namespace, w.lease)) {
      const releasedAt = formatMicroTime(Date.now() - 60_000 - Math.random() * 600_000);
      this.o.store.createLease({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: w.lease, namespace: w.namespace, creationTimestamp: this.createdAt },
        spec: {
          holderIdentity: '',
          leaseDurationSeconds: 1,
          acquireTime: releasedAt,
          renewTime: releasedAt,
          leaseTransitions: 1 + randomInt(12),
        },
      });
    }
    // In random order, so that not always the first pod wins the first election.
    for (const r of [...this.replicas].sort(() => Math.random() - 0.5)) {
      r.start();
    }
  }

  leader(): Replica | undefined {
    return this.replicas.find((r) => r.isLeader());
  }

  /** Waits (polling every 100 ms) until a replica leads. */
  async waitForLeader(timeoutMs: number): Promise<Replica> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leader = this.leader();
      if (leader) {
        return leader;
      }
      if (this.life.aborted) {
        throw new Error(`${this.key}: the demo is stopping`);
      }
      if (Date.now() >= deadline) {
        throw new Error(`${this.key}: no replica became leader within ${timeoutMs} ms`);
      }
      await this.life.sleep(100);
    }
  }

  /** Kills the leader's process (no release); its container restarts after the restart delay. */
  async crashLeader(timeoutMs: number): Promise<LeaderExit> {
    const leader = await this.waitForLeader(timeoutMs);
    const identity = (await leader.crash()) ?? '';
    this.o.note(
      `crashed the leader of ${this.key}: pod ${leader.pod} (${identity}); its container restarts in ${this.o.restartDelayMs / 1000}s`,
    );
    return { workload: this.key, pod: leader.pod, identity };
  }

  /** The leader releases the lease cleanly and restarts, like a rolling update. */
  async releaseLeader(timeoutMs: number): Promise<LeaderExit> {
    const leader = await this.waitForLeader(timeoutMs);
    const identity = (await leader.releaseAndRestart()) ?? '';
    this.o.note(
      `the leader of ${this.key} released the lease: pod ${leader.pod} (${identity}) restarts in ${this.o.restartDelayMs / 1000}s`,
    );
    return { workload: this.key, pod: leader.pod, identity };
  }

  async stop(): Promise<void> {
    this.life.abort('canceled');
    await Promise.all(this.replicas.map((r) => r.stop()));
  }
}
