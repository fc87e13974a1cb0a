// Renewal statistics of one leadership term: the intervals between successive renewTimes, kept in
// a bounded sample (the newest RENEW_SAMPLE_SIZE), summed up as median and max, each also as a
// ratio of the Lease's duration (client-go's defaults renew every 2 s of a 15 s lease: 0.13; its
// renew deadline is 10 s, 2/3 of the duration). A term that ended keeps only its summary (count,
// median, max: `compactSample`), so a record of many terms stays small. Pure.

import { isFiniteNumber } from '../shared/guards';

/** Most renew intervals kept per term (the newest). */
export const RENEW_SAMPLE_SIZE = 16;

/** Most intervals a persisted sample may hold (older files kept 64; a loaded sample keeps the newest RENEW_SAMPLE_SIZE). */
export const MAX_PARSED_INTERVALS = 64;

/** The intervals of every compacted sample: one shared, frozen empty array. */
const NO_INTERVALS: number[] = Object.freeze([]) as unknown as number[];

/** A term's renew intervals. A new term starts a new sample. */
export interface RenewSample {
  /** Intervals recorded in the whole term, also those no longer in `intervals`. */
  count: number;
  /** The newest intervals (ms), oldest first, at most RENEW_SAMPLE_SIZE. */
  intervals: number[];
  /** The longest interval of the whole term (ms). */
  maxMs?: number;
  /** Set once the term ended and its intervals were dropped (compactSample): their median (ms). */
  medianMs?: number;
}

export interface RenewSummary {
  /** Intervals recorded in the term. */
  count: number;
  /** Intervals in the sample the median and recent max are computed from. */
  sampled: number;
  lastMs?: number;
  medianMs?: number;
  /** Longest interval of the sample (the last RENEW_SAMPLE_SIZE). */
  recentMaxMs?: number;
  /** Longest interval of the whole term. */
  maxMs?: number;
  durationMs?: number;
  /** The intervals above, divided by the duration (when it is known). */
  lastRatio?: number;
  medianRatio?: number;
  recentMaxRatio?: number;
  maxRatio?: number;
}

export function emptyRenewSample(): RenewSample {
  return { count: 0, intervals: [] };
}

/** The sample with one more interval; a negative or non-finite interval leaves it as it is. */
export function addInterval(sample: RenewSample, intervalMs: number): RenewSample {
  if (!isFiniteNumber(intervalMs) || intervalMs < 0) {
    return sample;
  }
  const kept =
    sample.intervals.length >= RENEW_SAMPLE_SIZE
      ? sample.intervals.slice(sample.intervals.length - RENEW_SAMPLE_SIZE + 1)
      : sample.intervals;
  return {
    count: sample.count + 1,
    intervals: [...kept, intervalMs],
    maxMs: Math.max(sample.maxMs ?? intervalMs, intervalMs),
  };
}

/**
 * The sample of an ended term: its intervals summed up as `medianMs` (and the max it keeps), the
 * intervals themselves dropped. A compact or empty sample is returned as it is.
 */
export function compactSample(sample: RenewSample): RenewSample {
  if (sample.intervals.length === 0) {
    return sample;
  }
  const compact: RenewSample = { count: sample.count, intervals: NO_INTERVALS };
  const medianMs = median(sample.intervals);
  const maxMs = Math.max(sample.maxMs ?? 0, ...sample.intervals);
  compact.maxMs = maxMs;
  if (medianMs !== undefined) {
    compact.medianMs = medianMs;
  }
  return compact;
}

/** The median of `values` (the mean of the two middle ones for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** Median, max and last interval of a term, and each against `durationMs` (a positive duration). */
export function renewSummary(sample: RenewSample, durationMs: number | undefined): RenewSummary {
  const summary: RenewSummary = { count: sample.count, sampled: sample.intervals.length };
  const duration = isFiniteNumber(durationMs) && durationMs > 0 ? durationMs : undefined;
  if (duration !== undefined) {
    summary.durationMs = duration;
  }
  const intervals = sample.intervals;
  const lastMs = intervals.at(-1);
  const medianMs = median(intervals);
  if (lastMs === undefined || medianMs === undefined) {
    // A compacted sample (an ended term): its median and max only.
    if (sample.medianMs === undefined) {
      return summary;
    }
    const compact: RenewSummary = { ...summary, medianMs: sample.medianMs };
    if (sample.maxMs !== undefined) {
      compact.maxMs = sample.maxMs;
    }
    if (duration !== undefined) {
      compact.medianRatio = sample.medianMs / duration;
      if (sample.maxMs !== undefined) {
        compact.maxRatio = sample.maxMs / duration;
      }
    }
    return compact;
  }
  const recentMaxMs = Math.max(...intervals);
  const maxMs = Math.max(sample.maxMs ?? recentMaxMs, recentMaxMs);
  const full: RenewSummary = { ...summary, lastMs, medianMs, recentMaxMs, maxMs };
  if (duration === undefined) {
    return full;
  }
  return {
    ...full,
    lastRatio: lastMs / duration,
    medianRatio: medianMs / duration,
    recentMaxRatio: recentMaxMs / duration,
    maxRatio: maxMs / duration,
  };
}
