// A Lease's leadership history, advanced one observed version at a time.
// A leadership change is a new holderIdentity or a higher leaseTransitions. The failover gap is the
// time from the old holder's last renewal (or the release) to the new holder's acquireTime.

import { isFiniteNumber } from '../shared/guards';
import type { LeadershipTerm, LeaseInfo, LeaseSpec, LeaseTimeline, RenewStats } from '../shared/types';
import { parseMicroTime } from './microTime';
import { termRanOut } from './termRanOut';

/** Most terms a timeline keeps; the oldest are dropped. */
export const MAX_TERMS = 200;

export function emptyTimeline(): LeaseTimeline {
  return { terms: [], renew: { count: 0 } };
}

function specOf(lease: Pick<LeaseInfo, 'spec'> | undefined): LeaseSpec {
  return (lease?.spec as LeaseSpec | undefined) ?? {};
}

function holderOf(spec: LeaseSpec): string {
  return typeof spec.holderIdentity === 'string' ? spec.holderIdentity : '';
}

function finite(n: unknown): number | undefined {
  return isFiniteNumber(n) ? n : undefined;
}

function durationMsOf(spec: LeaseSpec): number | undefined {
  const seconds = finite(spec.leaseDurationSeconds);
  return seconds !== undefined && seconds > 0 ? seconds * 1000 : undefined;
}

/** Differences of parsed MicroTimes, rounded to whole microseconds. */
function microDiff(a: number, b: number): number {
  return Math.round((a - b) * 1000) / 1000;
}

function addInterval(stats: RenewStats, intervalMs: number): RenewStats {
  const count = stats.count + 1;
  const meanMs = Math.round((((stats.meanMs ?? 0) * stats.count + intervalMs) / count) * 1000) / 1000;
  return { count, meanMs, maxMs: Math.max(stats.maxMs ?? intervalMs, intervalMs), lastMs: intervalMs };
}

function newTerm(
  holder: string,
  acquiredAt: number,
  renewedAt: number | undefined,
  transitions: number | undefined,
  gapBeforeMs: number | undefined,
): LeadershipTerm {
  const term: LeadershipTerm = { holder, acquiredAt, renewals: 0 };
  if (renewedAt !== undefined) {
    term.lastRenewedAt = renewedAt;
  }
  if (gapBeforeMs !== undefined) {
    term.gapBeforeMs = gapBeforeMs;
  }
  if (transitions !== undefined) {
    term.transitions = transitions;
  }
  return term;
}

/** A term for a holder only known from a Lease version the timeline never saw. */
function termFromLease(lease: LeaseInfo): LeadershipTerm {
  const spec = specOf(lease);
  return newTerm(
    holderOf(spec),
    parseMicroTime(spec.acquireTime) ?? lease.observedAt,
    parseMicroTime(spec.renewTime),
    finite(spec.leaseTransitions),
    undefined,
  );
}

function capped(terms: LeadershipTerm[]): LeadershipTerm[] {
  return terms.length > MAX_TERMS ? terms.slice(terms.length - MAX_TERMS) : terms;
}

/**
 * The timeline after observing `next` (the version before it was `previous`, if any).
 * Pure: returns a new timeline and leaves its arguments alone.
 */
export function advanceTimeline(timeline: LeaseTimeline, previous: LeaseInfo | undefined, next: LeaseInfo): LeaseTimeline {
  const spec = specOf(next);
  const holder = holderOf(spec);
  const acquiredAt = parseMicroTime(spec.acquireTime);
  const renewedAt = parseMicroTime(spec.renewTime);
  const transitions = finite(spec.leaseTransitions);

  const terms = timeline.terms.slice();
  let renew = timeline.renew;
  if (terms.length === 0 && previous !== undefined && holderOf(specOf(previous)) !== '') {
    terms.push(termFromLease(previous));
  }
  const last = terms.at(-1);
  const open = last !== undefined && last.end === undefined ? last : undefined;
  const previousTransitions = previous !== undefined ? finite(specOf(previous).leaseTransitions) : open?.transitions;
  const bumped = transitions !== undefined && previousTransitions !== undefined && transitions > previousTransitions;

  // The same holder's term goes on: count a renewal when renewTime moved forward.
  if (open !== undefined && open.holder === holder && !bumped) {
    if (renewedAt !== undefined && (open.lastRenewedAt === undefined || renewedAt > open.lastRenewedAt)) {
      if (open.lastRenewedAt !== undefined) {
        renew = addInterval(renew, microDiff(renewedAt, open.lastRenewedAt));
      }
      terms[terms.length - 1] = { ...open, lastRenewedAt: renewedAt, renewals: open.renewals + 1 };
    }
    return { terms, renew };
  }

  // Released: client-go's ReleaseOnCancel writes holder "" with renewTime = the release time.
  if (holder === '') {
    if (open !== undefined) {
      terms[terms.length - 1] = { ...open, end: 'released', lostAt: renewedAt ?? next.observedAt };
    }
    return { terms, renew };
  }

  // A new term. Its start: acquireTime, unless it was not moved on from the previous term's.
  const startedAt =
    acquiredAt !== undefined && (open?.acquiredAt === undefined || acquiredAt > open.acquiredAt) ? acquiredAt : next.observedAt;
  let gapBeforeMs: number | undefined;
  if (open !== undefined) {
    const lastAlive = open.lastRenewedAt ?? open.acquiredAt;
    const durationMs = durationMsOf(specOf(previous)) ?? durationMsOf(spec);
    const expired = lastAlive !== undefined && durationMs !== undefined && termRanOut(lastAlive + durationMs, startedAt, next.lock);
    terms[terms.length - 1] = { ...open, end: expired ? 'expired' : 'taken-over', lostAt: startedAt };
    gapBeforeMs = lastAlive !== undefined ? microDiff(startedAt, lastAlive) : undefined;
  } else if (
    last !== undefined &&
    last.end === 'released' &&
    last.lostAt !== undefined &&
    (previous === undefined || holderOf(specOf(previous)) === '')
  ) {
    gapBeforeMs = microDiff(startedAt, last.lostAt);
  }
  terms.push(newTerm(holder, startedAt, renewedAt, transitions, gapBeforeMs));
  return { terms: capped(terms), renew };
}

/**
 * Leadership changes within the last `windowMinutes`: terms that began in the window, not
 * counting the first known term unless leaseTransitions shows it was itself a change.
 */
export function flappingCount(terms: LeadershipTerm[], now: number, windowMinutes: number): number {
  const since = now - windowMinutes * 60_000;
  let count = 0;
  terms.forEach((term, index) => {
    if (term.acquiredAt === undefined || term.acquiredAt < since) {
      return;
    }
    if (index > 0 || (term.transitions ?? 0) > 0) {
      count++;
    }
  });
  return count;
}

/** More than `changes` leadership changes within the last `windowMinutes`. */
export function isFlapping(terms: LeadershipTerm[], now: number, changes: number, windowMinutes: number): boolean {
  return flappingCount(terms, now, windowMinutes) > changes;
}
