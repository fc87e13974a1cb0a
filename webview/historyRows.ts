// The rows of the panel's leadership history: the terms the follow saw, joined with the Lease
// server's leadership record for the Lease (HealthDetail, when the host sent one). The record
// knows terms from before the follow (some known from LeaderElection Events only) and how each
// ended, deletion included; the follow knows the current term's renewals best. Pure.
import type { HealthTerm, TermEnd, TermSource } from '../src/shared/health';
import type { LeadershipTerm } from '../src/shared/types';

/** Two terms of one holder whose starts differ by at most this are the same term. */
export const sameTermMs = 2000;

export interface HistoryRow {
  holder: string;
  acquiredAt?: number;
  lastRenewedAt?: number;
  lostAt?: number;
  end?: TermEnd;
  /** 'events': known from LeaderElection Events only. */
  source: TermSource;
  gapBeforeMs?: number;
  transitions?: number;
  renewals: number;
}

function fromFollow(term: LeadershipTerm): HistoryRow {
  return { ...term, source: 'watch' };
}

function fromRecord(term: HealthTerm): HistoryRow {
  const row: HistoryRow = { holder: term.holder, acquiredAt: term.acquiredAt, source: term.source, renewals: term.renewals };
  if (term.lostAt !== undefined) {
    row.lostAt = term.lostAt;
  }
  if (term.end !== undefined) {
    row.end = term.end;
  }
  if (term.gapBeforeMs !== undefined) {
    row.gapBeforeMs = term.gapBeforeMs;
  }
  if (term.transitions !== undefined) {
    row.transitions = term.transitions;
  }
  return row;
}

function matches(a: LeadershipTerm, b: HealthTerm): boolean {
  return a.holder === b.holder && a.acquiredAt !== undefined && Math.abs(a.acquiredAt - b.acquiredAt) <= sameTermMs;
}

/** The history oldest first: the follow's terms, with the record's terms it lacks and what the record knows of the ones it has. */
export function historyRows(followed: readonly LeadershipTerm[], record: readonly HealthTerm[] | undefined): HistoryRow[] {
  if (!record || record.length === 0) {
    return followed.map(fromFollow);
  }
  const used = new Set<number>();
  const rows = followed.map((term) => {
    const index = record.findIndex((r, i) => !used.has(i) && matches(term, r));
    if (index < 0) {
      return fromFollow(term);
    }
    used.add(index);
    const known = record[index];
    const row = fromFollow(term);
    row.source = known.source;
    // The record knows deletion and Events-only ends; the follow knows the end it saw.
    if (known.end !== undefined && (term.end === undefined || known.end === 'deleted')) {
      row.end = known.end;
      row.lostAt ??= known.lostAt;
    }
    row.gapBeforeMs ??= known.gapBeforeMs;
    row.transitions ??= known.transitions;
    return row;
  });
  const earlier = record.filter((_, i) => !used.has(i)).map(fromRecord);
  if (earlier.length === 0) {
    return rows;
  }
  return [...earlier, ...rows].sort((a, b) => (a.acquiredAt ?? Infinity) - (b.acquiredAt ?? Infinity));
}
