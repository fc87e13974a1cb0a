// The workload whose leader election flags are out of range (issue 16 §3): descheduler, run with
// a renew deadline of 14 s of a 15 s lease and a retry period of 5 s, so a leader that stops
// renewing gives up only 1 s before its lease can be taken — less than one retry period. Its
// pods' specs carry the flags, so the panel's Timing section (and the manifest diagnostics)
// show the warnings; its electors run with exactly these timings.
import type { Timing, WorkloadSpec } from './workloads';

/** The kube components' flags for a timing, as a pod's args carry them. */
export function timingFlags(timing: Timing): string[] {
  return [
    '--leader-elect=true',
    `--leader-elect-lease-duration=${timing.leaseDurationSeconds}s`,
    `--leader-elect-renew-deadline=${timing.renewDeadlineMs / 1000}s`,
    `--leader-elect-retry-period=${timing.retryPeriodMs / 1000}s`,
  ];
}

const outOfRange: Timing = { leaseDurationSeconds: 15, renewDeadlineMs: 14_000, retryPeriodMs: 5_000 };

export const OUT_OF_RANGE_TIMING_WORKLOAD: WorkloadSpec = {
  namespace: 'kube-system',
  lease: 'descheduler',
  kind: 'deployment',
  app: 'descheduler',
  replicas: 2,
  container: 'descheduler',
  image: 'registry.k8s.io/descheduler/descheduler:v0.32.1',
  logFormat: 'klog-structured',
  timing: outOfRange,
  component: 'descheduler',
  appFile: 'descheduler.go',
  chatter: { controller: 'descheduler', namespace: 'kube-system' },
  flags: [...timingFlags(outOfRange), '--leader-elect-resource-name=descheduler', '--leader-elect-resource-namespace=kube-system'],
};
