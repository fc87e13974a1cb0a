// What a candidate pod's metrics say about one election: client-go's leader_election_master_status
// for the Lease's name, its lease renew requests and its work queues' depth. Pure.
import type { PromSample } from './promText';

/** The metric names read from a pod; everything else on the page is checked and dropped. */
export const electionMetricNames: ReadonlySet<string> = new Set([
  'leader_election_master_status',
  'rest_client_requests_total',
  'workqueue_depth',
]);

export interface ElectionMetrics {
  /** 1 leads, 0 does not; absent when the pod has no such series for this election. */
  masterStatus?: number;
  /** Writes to the leases resource, when rest_client_requests_total is labelled by resource. */
  renewRequests?: number;
  /** Sum of workqueue_depth over every queue, when there is any. */
  workqueueDepth?: number;
}

const LEASE_WRITES = new Set(['put', 'patch', 'update']);

function finite(n: number): boolean {
  return Number.isFinite(n);
}

/**
 * Reads the election's numbers. `leader_election_master_status` is picked by its `name` label (the
 * elector's name, normally the Lease's); when no series has that name and there is exactly one
 * series, that one (a process running one election). Renew requests: rest_client_requests_total
 * series with `resource="leases"` (and a write verb, when a method or verb label is there); stock
 * client-go labels only code, method and host, and then there is no count.
 */
export function readElectionMetrics(samples: readonly PromSample[], leaseName: string): ElectionMetrics {
  const out: ElectionMetrics = {};
  const master = samples.filter((s) => s.name === 'leader_election_master_status' && finite(s.value));
  const mine = master.filter((s) => s.labels.get('name') === leaseName);
  const chosen = mine.length > 0 ? mine : master.length === 1 ? master : [];
  if (chosen.length > 0) {
    out.masterStatus = chosen.some((s) => s.value >= 1) ? 1 : 0;
  }
  let renew: number | undefined;
  for (const s of samples) {
    if (s.name !== 'rest_client_requests_total' || !finite(s.value) || s.labels.get('resource') !== 'leases') {
      continue;
    }
    const verb = s.labels.get('method') ?? s.labels.get('verb');
    if (verb !== undefined && !LEASE_WRITES.has(verb.toLowerCase())) {
      continue;
    }
    renew = (renew ?? 0) + s.value;
  }
  if (renew !== undefined) {
    out.renewRequests = renew;
  }
  let depth: number | undefined;
  for (const s of samples) {
    if (s.name === 'workqueue_depth' && finite(s.value)) {
      depth = (depth ?? 0) + s.value;
    }
  }
  if (depth !== undefined) {
    out.workqueueDepth = depth;
  }
  return out;
}
