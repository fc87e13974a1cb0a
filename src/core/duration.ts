// Compact human durations: "850ms", "12s", "1m 05s", "2h 03m", "3d 4h" (in the UI language:
// "1 мин 05 с").
import { t } from '../shared/l10n';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A compact duration, truncated to its two largest units. Negative values get a leading '-'. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) {
    return '—';
  }
  if (ms < 0) {
    const positive = formatDuration(-ms);
    return -ms < 1 ? positive : `-${positive}`;
  }
  if (ms < 1000) {
    return t('{0}ms', Math.floor(ms));
  }
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) {
    return t('{0}s', seconds);
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return t('{0}m {1}s', minutes, pad2(seconds % 60));
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return t('{0}h {1}m', hours, pad2(minutes % 60));
  }
  return t('{0}d {1}h', Math.floor(hours / 24), hours % 24);
}

/** One unit, truncated, for "… ago" texts: "0s", "59s", "3m", "2h", "3d". */
export function formatCoarseDuration(ms: number): string {
  if (!Number.isFinite(ms)) {
    return '—';
  }
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  if (seconds < 60) {
    return t('{0}s', seconds);
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return t('{0}m', minutes);
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return t('{0}h', hours);
  }
  return t('{0}d', Math.floor(hours / 24));
}
