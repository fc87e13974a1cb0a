// The leader-elected workloads of the demo cluster: Deployments whose replicas compete for a Lease
// and the control-plane static pods on three nodes. Each has its log format, timings and names.
import type { ChatterProfile, LockType, LogFormat } from './elector';

export interface Timing {
  leaseDurationSeconds: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

export const CLIENT_GO_TIMING: Timing = { leaseDurationSeconds: 15, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

export interface WorkloadSpec {
  namespace: string;
  /** Name of the Lease. */
  lease: string;
  /** A Deployment's replicas, or static pods `<app>-<node>` on the control-plane nodes. */
  kind: 'deployment' | 'static';
  /** Deployment name, or the static pod's component. */
  app: string;
  replicas: number;
  container: string;
  image: string;
  logFormat: LogFormat;
  timing: Timing;
  /** source.component of its LeaderElection events. */
  component: string;
  /** File of the program's own lines. */
  appFile: string;
  chatter: ChatterProfile;
  /** Extra args of a Deployment's pods, e.g. its leader election flags (timingWorkload.ts). */
  flags?: readonly string[];
  /** What its electors keep the record in (default `leases`; legacyLocks.ts has the others). */
  lock?: LockType;
  /** Holder identity from the hostname (pod name, or node name for host-network static pods). */
  identity?: (hostname: string) => string;
}

export function workloadKey(w: { namespace: string; lease: string }): string {
  return `${w.namespace}/${w.lease}`;
}

export const CONTROL_PLANE_NODES = ['cp-node-1', 'cp-node-2', 'cp-node-3'] as const;

export const WORKLOADS: readonly WorkloadSpec[] = [
  {
    namespace: 'kube-system',
    lease: 'kube-scheduler',
    kind: 'static',
    app: 'kube-scheduler',
    replicas: CONTROL_PLANE_NODES.length,
    container: 'kube-scheduler',
    image: 'registry.k8s.io/kube-scheduler:v1.34.2',
    logFormat: 'klog-printf',
    timing: CLIENT_GO_TIMING,
    component: 'default-scheduler',
    appFile: 'server.go',
    chatter: { controller: 'scheduler', namespace: 'default' },
  },
  {
    namespace: 'kube-system',
    lease: 'kube-controller-manager',
    kind: 'static',
    app: 'kube-controller-manager',
    replicas: CONTROL_PLANE_NODES.length,
    container: 'kube-controller-manager',
    image: 'registry.k8s.io/kube-controller-manager:v1.35.0',
    logFormat: 'klog-structured',
    timing: CLIENT_GO_TIMING,
    component: 'kube-controller-manager',
    appFile: 'controllermanager.go',
    chatter: { controller: 'replicaset', namespace: 'default' },
  },
  {
    namespace: 'payments',
    lease: 'a3f1c2d4.payments.example.com',
    kind: 'deployment',
    app: 'payments-operator',
    replicas: 3,
    container: 'manager',
    image: 'registry.example.com/payments-operator:v1.8.2',
    logFormat: 'json',
    timing: CLIENT_GO_TIMING,
    component: 'payments-operator',
    appFile: 'main.go',
    chatter: { controller: 'invoice', namespace: 'payments' },
  },
  {
    namespace: 'jobs',
    lease: 'batch-reconciler',
    kind: 'deployment',
    app: 'batch-reconciler',
    replicas: 2,
    container: 'manager',
    image: 'registry.example.com/batch-reconciler:v0.14.0',
    logFormat: 'klog-structured',
    timing: CLIENT_GO_TIMING,
    component: 'batch-reconciler',
    appFile: 'controllermanager.go',
    chatter: { controller: 'cronjob', namespace: 'jobs' },
  },
  {
    namespace: 'demo',
    lease: 'leader-demo',
    kind: 'deployment',
    app: 'leader-demo',
    replicas: 3,
    container: 'leader-demo',
    image: 'registry.example.com/leader-demo:v0.3.1',
    logFormat: 'klog-printf',
    timing: { leaseDurationSeconds: 10, renewDeadlineMs: 6_000, retryPeriodMs: 2_000 },
    component: 'leader-demo',
    appFile: 'main.go',
    chatter: { controller: 'demo', namespace: 'demo' },
  },
  {
    namespace: 'cert-manager',
    lease: 'cert-manager-controller',
    kind: 'deployment',
    app: 'cert-manager',
    replicas: 2,
    container: 'cert-manager-controller',
    image: 'quay.io/jetstack/cert-manager-controller:v1.16.2',
    logFormat: 'klog-structured',
    timing: { leaseDurationSeconds: 60, renewDeadlineMs: 40_000, retryPeriodMs: 15_000 },
    component: 'cert-manager-leader-election',
    appFile: 'controller.go',
    chatter: { controller: 'certificates-issuing', namespace: 'cert-manager' },
    // cert-manager names its holder after the pod, not `<hostname>_<uuid>`.
    identity: (hostname) => `${hostname}-external-cert-manager-controller`,
  },
];

/** The workload whose leader crashes every minute. */
export const DEFAULT_CRASH_TARGET = 'demo/leader-demo';
/** Workloads whose leader now and then hands over cleanly (a rolling update). */
export const RELEASE_ROTATION = ['jobs/batch-reconciler', 'payments/a3f1c2d4.payments.example.com', 'kube-system/kube-controller-manager'];
