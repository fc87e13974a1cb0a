// The ended terms whose old holder's fate the follow looks for: the follow's own terms, and the
// terms of the Lease server's leadership record from before the follow (known from the watch or
// from Events), so a history that starts before Follow was pressed has causes too. A record term
// the follow also saw (same holder, starts within 2 s) is the follow's. Pure.
import type { HealthTerm } from '../shared/health';
import type { LeadershipTerm } from '../shared/types';

/** Two terms of one holder whose starts differ by at most this are the same term. */
const SAME_TERM_MS = 2000;

function asLeadershipTerm(term: HealthTerm): LeadershipTerm {
  const out: LeadershipTerm = { holder: term.holder, acquiredAt: term.acquiredAt, renewals: term.renewals };
  if (term.lostAt !== undefined) {
    out.lostAt = term.lostAt;
  }
  // The follow's terms end released, expired or taken over; a record's deleted or unknown end stays unnamed (lostAt says when).
  if (term.end === 'released' || term.end === 'expired' || term.end === 'taken-over') {
    out.end = term.end;
  }
  if (term.transitions !== undefined) {
    out.transitions = term.transitions;
  }
  return out;
}

/** The follow's terms and the record's ended terms it lacks, oldest first. */
export function fateTerms(followed: readonly LeadershipTerm[], record: readonly HealthTerm[]): LeadershipTerm[] {
  const earlier = record
    .filter((r) => r.lostAt !== undefined || r.end !== undefined)
    .filter(
      (r) =>
        !followed.some((f) => f.holder === r.holder && f.acquiredAt !== undefined && Math.abs(f.acquiredAt - r.acquiredAt) <= SAME_TERM_MS),
    )
    .map(asLeadershipTerm);
  if (earlier.length === 0) {
    return [...followed];
  }
  return [...earlier, ...followed].sort((a, b) => (a.acquiredAt ?? Infinity) - (b.acquiredAt ?? Infinity));
}
