// A leadership record as JSON, for persisting it, and back. Parsing takes untrusted input (a file,
// workspace state): anything that is not a record this code could have written — wrong types,
// non-finite numbers, unknown ends, an open term before the last, oversized arrays or holders — is
// rejected as a whole (undefined), never thrown. Pure.

import { isFiniteNumber, isNonEmptyString, isRecord } from '../shared/guards';
import { MAX_HOLDER_LENGTH, type LeadershipRecord, type RecordTerm, type TermEnd, type TermSource } from './leadershipTerms';
import { MAX_PARSED_INTERVALS, type RenewSample } from './renewStats';
import { truncate } from './untrustedText';

/** The format's version; a record of any other is not read. */
export const RECORD_FORMAT = 1;

/** Most terms a persisted record may hold (far above any limit the record is pruned to). */
export const MAX_PARSED_TERMS = 1000;

const TERM_ENDS: readonly TermEnd[] = ['released', 'expired', 'taken-over', 'deleted', 'unknown'];
const TERM_SOURCES: readonly TermSource[] = ['watch', 'events'];
const OPTIONAL_TIMES = ['lastRenewedAt', 'lostAt', 'gapBeforeMs', 'transitions', 'durationMs', 'renewObservedAt'] as const;

export interface SerialisedRecord {
  format: typeof RECORD_FORMAT;
  terms: RecordTerm[];
  firstObservedAt?: number;
  lastObservedAt?: number;
  deletedAt?: number;
  droppedTerms: number;
}

function copySample(sample: RenewSample): RenewSample {
  const copy: RenewSample = { count: sample.count, intervals: sample.intervals.slice() };
  if (sample.maxMs !== undefined) {
    copy.maxMs = sample.maxMs;
  }
  if (sample.medianMs !== undefined) {
    copy.medianMs = sample.medianMs;
  }
  return copy;
}

function copyTerm(term: RecordTerm): RecordTerm {
  const copy: RecordTerm = {
    holder: term.holder,
    acquiredAt: term.acquiredAt,
    renewals: term.renewals,
    source: term.source,
    renew: copySample(term.renew),
  };
  if (term.end !== undefined) {
    copy.end = term.end;
  }
  for (const field of OPTIONAL_TIMES) {
    const value = term[field];
    if (value !== undefined) {
      copy[field] = value;
    }
  }
  return copy;
}

/** A JSON-safe copy of the record (plain objects, finite numbers, no undefined fields). */
export function serialise(record: LeadershipRecord): SerialisedRecord {
  const out: SerialisedRecord = { format: RECORD_FORMAT, terms: record.terms.map(copyTerm), droppedTerms: record.droppedTerms };
  for (const field of ['firstObservedAt', 'lastObservedAt', 'deletedAt'] as const) {
    const value = record[field];
    if (value !== undefined) {
      out[field] = value;
    }
  }
  return out;
}

function count(v: unknown): v is number {
  return isFiniteNumber(v) && Number.isInteger(v) && v >= 0;
}

function parseSample(value: unknown): RenewSample | undefined {
  if (!isRecord(value) || !count(value.count) || !Array.isArray(value.intervals) || value.intervals.length > MAX_PARSED_INTERVALS) {
    return undefined;
  }
  const intervals: number[] = [];
  for (const interval of value.intervals as unknown[]) {
    if (!isFiniteNumber(interval) || interval < 0) {
      return undefined;
    }
    intervals.push(interval);
  }
  const amount = (v: unknown): boolean => v === undefined || (isFiniteNumber(v) && v >= 0);
  if (intervals.length > value.count || !amount(value.maxMs) || !amount(value.medianMs)) {
    return undefined;
  }
  // A compacted sample (an ended term's) has a median and no intervals; a live one the reverse.
  if (value.medianMs !== undefined && intervals.length > 0) {
    return undefined;
  }
  const sample: RenewSample = { count: value.count, intervals };
  if (value.maxMs !== undefined) {
    sample.maxMs = value.maxMs as number;
  }
  if (value.medianMs !== undefined) {
    sample.medianMs = value.medianMs as number;
  }
  return sample;
}

function parseTerm(value: unknown): RecordTerm | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const { holder, acquiredAt, renewals, source, end } = value;
  if (!isNonEmptyString(holder) || holder.length > 2 * MAX_HOLDER_LENGTH || truncate(holder, MAX_HOLDER_LENGTH) !== holder) {
    return undefined;
  }
  if (!isFiniteNumber(acquiredAt) || !count(renewals) || !TERM_SOURCES.includes(source as TermSource)) {
    return undefined;
  }
  if (end !== undefined && !TERM_ENDS.includes(end as TermEnd)) {
    return undefined;
  }
  const renew = parseSample(value.renew);
  if (renew === undefined) {
    return undefined;
  }
  const term: RecordTerm = { holder, acquiredAt, renewals, source: source as TermSource, renew };
  if (end !== undefined) {
    term.end = end as TermEnd;
  }
  for (const field of OPTIONAL_TIMES) {
    const v = value[field];
    if (v === undefined) {
      continue;
    }
    if (!isFiniteNumber(v) || ((field === 'gapBeforeMs' || field === 'durationMs') && v < 0)) {
      return undefined;
    }
    term[field] = v;
  }
  return term;
}

function parseUnchecked(value: unknown): LeadershipRecord | undefined {
  if (!isRecord(value) || value.format !== RECORD_FORMAT || !count(value.droppedTerms)) {
    return undefined;
  }
  if (!Array.isArray(value.terms) || value.terms.length > MAX_PARSED_TERMS) {
    return undefined;
  }
  const record: LeadershipRecord = { terms: [], droppedTerms: value.droppedTerms };
  for (const field of ['firstObservedAt', 'lastObservedAt', 'deletedAt'] as const) {
    const v = value[field];
    if (v !== undefined) {
      if (!isFiniteNumber(v)) {
        return undefined;
      }
      record[field] = v;
    }
  }
  const raw = value.terms as unknown[];
  let watched = false;
  for (const [index, item] of raw.entries()) {
    const term = parseTerm(item);
    // Only the last term may be open; Events terms come before watched ones; watched ones need a watch.
    if (term === undefined || (term.end === undefined && index !== raw.length - 1)) {
      return undefined;
    }
    if (term.source === 'watch') {
      watched = true;
    } else if (watched) {
      return undefined;
    }
    record.terms.push(term);
  }
  if (watched && record.firstObservedAt === undefined) {
    return undefined;
  }
  return record;
}

/** The record `value` holds (what `serialise` made, after JSON), or undefined for anything else. Never throws. */
export function parseRecord(value: unknown): LeadershipRecord | undefined {
  try {
    return parseUnchecked(value);
  } catch {
    // A getter or proxy that throws (values handed over in-process rather than from JSON).
    return undefined;
  }
}
