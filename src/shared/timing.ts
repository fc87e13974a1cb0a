// The election's timing as the Lease server reads it from the candidate pods' specs and checks it
// against the Lease and what was observed (issue 16, section 3). Sent as the optional `timing`
// field of a FollowSnapshot / FollowUpdate.

/** The three client-go leader election durations. */
export type TimingParameter = 'leaseDuration' | 'renewDeadline' | 'retryPeriod';

/** Where a value came from: a flag of a container of a pod, or client-go's default. */
export type TimingSource = { kind: 'flag'; flag: string; pod: string; container: string; raw: string } | { kind: 'default' };

export interface TimingValue {
  ms: number;
  source: TimingSource;
}

export type TimingLevel = 'ok' | 'warn' | 'error';

export type TimingCheckId =
  | 'invalid-flag'
  | 'disabled'
  | 'lease-over-deadline'
  | 'deadline-over-jitter'
  | 'deadline-margin'
  | 'lease-seconds'
  | 'renew-interval'
  | 'renew-deadline-headroom'
  | 'range-lease'
  | 'range-deadline'
  | 'range-retry'
  | 'failover';

export interface TimingCheck {
  id: TimingCheckId;
  level: TimingLevel;
  /** One sentence, already translated. */
  message: string;
  /** The parameters the check is about (for placing it on flags). */
  about: TimingParameter[];
  /** For 'invalid-flag': the flag (without dashes). */
  flag?: string;
}

export interface ElectionTiming {
  leaseDuration: TimingValue;
  renewDeadline: TimingValue;
  retryPeriod: TimingValue;
  /** `--leader-elect` / `--leader-elect-resource-name` / `-namespace` when a pod sets them. */
  leaderElect?: boolean;
  resourceName?: string;
  resourceNamespace?: string;
  /** The pod whose flags were read (the holder's when it has any). */
  pod?: string;
  checks: TimingCheck[];
}
