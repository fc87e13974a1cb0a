// A Lease's row in the Leadership Health view, its terms as the views see them, and its detail:
// made from its leadership record (leadershipRecord.ts), its latest version and the context's
// connection and clock. Pure.

import type { HealthDetail, HealthFlag, HealthRow, HealthTerm } from '../shared/health';
import { healthFlagOrder } from '../shared/health';
import type { LeaseInfo, LeaseKey } from '../shared/types';
import { healthFlags, type HealthSettings } from './healthFlags';
import type { RecordTerm } from './leadershipTerms';
import { parseMicroTime } from './microTime';
import {
  changesWithin,
  deletedAtOf,
  eventTermsOf,
  isPacked,
  lastGapOf,
  longestGapOf,
  openTermOf,
  termCount,
  type AnyRecord,
  unpack,
} from './packedRecord';
import { renewSummary } from './renewStats';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface HealthRowInput {
  key: LeaseKey;
  context: string;
  namespace: string;
  name: string;
  /** Plain or packed (packedRecord.ts). */
  record: AnyRecord;
  /** The Lease's latest version; undefined when it was deleted (or not seen yet). */
  lease: LeaseInfo | undefined;
  now: number;
  /** `connected: false` while the context's connection is lost. */
  settings: HealthSettings;
  /** Since when the context's connection is lost (ContextState.unknownSince). */
  unknownSince?: number;
  /** The context's API server clock is off ours (ContextState.clockSkewMs is set). */
  clockSkew?: boolean;
}

/** `flags` without repeats, worst first (healthFlagOrder). */
export function orderFlags(flags: Iterable<HealthFlag>): HealthFlag[] {
  const set = new Set(flags);
  return healthFlagOrder.filter((flag) => set.has(flag));
}

export function healthRow(input: HealthRowInput): HealthRow {
  const { record, lease, now } = input;
  const flags = healthFlags(record, lease, now, input.settings);
  if (input.clockSkew) {
    flags.push('clock-skew');
  }
  const holder = typeof lease?.spec.holderIdentity === 'string' ? lease.spec.holderIdentity : '';
  const row: HealthRow = {
    key: input.key,
    context: input.context,
    namespace: input.namespace,
    name: input.name,
    holder,
    transitionsHour: changesWithin(record, now, HOUR_MS),
    transitionsDay: changesWithin(record, now, DAY_MS),
    flags: orderFlags(flags),
    terms: termCount(record),
    eventTerms: eventTermsOf(record),
  };
  if (lease === undefined) {
    row.deleted = deletedAtOf(record) !== undefined;
  } else {
    const renewedAt = parseMicroTime(lease.spec.renewTime) ?? parseMicroTime(lease.spec.acquireTime);
    if (renewedAt !== undefined) {
      row.renewedAt = renewedAt;
    }
    row.observedAt = lease.observedAt;
    if (lease.lock !== undefined) {
      row.lock = lease.lock;
    }
    const seconds = lease.spec.leaseDurationSeconds;
    if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) {
      row.durationMs = seconds * 1000;
    }
  }
  const last = lastGapOf(record);
  if (last !== undefined) {
    row.lastGapMs = last;
  }
  const longest = longestGapOf(record);
  if (longest !== undefined) {
    row.longestGapMs = longest;
  }
  const term = openTermOf(record);
  if (term !== undefined && term.holder === holder) {
    const summary = renewSummary(term.renew, term.durationMs);
    if (summary.medianMs !== undefined) {
      row.renewMedianMs = summary.medianMs;
    }
    if (summary.maxMs !== undefined) {
      row.renewMaxMs = summary.maxMs;
    }
  }
  if (input.unknownSince !== undefined && !input.settings.connected) {
    row.unknownSince = input.unknownSince;
  }
  return row;
}

/** One term as the views see it. */
export function healthTerm(term: RecordTerm): HealthTerm {
  const out: HealthTerm = { holder: term.holder, acquiredAt: term.acquiredAt, source: term.source, renewals: term.renewals };
  if (term.lostAt !== undefined) {
    out.lostAt = term.lostAt;
  }
  if (term.end !== undefined) {
    out.end = term.end;
  }
  if (term.gapBeforeMs !== undefined) {
    out.gapBeforeMs = term.gapBeforeMs;
  }
  const summary = renewSummary(term.renew, term.durationMs);
  if (summary.medianMs !== undefined) {
    out.renewMedianMs = summary.medianMs;
  }
  if (summary.maxMs !== undefined) {
    out.renewMaxMs = summary.maxMs;
  }
  if (term.durationMs !== undefined) {
    out.durationMs = term.durationMs;
  }
  if (term.transitions !== undefined) {
    out.transitions = term.transitions;
  }
  return out;
}

/** A Lease in detail: its row, every term kept (oldest first), the open term's recent renew intervals. */
export function healthDetail(row: HealthRow, kept: AnyRecord): HealthDetail {
  const record = isPacked(kept) ? unpack(kept) : kept;
  const detail: HealthDetail = {
    row,
    terms: record.terms.map(healthTerm),
    renewIntervals: openTermOf(record)?.renew.intervals.slice() ?? [],
    droppedTerms: record.droppedTerms,
  };
  if (record.firstObservedAt !== undefined) {
    detail.firstObservedAt = record.firstObservedAt;
  }
  return detail;
}
