// A Lease's leadership record: its terms (who held it, from when, how each ended, the failover gap
// before each, renew statistics per term), fed one observed version at a time, bounded in terms and
// age. LeaderElection Events seed the history from before the watch (leadershipEvents.ts); health
// flags (healthFlags.ts) and persistence (leadershipRecordJson.ts) read it.
// The rules of a leadership change are those of timeline.ts (docs/architecture.md): a change is a new
// holderIdentity or a higher leaseTransitions; a term ends released, expired or taken over, and
// here also deleted. Pure: every function returns a new record and leaves its arguments alone.
// The record's shape, bounds and queries: leadershipTerms.ts (re-exported here).

import { isFiniteNumber } from '../shared/guards';
import type { LeaseInfo, LeaseSpec } from '../shared/types';
import {
  aliveUntil,
  currentTerm,
  defaultRecordLimits,
  EVENT_MATCH_MS,
  gapBefore,
  MAX_HOLDER_LENGTH,
  micro,
  pruneRecord,
  type LeadershipRecord,
  type RecordLimits,
  type RecordTerm,
} from './leadershipTerms';
import { parseMicroTime } from './microTime';
import { termRanOut } from './termRanOut';
import { addInterval, compactSample, emptyRenewSample } from './renewStats';
import { truncate } from './untrustedText';

export * from './leadershipTerms';
export { estimateRecordBytes } from './packedRecord';

/** What one observed version says. */
interface Version {
  holder: string;
  acquiredAt?: number;
  renewedAt?: number;
  transitions?: number;
  durationMs?: number;
  observedAt: number;
  /** Where the record lives when it is not a Lease (the ConfigMap and Endpoints locks keep whole seconds). */
  lock: LeaseInfo['lock'];
}

function readVersion(lease: Pick<LeaseInfo, 'spec' | 'lock'>, observedAt: number): Version {
  const spec = (lease.spec as LeaseSpec | undefined) ?? {};
  const holder = typeof spec.holderIdentity === 'string' ? truncate(spec.holderIdentity, MAX_HOLDER_LENGTH) : '';
  const seconds = spec.leaseDurationSeconds;
  return {
    holder,
    acquiredAt: parseMicroTime(spec.acquireTime),
    renewedAt: parseMicroTime(spec.renewTime),
    transitions: isFiniteNumber(spec.leaseTransitions) ? spec.leaseTransitions : undefined,
    durationMs: isFiniteNumber(seconds) && seconds > 0 ? seconds * 1000 : undefined,
    observedAt,
    lock: lease.lock,
  };
}

function withoutEnd(term: RecordTerm): RecordTerm {
  const { end: _end, lostAt: _lostAt, ...open } = term;
  return open;
}

function bumped(term: RecordTerm, v: Version): boolean {
  return v.transitions !== undefined && term.transitions !== undefined && v.transitions > term.transitions;
}

/** The same holder's term goes on: a renewal when renewTime moved on, else maybe its expiry. */
function continueTerm(term: RecordTerm, v: Version): RecordTerm {
  const next: RecordTerm = { ...term };
  if (v.durationMs !== undefined) {
    next.durationMs = v.durationMs;
  }
  if (next.transitions === undefined && v.transitions !== undefined) {
    next.transitions = v.transitions;
  }
  if (v.renewedAt !== undefined && (term.lastRenewedAt === undefined || v.renewedAt > term.lastRenewedAt)) {
    if (term.lastRenewedAt !== undefined) {
      next.renew = addInterval(term.renew, micro(v.renewedAt - term.lastRenewedAt));
    }
    next.lastRenewedAt = v.renewedAt;
    next.renewObservedAt = v.observedAt;
    next.renewals = term.renewals + 1;
    return next;
  }
  // Unrenewed past its duration by both clocks (the holder's renewTime and the observation), as a
  // client-go candidate would judge it: the term expired when its renewTime + duration passed.
  const alive = aliveUntil(term);
  const duration = next.durationMs;
  if (next.end === undefined && alive !== undefined && duration !== undefined) {
    const seen = Math.max(alive, term.renewObservedAt ?? alive);
    if (v.observedAt > seen + duration) {
      next.end = 'expired';
      next.lostAt = micro(alive + duration);
    }
  }
  return next;
}

/** A new term's start: acquireTime, unless it was not moved on from the previous term's (then: when it was seen). */
function startOf(v: Version, previous: RecordTerm | undefined): number {
  return v.acquiredAt !== undefined && (previous === undefined || v.acquiredAt > previous.acquiredAt) ? v.acquiredAt : v.observedAt;
}

function newTerm(v: Version, previous: RecordTerm | undefined): RecordTerm {
  const start = startOf(v, previous);
  const term: RecordTerm = { holder: v.holder, acquiredAt: start, renewals: 0, source: 'watch', renew: emptyRenewSample() };
  if (v.renewedAt !== undefined) {
    term.lastRenewedAt = v.renewedAt;
    term.renewObservedAt = v.observedAt;
  }
  if (v.transitions !== undefined) {
    term.transitions = v.transitions;
  }
  if (v.durationMs !== undefined) {
    term.durationMs = v.durationMs;
  }
  const gap = gapBefore(previous, start);
  if (gap !== undefined) {
    term.gapBeforeMs = gap;
  }
  return term;
}

/** Applies one version to `terms` (a copy the caller owns). */
function step(terms: RecordTerm[], v: Version): RecordTerm[] {
  const last = terms.at(-1);
  const open = last !== undefined && last.end === undefined ? last : undefined;
  if (v.holder === '') {
    // Released: client-go's ReleaseOnCancel writes holder "" with renewTime = the release time.
    if (open !== undefined) {
      terms[terms.length - 1] = { ...open, end: 'released', lostAt: v.renewedAt ?? v.observedAt };
    }
    return terms;
  }
  if (open !== undefined && open.holder === v.holder && !bumped(open, v)) {
    terms[terms.length - 1] = continueTerm(open, v);
    return terms;
  }
  // A term the record saw run out, renewed again by its holder (client-go lets the holder renew its
  // own expired Lease): the same term, its long renew interval counted.
  if (last?.end === 'expired' && last.source === 'watch' && last.holder === v.holder && !bumped(last, v)) {
    const alive = aliveUntil(last);
    if (v.renewedAt !== undefined && alive !== undefined && v.renewedAt > alive) {
      terms[terms.length - 1] = continueTerm(withoutEnd(last), v);
    }
    return terms;
  }
  let previous = last;
  if (open !== undefined) {
    const start = startOf(v, open);
    const alive = aliveUntil(open);
    const duration = open.durationMs ?? v.durationMs;
    const expired = alive !== undefined && duration !== undefined && termRanOut(alive + duration, start, v.lock);
    previous = { ...open, end: expired ? 'expired' : 'taken-over', lostAt: start };
    terms[terms.length - 1] = previous;
  }
  terms.push(newTerm(v, previous));
  return terms;
}

/**
 * The watch's first observation after Events-only history: the Events term of the same holder and
 * (about) the same acquireTime becomes the watched term; Events terms after the watched start are
 * dropped (the watch is the authority from there); an open Events term is closed, cause unknown.
 */
function catchUp(terms: RecordTerm[], v: Version): RecordTerm[] {
  if (v.holder !== '') {
    let match = -1;
    for (let index = terms.length - 1; index >= 0 && match < 0; index--) {
      const term = terms[index];
      if (term === undefined || term.holder !== v.holder) {
        continue;
      }
      const sameStart =
        v.acquiredAt !== undefined
          ? Math.abs(term.acquiredAt - v.acquiredAt) <= EVENT_MATCH_MS
          : index === terms.length - 1 && term.end === undefined;
      if (sameStart) {
        match = index;
      }
    }
    const found = terms[match];
    if (found !== undefined) {
      const kept = terms.slice(0, match);
      const merged: RecordTerm = { ...withoutEnd(found), source: 'watch', acquiredAt: v.acquiredAt ?? found.acquiredAt };
      const gap = gapBefore(kept.at(-1), merged.acquiredAt);
      delete merged.gapBeforeMs;
      if (gap !== undefined) {
        merged.gapBeforeMs = gap;
      }
      if (v.renewedAt !== undefined) {
        merged.lastRenewedAt = v.renewedAt;
        merged.renewObservedAt = v.observedAt;
      }
      return [...kept, merged];
    }
  }
  const start = v.acquiredAt ?? v.observedAt;
  const kept = terms.filter((term) => term.acquiredAt <= start);
  const last = kept.at(-1);
  if (last !== undefined && last.end === undefined) {
    kept[kept.length - 1] = { ...last, end: 'unknown' };
  }
  return kept;
}

/** A term that ended keeps only its renew summary (compactSample), and not when its last renewal was observed. */
function compacted(term: RecordTerm): RecordTerm {
  const { renewObservedAt: _observed, ...ended } = term;
  return { ...ended, renew: compactSample(term.renew) };
}

/** Terms that ended, compacted; only the last two can have just ended. */
function compactEnded(terms: RecordTerm[]): RecordTerm[] {
  for (let index = Math.max(0, terms.length - 2); index < terms.length; index++) {
    const term = terms[index];
    if (term !== undefined && term.end !== undefined && (term.renew.intervals.length > 0 || term.renewObservedAt !== undefined)) {
      terms[index] = compacted(term);
    }
  }
  return terms;
}

/**
 * A record kept across a pause of the watch (loaded from disk, or a lost connection) goes on with
 * `lease`: when the open term's holder still holds it, the renewals missed meanwhile are not one
 * long renew interval, so the term resumes from this version's renewTime. Anything else is left
 * to `observe` (a change while away ends the term at the last renewal it saw).
 */
export function resume(record: LeadershipRecord, lease: Pick<LeaseInfo, 'spec'>, observedAt: number): LeadershipRecord {
  const open = currentTerm(record);
  if (open === undefined || !isFiniteNumber(observedAt)) {
    return record;
  }
  const v = readVersion(lease, observedAt);
  if (v.holder !== open.holder || bumped(open, v) || v.renewedAt === undefined || (open.lastRenewedAt ?? -Infinity) >= v.renewedAt) {
    return record;
  }
  const terms = record.terms.slice();
  terms[terms.length - 1] = { ...open, lastRenewedAt: v.renewedAt, renewObservedAt: observedAt };
  return { ...record, terms };
}

/** The record after observing `lease` at `observedAt`; then pruned to `limits` as of `observedAt`. */
export function observe(
  record: LeadershipRecord,
  lease: Pick<LeaseInfo, 'spec' | 'lock'>,
  observedAt: number,
  limits: RecordLimits = defaultRecordLimits,
): LeadershipRecord {
  if (!isFiniteNumber(observedAt)) {
    return record;
  }
  const v = readVersion(lease, observedAt);
  const terms = compactEnded(step(record.firstObservedAt === undefined ? catchUp(record.terms, v) : record.terms.slice(), v));
  const next: LeadershipRecord = {
    terms,
    firstObservedAt: record.firstObservedAt ?? observedAt,
    lastObservedAt: Math.max(record.lastObservedAt ?? observedAt, observedAt),
    droppedTerms: record.droppedTerms,
  };
  return pruneRecord(next, observedAt, limits);
}

/** The Lease was deleted at `at`: the open term ends 'deleted'; a Lease made again starts a new term. */
export function observeDeleted(record: LeadershipRecord, at: number, limits: RecordLimits = defaultRecordLimits): LeadershipRecord {
  if (!isFiniteNumber(at)) {
    return record;
  }
  const terms = record.terms.slice();
  const open = currentTerm(record);
  if (open !== undefined) {
    terms[terms.length - 1] = compacted({ ...open, end: 'deleted', lostAt: at });
  }
  const next: LeadershipRecord = {
    ...record,
    terms,
    firstObservedAt: record.firstObservedAt ?? at,
    lastObservedAt: Math.max(record.lastObservedAt ?? at, at),
    deletedAt: at,
  };
  return pruneRecord(next, at, limits);
}
