// The two workloads that give the Leadership Health view something to show: a Lease whose
// leadership flaps (moves several times a minute for a few minutes, then settles) and one whose
// leader renews late now and then (flapping.ts and lateRenewer.ts drive them). Like WORKLOADS,
// Deployments whose replicas run real electors, recording LeaderElection Events.
import type { Timing, WorkloadSpec } from './workloads';

/** ingress-nginx's controllers, whose leadership moves on and off for minutes at a time. */
export const FLAPPING_WORKLOAD: WorkloadSpec = {
  namespace: 'ingress-nginx',
  lease: 'ingress-nginx-leader',
  kind: 'deployment',
  app: 'ingress-nginx-controller',
  replicas: 3,
  container: 'controller',
  image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1',
  logFormat: 'klog-printf',
  timing: { leaseDurationSeconds: 15, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 },
  component: 'ingress-nginx-leader',
  appFile: 'main.go',
  chatter: { controller: 'ingress', namespace: 'ingress-nginx' },
};

/**
 * cluster-autoscaler, run with a renew deadline of 13 s (of a 15 s lease) so that a leader whose
 * writes fail for a while renews late (after more than two thirds of the duration) but in time.
 */
export const LATE_RENEWER_WORKLOAD: WorkloadSpec = {
  namespace: 'kube-system',
  lease: 'cluster-autoscaler',
  kind: 'deployment',
  app: 'cluster-autoscaler',
  replicas: 2,
  container: 'cluster-autoscaler',
  image: 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.32.1',
  logFormat: 'klog-structured',
  timing: { leaseDurationSeconds: 15, renewDeadlineMs: 13_000, retryPeriodMs: 2_000 },
  component: 'cluster-autoscaler',
  appFile: 'main.go',
  chatter: { controller: 'scale-up', namespace: 'kube-system' },
};

export const HEALTH_WORKLOADS: readonly WorkloadSpec[] = [FLAPPING_WORKLOAD, LATE_RENEWER_WORKLOAD];

/** How the flapping Lease flaps. */
export interface FlappingSchedule {
  /** While flapping, the leader hands over about this often (±10 %). */
  moveEveryMs: number;
  /** A flapping spell lasts this long. */
  flapForMs: number;
  /** Then leadership stays put this long, and a new spell begins. */
  settleForMs: number;
  /** Every n-th move is a crash (the lease then expires before a candidate takes over); 0: never. */
  crashEvery: number;
}

/** About five moves a minute for 2.5 minutes, then 5 quiet minutes. */
export const DEFAULT_FLAPPING: FlappingSchedule = { moveEveryMs: 12_000, flapForMs: 150_000, settleForMs: 300_000, crashEvery: 4 };

/** How often the late renewer renews late. */
export interface LateRenewalSchedule {
  /** A late renewal about this often (±20 %). */
  everyMs: number;
}

export const DEFAULT_LATE_RENEWAL: LateRenewalSchedule = { everyMs: 45_000 };

/**
 * How long the API server fails the leader's writes after one of its renewals, so that the next
 * one comes after more than two thirds of the lease duration but before the renew deadline and
 * before the lease runs out: the leader retries every retry period, so it renews at most one retry
 * period after the writes succeed again. Throws when the timing leaves no such window.
 */
export function lateWindowMs(t: Timing): number {
  const durationMs = t.leaseDurationSeconds * 1000;
  const lower = (2 / 3) * durationMs + t.retryPeriodMs / 4;
  // The renew loop's deadline runs from one retry period after the last renewal.
  const upper = Math.min(durationMs, t.retryPeriodMs + t.renewDeadlineMs) - t.retryPeriodMs - t.retryPeriodMs / 4;
  if (upper <= lower) {
    throw new Error(
      `no late-renewal window for a ${t.leaseDurationSeconds}s lease with a ${t.renewDeadlineMs} ms renew deadline and a ${t.retryPeriodMs} ms retry period`,
    );
  }
  return (lower + upper) / 2;
}
