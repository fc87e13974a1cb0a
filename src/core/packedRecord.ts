// A leadership record as the Lease server keeps it: packed, so that 10,000 Leases of 10 terms each
// stay small, and renewed in place, so that a renewal costs the same however many terms there are.
// V8 boxes every double held in an object field (~24 B each) but keeps a number[] of doubles
// unboxed (8 B each): the terms' times and counts live in one number[] per record (NaN: absent),
// their holders in a string[] (a holder repeated in the record is one string), how each ended and
// where it is known from in one character per term, the open term's recent renew intervals in a
// small ring. `pack` and `unpack` convert from and to the plain record (leadershipRecord.ts), whose
// pure rules stay the reference: `renewPacked` is their fast path for the common case (the same
// holder's term goes on) and declines everything else, which the caller runs through `observe`.
// healthFlags.ts and healthRow.ts read either form through the queries below. Pure functions; only
// `renewPacked` changes its argument, the record the caller owns.

import { isFiniteNumber } from '../shared/guards';
import type { LeaseInfo, LeaseSpec } from '../shared/types';
import {
  defaultRecordLimits,
  MAX_HOLDER_LENGTH,
  micro,
  type LeadershipRecord,
  type RecordLimits,
  type RecordTerm,
  type TermEnd,
  type TermSource,
} from './leadershipTerms';
import { parseMicroTime } from './microTime';
import { compactSample, RENEW_SAMPLE_SIZE, type RenewSample } from './renewStats';

/** Record-wide values at the start of `nums`. */
const H_FIRST_OBSERVED = 0;
const H_LAST_OBSERVED = 1;
const H_DELETED = 2;
/** The earliest "last sign" (end, else last renewal, else start) of the ended terms: +Infinity when none. */
const H_OLDEST_ENDED = 3;
/** The open term's renewObservedAt (ended terms do not keep it). */
const H_RENEW_OBSERVED = 4;
const HEADER = 5;

/** Each term's values, STRIDE apart after the header. */
const T_ACQUIRED = 0;
const T_LOST = 1;
const T_RENEWED = 2;
const T_GAP = 3;
const T_TRANSITIONS = 4;
const T_DURATION = 5;
const T_RENEWALS = 6;
const T_COUNT = 7;
const T_MAX = 8;
const T_MEDIAN = 9;
const STRIDE = 10;

/** A term's end and source as one character of `codes`: '0' + 2 × end index + source index (end index 0: open). */
const ENDS: readonly (TermEnd | undefined)[] = [undefined, 'released', 'expired', 'taken-over', 'deleted', 'unknown'];
const SOURCES: readonly TermSource[] = ['watch', 'events'];
const CODE_BASE = 48;

/** The sample of a term without renew intervals: one shared, frozen empty array. */
const NO_SAMPLE: number[] = Object.freeze([]) as unknown as number[];

export interface PackedRecord {
  /** HEADER values, then STRIDE values per term, oldest first; NaN where a value is absent. */
  nums: number[];
  /** Each term's holder. */
  holders: string[];
  /** Each term's end and source, one character per term. */
  codes: string;
  /** The open term's newest renew intervals, a ring of at most RENEW_SAMPLE_SIZE (NO_SAMPLE when none). */
  sample: number[];
  /** Intervals held in `sample`. */
  fill: number;
  /** Where the oldest interval of a full ring is. */
  ring: number;
  droppedTerms: number;
}

export type AnyRecord = LeadershipRecord | PackedRecord;

export function isPacked(record: AnyRecord): record is PackedRecord {
  return 'nums' in record;
}

function orNaN(value: number | undefined): number {
  return value === undefined ? Number.NaN : value;
}

function orUndefined(value: number | undefined): number | undefined {
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

function lastSign(term: RecordTerm): number {
  return term.lostAt ?? term.lastRenewedAt ?? term.acquiredAt;
}

/** The record packed; holders repeated within it share one string. */
export function pack(record: LeadershipRecord): PackedRecord {
  const terms = record.terms;
  const n = terms.length;
  // Allocated at their final length: no spare capacity.
  const nums = new Array<number>(HEADER + STRIDE * n);
  const holders = new Array<string>(n);
  const codes = new Array<number>(n);
  nums[H_FIRST_OBSERVED] = orNaN(record.firstObservedAt);
  nums[H_LAST_OBSERVED] = orNaN(record.lastObservedAt);
  nums[H_DELETED] = orNaN(record.deletedAt);
  nums[H_RENEW_OBSERVED] = Number.NaN;
  let oldestEnded = Infinity;
  let sample = NO_SAMPLE;
  let fill = 0;
  for (let index = 0; index < n; index++) {
    const term = terms[index] as RecordTerm;
    const open = term.end === undefined && index === n - 1;
    const renew = open ? term.renew : compactSample(term.renew);
    const at = HEADER + STRIDE * index;
    nums[at + T_ACQUIRED] = term.acquiredAt;
    nums[at + T_LOST] = orNaN(term.lostAt);
    nums[at + T_RENEWED] = orNaN(term.lastRenewedAt);
    nums[at + T_GAP] = orNaN(term.gapBeforeMs);
    nums[at + T_TRANSITIONS] = orNaN(term.transitions);
    nums[at + T_DURATION] = orNaN(term.durationMs);
    nums[at + T_RENEWALS] = term.renewals;
    nums[at + T_COUNT] = renew.count;
    nums[at + T_MAX] = orNaN(renew.maxMs);
    nums[at + T_MEDIAN] = orNaN(renew.medianMs);
    let holder = term.holder;
    for (let earlier = 0; earlier < index; earlier++) {
      if (holders[earlier] === holder) {
        holder = holders[earlier];
        break;
      }
    }
    holders[index] = holder;
    codes[index] = CODE_BASE + 2 * ENDS.indexOf(term.end) + SOURCES.indexOf(term.source);
    if (open) {
      nums[H_RENEW_OBSERVED] = orNaN(term.renewObservedAt);
      const intervals = renew.intervals.slice(-RENEW_SAMPLE_SIZE);
      fill = intervals.length;
      if (fill > 0) {
        sample = new Array<number>(ringCapacity(fill));
        for (let i = 0; i < sample.length; i++) {
          sample[i] = i < fill ? (intervals[i] as number) : 0;
        }
      }
    } else {
      oldestEnded = Math.min(oldestEnded, lastSign(term));
    }
  }
  nums[H_OLDEST_ENDED] = oldestEnded;
  return { nums, holders, codes: String.fromCharCode(...codes), sample, fill, ring: 0, droppedTerms: record.droppedTerms };
}

/** Room for `fill` intervals: 4, 8, 16, … up to RENEW_SAMPLE_SIZE. */
function ringCapacity(fill: number): number {
  let capacity = Math.min(4, RENEW_SAMPLE_SIZE);
  while (capacity < fill && capacity < RENEW_SAMPLE_SIZE) {
    capacity = Math.min(2 * capacity, RENEW_SAMPLE_SIZE);
  }
  return capacity;
}

export function termCount(record: AnyRecord): number {
  return isPacked(record) ? record.holders.length : record.terms.length;
}

function endAt(p: PackedRecord, index: number): TermEnd | undefined {
  return ENDS[(p.codes.charCodeAt(index) - CODE_BASE) >> 1];
}

function sourceAt(p: PackedRecord, index: number): TermSource {
  return SOURCES[(p.codes.charCodeAt(index) - CODE_BASE) & 1] ?? 'watch';
}

/** The open term's renew intervals, oldest first (a copy). */
function intervalsOf(p: PackedRecord): number[] {
  const out = new Array<number>(p.fill);
  const full = p.fill === p.sample.length;
  for (let i = 0; i < p.fill; i++) {
    out[i] = p.sample[full ? (p.ring + i) % p.fill : i] as number;
  }
  return out;
}

function termAt(p: PackedRecord, index: number): RecordTerm {
  const nums = p.nums;
  const at = HEADER + STRIDE * index;
  const open = index === p.holders.length - 1 && endAt(p, index) === undefined;
  const renew: RenewSample = { count: nums[at + T_COUNT] as number, intervals: open ? intervalsOf(p) : [] };
  const maxMs = orUndefined(nums[at + T_MAX]);
  if (maxMs !== undefined) {
    renew.maxMs = maxMs;
  }
  const medianMs = orUndefined(nums[at + T_MEDIAN]);
  if (medianMs !== undefined) {
    renew.medianMs = medianMs;
  }
  const term: RecordTerm = {
    holder: p.holders[index] as string,
    acquiredAt: nums[at + T_ACQUIRED] as number,
    renewals: nums[at + T_RENEWALS] as number,
    source: sourceAt(p, index),
    renew,
  };
  const end = endAt(p, index);
  if (end !== undefined) {
    term.end = end;
  }
  const optional: [keyof RecordTerm & ('lostAt' | 'lastRenewedAt' | 'gapBeforeMs' | 'transitions' | 'durationMs'), number][] = [
    ['lostAt', T_LOST],
    ['lastRenewedAt', T_RENEWED],
    ['gapBeforeMs', T_GAP],
    ['transitions', T_TRANSITIONS],
    ['durationMs', T_DURATION],
  ];
  for (const [field, slot] of optional) {
    const value = orUndefined(nums[at + slot]);
    if (value !== undefined) {
      term[field] = value;
    }
  }
  const renewObservedAt = open ? orUndefined(nums[H_RENEW_OBSERVED]) : undefined;
  if (renewObservedAt !== undefined) {
    term.renewObservedAt = renewObservedAt;
  }
  return term;
}

/** The plain record (fresh objects; the holders are the packed record's strings). */
export function unpack(p: PackedRecord): LeadershipRecord {
  const terms: RecordTerm[] = [];
  for (let index = 0; index < p.holders.length; index++) {
    terms.push(termAt(p, index));
  }
  const record: LeadershipRecord = { terms, droppedTerms: p.droppedTerms };
  const first = orUndefined(p.nums[H_FIRST_OBSERVED]);
  if (first !== undefined) {
    record.firstObservedAt = first;
  }
  const last = orUndefined(p.nums[H_LAST_OBSERVED]);
  if (last !== undefined) {
    record.lastObservedAt = last;
  }
  const deleted = orUndefined(p.nums[H_DELETED]);
  if (deleted !== undefined) {
    record.deletedAt = deleted;
  }
  return record;
}

/** The open term (a fresh object), or undefined. */
export function openTermOf(record: AnyRecord): RecordTerm | undefined {
  if (!isPacked(record)) {
    const last = record.terms.at(-1);
    return last !== undefined && last.end === undefined ? last : undefined;
  }
  const last = record.holders.length - 1;
  return last >= 0 && endAt(record, last) === undefined ? termAt(record, last) : undefined;
}

/** Leadership changes that began within `windowMs` before `now` (timeline.ts's flappingCount, without copying terms). */
export function changesWithin(record: AnyRecord, now: number, windowMs: number): number {
  const since = now - windowMs;
  let count = 0;
  const n = termCount(record);
  for (let index = 0; index < n; index++) {
    let acquiredAt: number;
    let transitions: number | undefined;
    if (isPacked(record)) {
      acquiredAt = record.nums[HEADER + STRIDE * index + T_ACQUIRED] as number;
      transitions = orUndefined(record.nums[HEADER + STRIDE * index + T_TRANSITIONS]);
    } else {
      const term = record.terms[index] as RecordTerm;
      acquiredAt = term.acquiredAt;
      transitions = term.transitions;
    }
    if (acquiredAt >= since && (index > 0 || (transitions ?? 0) > 0)) {
      count++;
    }
  }
  return count;
}

function gapAt(record: AnyRecord, index: number): number | undefined {
  return isPacked(record) ? orUndefined(record.nums[HEADER + STRIDE * index + T_GAP]) : record.terms[index]?.gapBeforeMs;
}

/** The longest failover gap kept (ms). */
export function longestGapOf(record: AnyRecord): number | undefined {
  let longest: number | undefined;
  const n = termCount(record);
  for (let index = 0; index < n; index++) {
    const gap = gapAt(record, index);
    if (gap !== undefined && (longest === undefined || gap > longest)) {
      longest = gap;
    }
  }
  return longest;
}

/** The newest failover gap known (ms). */
export function lastGapOf(record: AnyRecord): number | undefined {
  for (let index = termCount(record) - 1; index >= 0; index--) {
    const gap = gapAt(record, index);
    if (gap !== undefined) {
      return gap;
    }
  }
  return undefined;
}

/** Terms known from Events only. */
export function eventTermsOf(record: AnyRecord): number {
  if (!isPacked(record)) {
    return record.terms.filter((term) => term.source === 'events').length;
  }
  let count = 0;
  for (let index = 0; index < record.holders.length; index++) {
    if (sourceAt(record, index) === 'events') {
      count++;
    }
  }
  return count;
}

export function deletedAtOf(record: AnyRecord): number | undefined {
  return isPacked(record) ? orUndefined(record.nums[H_DELETED]) : record.deletedAt;
}

/**
 * `observe` (leadershipRecord.ts) for the common case, in place and in constant time: the open
 * term's holder goes on (a renewal, or a version that changes nothing of the term), the record is
 * already watched, and nothing is due for pruning. Answers false, changing nothing, for anything
 * else (a new term, a release, an expiry, a deletion, a first observation, terms due for pruning):
 * the caller then runs `observe` on the unpacked record.
 */
export function renewPacked(
  p: PackedRecord,
  lease: Pick<LeaseInfo, 'spec'>,
  observedAt: number,
  limits: RecordLimits = defaultRecordLimits,
): boolean {
  const nums = p.nums;
  const last = p.holders.length - 1;
  if (
    !isFiniteNumber(observedAt) ||
    last < 0 ||
    endAt(p, last) !== undefined ||
    sourceAt(p, last) !== 'watch' ||
    Number.isNaN(nums[H_FIRST_OBSERVED] as number) ||
    !Number.isNaN(nums[H_DELETED] as number)
  ) {
    return false;
  }
  // pruneRecord: nothing over the count, no ended term past the age (the open term always stays).
  const maxTerms = Math.max(1, Math.floor(isFiniteNumber(limits.maxTerms) ? limits.maxTerms : defaultRecordLimits.maxTerms));
  const cutoff = isFiniteNumber(limits.maxAgeMs) ? observedAt - limits.maxAgeMs : -Infinity;
  if (last + 1 > maxTerms || (nums[H_OLDEST_ENDED] as number) < cutoff) {
    return false;
  }
  const spec = (lease.spec as LeaseSpec | undefined) ?? {};
  const holder = spec.holderIdentity;
  const open = p.holders[last] as string;
  if (typeof holder !== 'string' || holder === '' || holder.length > MAX_HOLDER_LENGTH || holder !== open) {
    return false;
  }
  const at = HEADER + STRIDE * last;
  const termTransitions = nums[at + T_TRANSITIONS] as number;
  const transitions = isFiniteNumber(spec.leaseTransitions) ? spec.leaseTransitions : undefined;
  if (transitions !== undefined && !Number.isNaN(termTransitions) && transitions > termTransitions) {
    return false;
  }
  const seconds = spec.leaseDurationSeconds;
  const durationMs = isFiniteNumber(seconds) && seconds > 0 ? seconds * 1000 : undefined;
  const renewedAt = parseMicroTime(spec.renewTime);
  const lastRenewedAt = nums[at + T_RENEWED] as number;
  const renewal = renewedAt !== undefined && (Number.isNaN(lastRenewedAt) || renewedAt > lastRenewedAt);
  if (!renewal) {
    // continueTerm's expiry: unrenewed past its duration by both clocks. That ends the term: declined.
    const alive = Number.isNaN(lastRenewedAt) ? (nums[at + T_ACQUIRED] as number) : lastRenewedAt;
    const duration = durationMs ?? orUndefined(nums[at + T_DURATION]);
    const observed = nums[H_RENEW_OBSERVED] as number;
    if (duration !== undefined && observedAt > Math.max(alive, Number.isNaN(observed) ? alive : observed) + duration) {
      return false;
    }
  }
  if (durationMs !== undefined) {
    nums[at + T_DURATION] = durationMs;
  }
  if (Number.isNaN(termTransitions) && transitions !== undefined) {
    nums[at + T_TRANSITIONS] = transitions;
  }
  if (renewal) {
    if (!Number.isNaN(lastRenewedAt)) {
      addInterval(p, at, micro(renewedAt - lastRenewedAt));
    }
    nums[at + T_RENEWED] = renewedAt;
    nums[H_RENEW_OBSERVED] = observedAt;
    nums[at + T_RENEWALS] = (nums[at + T_RENEWALS] as number) + 1;
  }
  const lastObserved = nums[H_LAST_OBSERVED] as number;
  nums[H_LAST_OBSERVED] = Number.isNaN(lastObserved) ? observedAt : Math.max(lastObserved, observedAt);
  return true;
}

/** renewStats.addInterval on the open term at `at`, in the ring. */
function addInterval(p: PackedRecord, at: number, intervalMs: number): void {
  if (!isFiniteNumber(intervalMs) || intervalMs < 0) {
    return;
  }
  const nums = p.nums;
  nums[at + T_COUNT] = (nums[at + T_COUNT] as number) + 1;
  const max = nums[at + T_MAX] as number;
  nums[at + T_MAX] = Number.isNaN(max) ? intervalMs : Math.max(max, intervalMs);
  // A new interval makes a live sample: a median kept from before (a compacted sample) no longer applies.
  nums[at + T_MEDIAN] = Number.NaN;
  if (p.fill < p.sample.length) {
    p.sample[p.fill++] = intervalMs;
  } else if (p.fill < RENEW_SAMPLE_SIZE) {
    // Grows to 4, 8, 16, … RENEW_SAMPLE_SIZE: a few copies per term, not one per renewal.
    const grown = new Array<number>(ringCapacity(p.fill + 1));
    for (let i = 0; i < grown.length; i++) {
      grown[i] = i < p.fill ? (p.sample[i] as number) : 0;
    }
    grown[p.fill++] = intervalMs;
    p.sample = grown;
  } else {
    p.sample[p.ring] = intervalMs;
    p.ring = (p.ring + 1) % p.fill;
  }
}

/** Bytes of a V8 one-byte or two-byte string of `s`'s length (header, characters, rounded to 8). */
function stringBytes(s: string): number {
  // eslint-disable-next-line no-control-regex
  const perChar = /[^\u0000-\u00ff]/.test(s) ? 2 : 1;
  return 8 * Math.ceil((16 + perChar * s.length) / 8);
}

/** A JS array and its backing store of `length` 8-byte elements. */
function arrayBytes(length: number): number {
  return length === 0 ? 0 : 32 + 16 + 8 * length;
}

/**
 * Bytes a record keeps on the V8 heap as the Lease server keeps it (packed; 64-bit V8 without
 * pointer compression): the record object, its arrays with their backing stores, the codes, and
 * each distinct holder string (a holder may also be shared with the Lease: counted anyway).
 */
export function estimatePackedBytes(p: PackedRecord): number {
  const objectBytes = 24 + 8 * 7;
  let bytes = objectBytes + arrayBytes(p.nums.length) + 32 + 16 + 8 * p.holders.length + stringBytes(p.codes) + arrayBytes(p.sample.length);
  for (let index = 0; index < p.holders.length; index++) {
    const holder = p.holders[index] as string;
    if (p.holders.indexOf(holder) === index) {
      bytes += stringBytes(holder);
    }
  }
  return bytes;
}

/** Bytes the record takes as the Lease server keeps it (packed): see estimatePackedBytes. */
export function estimateRecordBytes(record: AnyRecord): number {
  return estimatePackedBytes(isPacked(record) ? record : pack(record));
}
