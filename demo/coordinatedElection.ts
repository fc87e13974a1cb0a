// Coordinated leader election (coordination.k8s.io LeaseCandidates): the Lease
// kube-system/demo-coordinated with spec.strategy OldestEmulationVersion, held by one of three
// candidates (static pods `demo-coordinated-<node>` on the control-plane nodes, whose
// LeaseCandidate names are their identities) and naming in preferredHolder the one the strategy
// picks: the oldest emulation version. The holder renews the Lease; now and then the election
// pings the candidates (pingTime) and each answers by renewing (renewTime). Written in-process.
import type { ClusterStore, LeaseCandidate } from './apiserver';
import { formatMicroTime } from './elector';
import { leaderElectionLogs } from './elector/leaderElectionLogs';
import { formatLogLine, type LogRecord } from './elector/logFormat';
import type { NodeInfo } from './nodeLeases';
import { staticPod } from './pods';
import { CLIENT_GO_TIMING, type WorkloadSpec } from './workloads';

export const COORDINATED_LEASE = { namespace: 'kube-system', name: 'demo-coordinated' };
export const COORDINATED_STRATEGY = 'OldestEmulationVersion';

/** The static pods' component (not run by electors: written in-process). */
export const COORDINATED_WORKLOAD: WorkloadSpec = {
  namespace: COORDINATED_LEASE.namespace,
  lease: COORDINATED_LEASE.name,
  kind: 'static',
  app: 'demo-coordinated',
  replicas: 3,
  container: 'demo-coordinated',
  image: 'registry.k8s.io/demo-coordinated:v1.35.0',
  logFormat: 'klog-printf',
  timing: CLIENT_GO_TIMING,
  component: 'demo-coordinated',
  appFile: 'server.go',
  chatter: { controller: 'coordinated', namespace: 'kube-system' },
};

/** Binary and emulation versions per candidate, in control-plane node order. */
export const COORDINATED_VERSIONS: readonly { binaryVersion: string; emulationVersion: string }[] = [
  { binaryVersion: '1.34.2', emulationVersion: '1.33.0' },
  { binaryVersion: '1.35.0', emulationVersion: '1.34.0' },
  { binaryVersion: '1.35.0', emulationVersion: '1.35.0' },
];

export interface CoordinatedElectionOptions {
  store: ClusterStore;
  controlPlane: readonly NodeInfo[];
  nodeIP: (node: string) => string;
  /** The holder renews the Lease this often (ms; default 2 000). */
  renewEveryMs?: number;
  /** The candidates are pinged (and renew) this often (ms; default 15 000). */
  pingEveryMs?: number;
}

export class CoordinatedElection {
  /** Candidate names (= identities), in control-plane node order. */
  readonly candidates: string[];
  /** The holder (the second candidate) and the one the strategy prefers (the first: oldest emulation version). */
  readonly holder: string;
  readonly preferred: string;
  /** Pings so far. */
  pings = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly acquiredAt = Date.now() - 40 * 60_000;

  constructor(private readonly o: CoordinatedElectionOptions) {
    this.candidates = o.controlPlane.slice(0, 3).map((n) => `${COORDINATED_WORKLOAD.app}-${n.name}`);
    this.preferred = this.candidates[0];
    this.holder = this.candidates[1] ?? this.candidates[0];
  }

  start(): void {
    const { store } = this.o;
    const created = new Date(Date.now() - 2 * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    this.o.controlPlane.slice(0, 3).forEach((node, i) => {
      store.upsertPod(staticPod(COORDINATED_WORKLOAD, node.name, node.uid, this.o.nodeIP(node.name), created));
      const name = this.candidates[i];
      const now = formatMicroTime(Date.now());
      store.applyLeaseCandidate({
        apiVersion: 'coordination.k8s.io/v1beta1',
        kind: 'LeaseCandidate',
        metadata: { name, namespace: COORDINATED_LEASE.namespace, creationTimestamp: created },
        spec: {
          leaseName: COORDINATED_LEASE.name,
          pingTime: now,
          renewTime: now,
          ...COORDINATED_VERSIONS[i],
          strategy: COORDINATED_STRATEGY,
        },
      });
      this.log(name, leaderElectionLogs.attempting('klog-printf', `${COORDINATED_LEASE.namespace}/${COORDINATED_LEASE.name}`));
    });
    this.log(this.holder, leaderElectionLogs.acquired('klog-printf', `${COORDINATED_LEASE.namespace}/${COORDINATED_LEASE.name}`));
    this.renew();
    this.timers.push(setInterval(() => this.renew(), this.o.renewEveryMs ?? 2_000));
    this.timers.push(setInterval(() => this.ping(), this.o.pingEveryMs ?? 15_000));
  }

  /** The election pings every candidate; each renews at once. */
  ping(): void {
    const at = formatMicroTime(Date.now());
    this.pings++;
    for (const name of this.candidates) {
      const c = this.o.store.getObject('leasecandidates', COORDINATED_LEASE.namespace, name) as LeaseCandidate | undefined;
      if (!c?.spec) {
        continue;
      }
      this.o.store.applyLeaseCandidate({ ...c, spec: { ...c.spec, pingTime: at } });
      const renewed = this.o.store.getObject('leasecandidates', COORDINATED_LEASE.namespace, name) as LeaseCandidate;
      this.o.store.applyLeaseCandidate({ ...renewed, spec: { ...renewed.spec, renewTime: formatMicroTime(Date.now()) } });
    }
  }

  stop(): void {
    for (const t of this.timers.splice(0)) {
      clearInterval(t);
    }
  }

  private renew(): void {
    this.o.store.applyLease({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { ...COORDINATED_LEASE },
      spec: {
        holderIdentity: this.holder,
        leaseDurationSeconds: 15,
        acquireTime: formatMicroTime(this.acquiredAt),
        renewTime: formatMicroTime(Date.now()),
        leaseTransitions: 3,
        strategy: COORDINATED_STRATEGY,
        preferredHolder: this.preferred,
      },
    });
  }

  /** A line in the candidate's static pod (its name is the candidate's). */
  private log(candidate: string, rec: LogRecord): void {
    const now = Date.now();
    this.o.store.appendLog(
      COORDINATED_LEASE.namespace,
      candidate,
      COORDINATED_WORKLOAD.container,
      formatLogLine('klog-printf', now, rec),
      new Date(now),
    );
  }
}
