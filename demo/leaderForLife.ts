// Leader-for-life (operator-framework's operator-lib `leader.Become`), in `legacy-locks`: the
// memcached-operator Deployment's leader owns the ConfigMap `memcached-operator-lock` (an owner
// reference to its Pod, no annotation, no expiry); the other replica finds the lock and waits.
// Both replicas log what operator-lib logs (zap JSON, logger "leader"). The lock lasts until the
// leader's pod is deleted — a dead leader keeps it.
import type { ClusterStore, ConfigMap, Pod } from './apiserver';
import { LEGACY_NAMESPACE } from './legacyLocks';
import { randomString, uid } from './names';
import type { NodeInfo } from './nodeLeases';
import { deploymentPod } from './pods';
import { CLIENT_GO_TIMING, type WorkloadSpec } from './workloads';

export const LEADER_FOR_LIFE_LOCK = { namespace: LEGACY_NAMESPACE, name: 'memcached-operator-lock' };

/** The Deployment (not run by electors: leader.Become is no lease). */
export const LEADER_FOR_LIFE_WORKLOAD: WorkloadSpec = {
  namespace: LEGACY_NAMESPACE,
  lease: LEADER_FOR_LIFE_LOCK.name,
  kind: 'deployment',
  app: 'memcached-operator',
  replicas: 2,
  container: 'manager',
  image: 'quay.io/example/memcached-operator:v0.0.1',
  logFormat: 'json',
  timing: CLIENT_GO_TIMING,
  component: 'memcached-operator',
  appFile: 'main.go',
  chatter: { controller: 'memcached', namespace: LEGACY_NAMESPACE },
  flags: ['--leader-elect=false'],
};

export interface LeaderForLifeOptions {
  store: ClusterStore;
  workers: readonly NodeInfo[];
  nodeIP: (node: string) => string;
  nextPodIP: () => string;
  /** The waiting replica logs "Not the leader. Waiting." this often (ms; default 10 000). */
  waitLogEveryMs?: number;
}

export class LeaderForLife {
  /** The leader's pod (owner of the lock) and the waiting one. */
  readonly leaderPod: string;
  readonly waitingPod: string;
  private readonly hash: string;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: LeaderForLifeOptions) {
    // `memcached-operator-7d9f…-xxxxx`: a pod-template hash that starts with 7d9f.
    const hash = `7d9f${randomString(5)}`;
    this.hash = hash;
    this.leaderPod = `memcached-operator-${hash}-${randomString(5)}`;
    this.waitingPod = `memcached-operator-${hash}-${randomString(5)}`;
  }

  start(): void {
    const { store } = this.o;
    const w = LEADER_FOR_LIFE_WORKLOAD;
    const created = new Date(Date.now() - 3 * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const rs = { name: `${w.app}-${this.hash}`, uid: uid(), hash: this.hash };
    const pods: Pod[] = [this.leaderPod, this.waitingPod].map((name, i) => {
      const node = this.o.workers[i % this.o.workers.length].name;
      return store.upsertPod(deploymentPod(w, rs, name, node, this.o.nextPodIP(), this.o.nodeIP(node), created));
    });
    const leader = pods[0];
    store.applyConfigMap({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        ...LEADER_FOR_LIFE_LOCK,
        creationTimestamp: created,
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Pod', name: leader.metadata.name ?? '', uid: leader.metadata.uid ?? '', controller: true },
        ],
      },
    });
    const at = Date.now() - 3 * 3_600_000 + 5_000;
    this.log(this.leaderPod, at, 'Trying to become the leader.');
    this.log(this.leaderPod, at + 20, 'No pre-existing lock was found.');
    this.log(this.leaderPod, at + 40, 'Became the leader.');
    this.log(this.waitingPod, at + 900, 'Trying to become the leader.');
    this.log(this.waitingPod, at + 920, 'Found existing lock', { LockOwner: this.leaderPod });
    this.log(this.waitingPod, at + 940, 'Not the leader. Waiting.');
    this.timer = setInterval(() => this.log(this.waitingPod, Date.now(), 'Not the leader. Waiting.'), this.o.waitLogEveryMs ?? 10_000);
  }

  /** The lock ConfigMap as stored. */
  lock(): ConfigMap | undefined {
    return this.o.store.getObject('configmaps', LEADER_FOR_LIFE_LOCK.namespace, LEADER_FOR_LIFE_LOCK.name) as ConfigMap | undefined;
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = undefined;
  }

  /** One operator-lib line: zap's production JSON (ts in epoch seconds), logger "leader". */
  private log(pod: string, at: number, msg: string, extra: Record<string, string> = {}): void {
    const line = JSON.stringify({ level: 'info', ts: at / 1000, logger: 'leader', msg, ...extra });
    this.o.store.appendLog(LEGACY_NAMESPACE, pod, LEADER_FOR_LIFE_WORKLOAD.container, line, new Date(at));
  }
}
