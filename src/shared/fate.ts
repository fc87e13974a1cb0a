// The fate of the old leader: what happened to the holder's pod around the end of each ended
// term (issue 16 §1). The Lease server gathers the evidence (src/server/follow/termFate.ts), the
// rules in src/core/leaderFate.ts turn it into a TermFate, which travels as the optional `fates`
// of a FollowSnapshot / FollowUpdate; the panel's history and the incident summary show it.
import type { LeadershipSignal } from './types';

/** What ended the term, as far as the cluster tells. */
export type FateCause =
  'oom-killed' | 'crashed' | 'evicted' | 'deleted' | 'node-not-ready' | 'node-gone' | 'rollout' | 'lost-lease' | 'running' | 'unknown';

export type FateEvidenceSource = 'pod' | 'container' | 'node' | 'event' | 'rollout' | 'log' | 'note';

/** One fact a fate rests on. Texts hold clipped cluster strings: show them as text only. */
export interface FateEvidence {
  source: FateEvidenceSource;
  /** When it happened (ms since the epoch), when known. */
  at?: number;
  text: string;
  /** A log line of the previous container instance (`previous=true`). */
  previous?: boolean;
}

export interface TermFate {
  /** The term, as in the follow's timeline: holder and acquiredAt identify it. */
  holder: string;
  acquiredAt?: number;
  lostAt?: number;
  end?: 'taken-over' | 'released' | 'expired';
  /** The holder's pod, when one was found or guessed from the identity. */
  pod?: string;
  cause: FateCause;
  /** When the cause happened (ms). */
  at?: number;
  exitCode?: number;
  /** The container's terminated reason, or the Event's reason. */
  reason?: string;
  /** The container ran again after it ended. */
  restarted?: boolean;
  /** The container now waits in CrashLoopBackOff. */
  crashLoop?: boolean;
  node?: string;
  /** Rollout: the Deployment, the old holder's ReplicaSet and the newer one. */
  deployment?: string;
  fromReplicaSet?: string;
  toReplicaSet?: string;
  /** The old holder's last leadership log line before the end. */
  lastLog?: { at: number; text: string; signal: LeadershipSignal; previous: boolean };
  evidence: FateEvidence[];
  /** False while the server may still look again (a restart may come later). */
  settled: boolean;
}

/** Identifies a term across snapshots: holder and acquiredAt. */
export function termFateKey(term: { holder: string; acquiredAt?: number }): string {
  return `${term.acquiredAt ?? ''}\u0000${term.holder}`;
}

/** `fates` of a snapshot or update, when present, is a list of fates with their evidence (what the panel reads). */
export function fatesFieldOk(value: unknown): boolean {
  return (
    value === undefined ||
    (Array.isArray(value) &&
      value.every(
        (f: unknown) =>
          typeof f === 'object' &&
          f !== null &&
          typeof (f as TermFate).holder === 'string' &&
          typeof (f as TermFate).cause === 'string' &&
          Array.isArray((f as TermFate).evidence) &&
          (f as TermFate).evidence.every(
            (e: unknown) => typeof e === 'object' && e !== null && typeof (e as FateEvidence).text === 'string',
          ),
      ))
  );
}
