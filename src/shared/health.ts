// What the Lease server knows about the leadership health of each watched Lease, as it crosses
// the protocol: a row per Lease (the Leadership Health view's table, the tree's decorations, the
// status bar's count), one Lease's terms in detail (charts, history, incident summary), and the
// leadership Events of a whole context. The rules that make them live in src/core
// (leadershipRecord.ts, healthFlags.ts); the server keeps the records (src/server/health).
import type { LeaseEvent, LeaseKey, LockKind } from './types';

/** What is wrong with a Lease now; `healthFlagOrder` lists them worst first. */
export type HealthFlag =
  | 'stale-unknown'
  | 'expired-no-taker'
  | 'never-held'
  | 'renewing-late'
  | 'flapping'
  | 'clock-skew'
  /** Set by the host for a followed Lease whose split-brain alarm is up (FollowSnapshot.splitBrain); the server never sends it. */
  | 'split-brain';

/** Worst first: a row shows its flags in this order. */
export const healthFlagOrder: readonly HealthFlag[] = [
  'split-brain',
  'stale-unknown',
  'expired-no-taker',
  'flapping',
  'renewing-late',
  'clock-skew',
  'never-held',
];

/** How a term ended. 'unknown': a term known from Events only, whose Events do not say. */
export type TermEnd = 'released' | 'expired' | 'taken-over' | 'deleted' | 'unknown';

/** Where a term is known from: the Lease watch, or LeaderElection Events from before it. */
export type TermSource = 'watch' | 'events';

/** One holder's term, as the views see it (times in ms since the epoch). */
export interface HealthTerm {
  holder: string;
  acquiredAt: number;
  /** When it ended: the next start, the release, the deletion, the expiry. Absent while open. */
  lostAt?: number;
  end?: TermEnd;
  source: TermSource;
  /** Time without a leader before this term (ms). */
  gapBeforeMs?: number;
  renewals: number;
  renewMedianMs?: number;
  renewMaxMs?: number;
  /** leaseDurationSeconds of the term (ms). */
  durationMs?: number;
  /** leaseTransitions when the term started. */
  transitions?: number;
}

/** One Lease's row in the Leadership Health view. */
export interface HealthRow {
  key: LeaseKey;
  context: string;
  namespace: string;
  name: string;
  /** The holder now ('' when none). */
  holder: string;
  /** For a countdown drawn where it is shown: the Lease's renewTime and when that version was observed (ms), and its duration (ms). */
  renewedAt?: number;
  observedAt?: number;
  durationMs?: number;
  /** The Lease was deleted (its record is kept until pruned). */
  deleted?: boolean;
  /** Leadership changes within the last hour and the last day. */
  transitionsHour: number;
  transitionsDay: number;
  lastGapMs?: number;
  longestGapMs?: number;
  /** Renew intervals of the current term (ms). */
  renewMedianMs?: number;
  renewMaxMs?: number;
  /** Worst first (healthFlagOrder). */
  flags: HealthFlag[];
  /** Set while the context's connection is lost: since when nothing is known about the present. */
  unknownSince?: number;
  /** Terms kept, and how many of them are known from Events only. */
  terms: number;
  eventTerms: number;
  /** Where the election's record is kept when not a Lease (LeaseInfo.lock, issue 17). */
  lock?: Exclude<LockKind, 'lease'>;
}

/** One Lease in detail: its row, its terms oldest first, the current term's recent renew intervals. */
export interface HealthDetail {
  row: HealthRow;
  terms: HealthTerm[];
  /** The current term's newest renew intervals (ms), oldest first. */
  renewIntervals: number[];
  /** Terms pruned (bounds of count and age). */
  droppedTerms: number;
  firstObservedAt?: number;
}

/** A leadership Event anywhere in a context (reason LeaderElection), with what it was recorded on. */
export interface LeadershipEvent extends LeaseEvent {
  namespace: string;
  /** involvedObject.kind and .name: the Lease (or ConfigMap/Endpoints lock). */
  kind: string;
  name: string;
  /** reportingComponent, else source.component. */
  component: string;
}

/** Memory the health records take (Diagnostics.stats, the benchmark). */
export interface HealthStats {
  leases: number;
  terms: number;
  /** Estimated bytes of every record (leadershipTerms.estimateRecordBytes). */
  bytes: number;
  /** Leadership Events kept for the Events command and seeding. */
  events: number;
  /** Bytes of the persisted file(s) at the last save. */
  persistedBytes: number;
}
