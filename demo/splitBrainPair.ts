// A split brain for the demo: two replicas of demo/zombie-controller, each serving Prometheus
// metrics through the pod proxy (one by a container port named http-metrics, one by the
// prometheus.io/port annotation). The first holds the Lease and renews it; now and then, for a
// while, the second also believes it leads: its leader_election_master_status is 1, its log says it
// acquired the lease and an Event says it became leader, while the first still renews. Then it
// logs the lost election and goes back to 0.
import { randomUUID } from 'node:crypto';
import type { ClusterStore } from './apiserver';
import { promContentType, type ProxyAnswer } from './apiserver/podProxy';
import { formatMicroTime, formatTime } from './elector';
import { podTemplateHash, randomString, uid } from './names';

export interface SplitBrainSchedule {
  /** The first split brain starts this long after start (ms). */
  firstAfterMs: number;
  /** How long the second replica believes it leads (ms). */
  zombieForMs: number;
  /** One split brain starts this often (ms); 0: only the first. */
  everyMs: number;
}

export const DEFAULT_SPLIT_BRAIN: SplitBrainSchedule = { firstAfterMs: 20_000, zombieForMs: 30_000, everyMs: 180_000 };

export const SPLIT_BRAIN_LEASE = { namespace: 'demo', name: 'zombie-controller' };
export const SPLIT_BRAIN_METRICS_PORT = 8080;

export interface SplitBrainPairOptions extends Partial<SplitBrainSchedule> {
  store: ClusterStore;
  /** The holder renews this often (ms, default 2 000); the Lease lasts 15 s. */
  renewEveryMs?: number;
  note: (message: string) => void;
}

const CONTAINER = 'manager';

interface Replica {
  pod: string;
  identity: string;
  leading: boolean;
  renewals: number;
}

export class SplitBrainPair {
  readonly holder: Replica;
  readonly zombie: Replica;
  private readonly schedule: SplitBrainSchedule;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly unregister: (() => void)[] = [];
  private renewTimer: NodeJS.Timeout | undefined;
  private acquiredAt = Date.now();
  private leaseUid: string | undefined;

  constructor(private readonly o: SplitBrainPairOptions) {
    this.schedule = { ...DEFAULT_SPLIT_BRAIN, ...o };
    const hash = podTemplateHash();
    const name = (): string => `${SPLIT_BRAIN_LEASE.name}-${hash}-${randomString(5)}`;
    const a = name();
    const b = name();
    this.holder = { pod: a, identity: `${a}_${randomUUID()}`, leading: true, renewals: 0 };
    this.zombie = { pod: b, identity: `${b}_${randomUUID()}`, leading: false, renewals: 0 };
  }

  /** True while the second replica believes it leads. */
  get splitBrain(): boolean {
    return this.zombie.leading;
  }

  start(): void {
    const { store } = this.o;
    const { namespace } = SPLIT_BRAIN_LEASE;
    store.ensureNamespace(namespace);
    const rs = { name: `${SPLIT_BRAIN_LEASE.name}-${randomString(9)}`, uid: uid() };
    const created = formatTime(Date.now() - 3_600_000);
    for (const [replica, byAnnotation] of [
      [this.holder, false],
      [this.zombie, true],
    ] as const) {
      store.upsertPod({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: replica.pod,
          namespace,
          creationTimestamp: created,
          labels: { app: SPLIT_BRAIN_LEASE.name },
          ...(byAnnotation
            ? { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(SPLIT_BRAIN_METRICS_PORT) } }
            : {}),
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.name, uid: rs.uid, controller: true }],
        },
        spec: {
          nodeName: 'worker-1',
          containers: [
            {
              name: CONTAINER,
              image: 'registry.example.com/zombie-controller:v0.3.1',
              args: ['--leader-elect=true'],
              ...(byAnnotation ? {} : { ports: [{ name: 'http-metrics', containerPort: SPLIT_BRAIN_METRICS_PORT, protocol: 'TCP' }] }),
            },
          ],
        },
      });
      this.unregister.push(store.proxies.register(namespace, replica.pod, SPLIT_BRAIN_METRICS_PORT, (path) => this.metrics(replica, path)));
    }
    this.acquiredAt = Date.now() - 600_000;
    this.log(this.holder, `successfully acquired lease ${namespace}/${SPLIT_BRAIN_LEASE.name}`);
    this.log(this.zombie, `attempting to acquire leader lease ${namespace}/${SPLIT_BRAIN_LEASE.name}...`);
    this.renew();
    this.renewTimer = setInterval(() => this.renew(), this.o.renewEveryMs ?? 2_000);
    this.after(this.schedule.firstAfterMs, () => this.startSplitBrain());
  }

  /** The second replica starts believing it leads (the schedule's start, or a test's). */
  startSplitBrain(): void {
    if (this.zombie.leading) {
      return;
    }
    const { namespace, name } = SPLIT_BRAIN_LEASE;
    this.zombie.leading = true;
    this.log(this.zombie, `successfully acquired lease ${namespace}/${name}`);
    this.o.store.createEvent({
      metadata: { namespace },
      involvedObject: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace, name, uid: this.leaseUid },
      reason: 'LeaderElection',
      message: `${this.zombie.identity} became leader`,
      type: 'Normal',
      source: { component: SPLIT_BRAIN_LEASE.name },
    });
    this.o.note(
      `${namespace}/${this.zombie.pod} believes it leads ${namespace}/${name} too, for ${this.schedule.zombieForMs / 1000}s (split brain)`,
    );
    this.after(this.schedule.zombieForMs, () => this.endSplitBrain());
  }

  /** The second replica notices it does not lead. */
  endSplitBrain(): void {
    if (!this.zombie.leading) {
      return;
    }
    const { namespace, name } = SPLIT_BRAIN_LEASE;
    this.zombie.leading = false;
    this.log(this.zombie, `failed to renew lease ${namespace}/${name}: timed out waiting for the condition`);
    this.log(this.zombie, 'leaderelection lost');
    this.log(this.zombie, `attempting to acquire leader lease ${namespace}/${name}...`);
    if (this.schedule.everyMs > 0) {
      this.after(this.schedule.everyMs - this.schedule.zombieForMs, () => this.startSplitBrain());
    }
  }

  stop(): void {
    for (const t of this.timers) {
      clearTimeout(t);
    }
    this.timers.clear();
    if (this.renewTimer) {
      clearInterval(this.renewTimer);
    }
    this.renewTimer = undefined;
    for (const f of this.unregister.splice(0)) {
      f();
    }
  }

  private after(ms: number, f: () => void): void {
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        f();
      },
      Math.max(0, ms),
    );
    this.timers.add(t);
  }

  private renew(): void {
    const { namespace, name } = SPLIT_BRAIN_LEASE;
    this.holder.renewals++;
    const lease = this.o.store.applyLease({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { namespace, name },
      spec: {
        holderIdentity: this.holder.identity,
        leaseDurationSeconds: 15,
        acquireTime: formatMicroTime(this.acquiredAt),
        renewTime: formatMicroTime(Date.now()),
        leaseTransitions: 2,
      },
    });
    this.leaseUid = lease.metadata.uid;
    if (this.zombie.leading) {
      this.zombie.renewals++; // it believes it renews too (its updates conflict)
    }
  }

  private metrics(replica: Replica, path: string): ProxyAnswer {
    if (path !== '/metrics') {
      return { status: 404, body: '404 page not found\n' };
    }
    const body = [
      '# HELP leader_election_master_status [ALPHA] Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.',
      '# TYPE leader_election_master_status gauge',
      `leader_election_master_status{name="${SPLIT_BRAIN_LEASE.name}"} ${replica.leading ? 1 : 0}`,
      '# HELP rest_client_requests_total [ALPHA] Number of HTTP requests, partitioned by status code, method, and host.',
      '# TYPE rest_client_requests_total counter',
      `rest_client_requests_total{code="200",host="10.96.0.1:443",method="PUT",resource="leases"} ${replica === this.holder ? replica.renewals : 0}`,
      `rest_client_requests_total{code="409",host="10.96.0.1:443",method="PUT",resource="leases"} ${replica === this.zombie ? replica.renewals : 0}`,
      '# HELP workqueue_depth [ALPHA] Current depth of workqueue',
      '# TYPE workqueue_depth gauge',
      `workqueue_depth{name="zombie"} ${replica.leading ? 3 + (replica.renewals % 5) : 0}`,
      '',
    ].join('\n');
    return { status: 200, body, contentType: promContentType };
  }

  private log(replica: Replica, text: string): void {
    const at = new Date();
    const stamp = `${String(at.getUTCMonth() + 1).padStart(2, '0')}${String(at.getUTCDate()).padStart(2, '0')} ${at.toISOString().slice(11, 23)}`;
    this.o.store.appendLog(SPLIT_BRAIN_LEASE.namespace, replica.pod, CONTAINER, `I${stamp}       1 leaderelection.go:260] ${text}`, at);
  }
}
