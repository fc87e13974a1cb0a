// Who each candidate pod believes leads, read from its Prometheus metrics through the API server's
// pod proxy, and the split-brain alarm made from that, the leadership log lines and the Events.
// Plain JSON: it crosses the Lease server → host → panel boundaries inside FollowSnapshot/FollowUpdate.

/** What one candidate pod's metrics said at the last read, or why they could not be read. */
export interface PodMetrics {
  pod: string;
  /** The port asked for through the proxy, and where it came from. */
  port?: number;
  portSource?: 'container-port' | 'annotation' | 'setting';
  /** When the read finished (ms since the epoch, server clock). */
  readAt: number;
  /** leader_election_master_status for the Lease's election: 1 leads, 0 does not. */
  masterStatus?: number;
  /** Renew requests: rest_client_requests_total of the leases resource (writes), when labelled. */
  renewRequests?: number;
  /** Sum of workqueue_depth over every queue. */
  workqueueDepth?: number;
  /** Why the metrics are missing or partial (403, 404, no port, parse error…), already translated. */
  note?: string;
}

/** What a piece of evidence rests on. */
export type SplitBrainKind = 'metrics-two-leaders' | 'metrics-holder-not-leading' | 'logs-two-leaders' | 'event-other-leader';

/** One piece of evidence of a split brain, with since when it has been seen without a break. */
export interface SplitBrainEvidence {
  kind: SplitBrainKind;
  /** The pods (or, for an Event, the identity) it names. */
  pods: string[];
  /** Since when (ms, server clock) it has held. */
  since: number;
  /** One line saying what was seen, already translated; cluster strings clipped. */
  detail: string;
}

/** The split-brain state of a followed Lease: the evidence now, and whether it lasted long enough to alarm. */
export interface SplitBrainState {
  /** True when some evidence has lasted longer than the retry period. */
  alarm: boolean;
  /** When the alarm was raised (ms), while it is. */
  alarmSince?: number;
  /** The retry period the alarm waits for (ms). */
  retryPeriodMs: number;
  evidence: SplitBrainEvidence[];
}
