// The shape of a Lease's leadership record (leadershipRecord.ts changes it), its bounds, and what
// is read from it: current term, transitions within a window, gaps, bytes kept. Pure.

import { isFiniteNumber } from '../shared/guards';
import type { TermEnd, TermSource } from '../shared/health';
import type { LeadershipTerm } from '../shared/types';
import type { RenewSample } from './renewStats';
import { flappingCount } from './timeline';

export type { TermEnd, TermSource } from '../shared/health';

/** One holder's term. `lostAt` is when it ended: the next start, the release, the deletion, the expiry. */
export interface RecordTerm extends Omit<LeadershipTerm, 'acquiredAt' | 'end'> {
  /** acquireTime, else when the watch first saw the term, or the "became leader" Event. */
  acquiredAt: number;
  end?: TermEnd;
  source: TermSource;
  /** leaseDurationSeconds of the term's latest version (ms). */
  durationMs?: number;
  /** When the watch saw the last renewal (the observation clock). */
  renewObservedAt?: number;
  renew: RenewSample;
}

export interface LeadershipRecord {
  /** Oldest first; only the last may be open (no `end`). Events terms come before watch terms. */
  terms: RecordTerm[];
  /** The watch's first observation of the Lease; Events before it may add terms. */
  firstObservedAt?: number;
  lastObservedAt?: number;
  /** Set while the Lease is deleted. */
  deletedAt?: number;
  /** Terms pruned so far (count or age). */
  droppedTerms: number;
}

export interface RecordLimits {
  maxTerms: number;
  maxAgeMs: number;
}

export const defaultRecordLimits: RecordLimits = { maxTerms: 50, maxAgeMs: 7 * 24 * 3_600_000 };

/** Holder identities are kept to this many code points (a cluster's strings are untrusted). */
export const MAX_HOLDER_LENGTH = 1024;

/** A "became leader" Event this close to a watched term's acquireTime, same holder, is that term. */
export const EVENT_MATCH_MS = 30_000;

export function emptyRecord(): LeadershipRecord {
  return { terms: [], droppedTerms: 0 };
}

/** Rounds to whole microseconds: differences of large epoch values carry float noise. */
export function micro(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The last moment the term's holder is known to have led: the release, else its last renewal. */
export function aliveUntil(term: RecordTerm): number | undefined {
  if (term.source === 'events' || term.end === 'released') {
    return term.lostAt;
  }
  return term.lastRenewedAt ?? term.acquiredAt;
}

/** Failover gap before a term starting at `start`: none when the previous term's last sign of life is unknown. */
export function gapBefore(previous: RecordTerm | undefined, start: number): number | undefined {
  const alive = previous === undefined ? undefined : aliveUntil(previous);
  return alive === undefined ? undefined : Math.max(0, micro(start - alive));
}

export function currentTerm(record: LeadershipRecord): RecordTerm | undefined {
  const last = record.terms.at(-1);
  return last !== undefined && last.end === undefined ? last : undefined;
}

/** When a term last counted: its end, else its last renewal, else its start. */
function lastSignOf(term: RecordTerm): number {
  return term.lostAt ?? term.lastRenewedAt ?? term.acquiredAt;
}

/**
 * At most `maxTerms` terms (the newest) and none that ended more than `maxAgeMs` before `now`;
 * the open term is always kept.
 */
export function pruneRecord(record: LeadershipRecord, now: number, limits: RecordLimits = defaultRecordLimits): LeadershipRecord {
  const maxTerms = Math.max(1, Math.floor(isFiniteNumber(limits.maxTerms) ? limits.maxTerms : defaultRecordLimits.maxTerms));
  const cutoff = isFiniteNumber(now) && isFiniteNumber(limits.maxAgeMs) ? now - limits.maxAgeMs : -Infinity;
  const lastIndex = record.terms.length - 1;
  let terms = record.terms.filter((term, index) => (index === lastIndex && term.end === undefined) || lastSignOf(term) >= cutoff);
  if (terms.length > maxTerms) {
    terms = terms.slice(terms.length - maxTerms);
  }
  const dropped = record.terms.length - terms.length;
  return dropped === 0 ? record : { ...record, terms, droppedTerms: record.droppedTerms + dropped };
}

/** Leadership changes that began within `windowMs` before `now` (the first known term counts only if leaseTransitions says it was a change). */
export function transitionsWithin(record: LeadershipRecord, now: number, windowMs: number): number {
  return flappingCount(asTimelineTerms(record), now, windowMs / 60_000);
}

/** The terms as the timeline's terms (what timeline.ts's flapping rules read). */
export function asTimelineTerms(record: LeadershipRecord): LeadershipTerm[] {
  return record.terms.map(({ holder, acquiredAt, transitions, renewals }) => ({ holder, acquiredAt, transitions, renewals }));
}

/** The longest failover gap kept (ms). */
export function longestGap(record: LeadershipRecord): number | undefined {
  let longest: number | undefined;
  for (const term of record.terms) {
    if (term.gapBeforeMs !== undefined && (longest === undefined || term.gapBeforeMs > longest)) {
      longest = term.gapBeforeMs;
    }
  }
  return longest;
}

/** The newest failover gap known (ms). */
export function lastGap(record: LeadershipRecord): number | undefined {
  for (let index = record.terms.length - 1; index >= 0; index--) {
    const gap = record.terms[index]?.gapBeforeMs;
    if (gap !== undefined) {
      return gap;
    }
  }
  return undefined;
}
