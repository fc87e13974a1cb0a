// How times and counts read in the panel: local clock times (with the date when not today),
// relative times ("12 seconds ago"), ISO UTC in tooltips, grouped numbers.
import { format, formatDistanceStrict, isSameDay } from 'date-fns';

const numberFormat = new Intl.NumberFormat('en-US');

export function count(n: number): string {
  return numberFormat.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** `14:03:12`, or `Nov 20 14:03:12` when not today. */
export function clockTime(ms: number, now: number): string {
  return isSameDay(ms, now) ? format(ms, 'HH:mm:ss') : format(ms, 'MMM d HH:mm:ss');
}

/** `14:03:12.418` for log lines. */
export function logTime(ms: number): string {
  return format(ms, 'HH:mm:ss.SSS');
}

/** `12 seconds ago` / `in 3 seconds`. */
export function relativeTime(ms: number, now: number): string {
  if (Math.abs(ms - now) < 1000) {
    return 'just now';
  }
  return formatDistanceStrict(ms, now, { addSuffix: true });
}

/** `2026-11-20T23:58:41.123Z` for tooltips. */
export function isoTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}
