// Compact human durations: "850ms", "12s", "1m 05s", "2h 03m", "3d 4h".

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
    return positive === '0ms' ? positive : `-${positive}`;
  }
  if (ms < 1000) {
    return `${Math.floor(ms)}ms`;
  }
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m ${pad2(seconds % 60)}s`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return `${hours}h ${pad2(minutes % 60)}m`;
  }
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** One unit, truncated, for "… ago" texts: "0s", "59s", "3m", "2h", "3d". */
export function formatCoarseDuration(ms: number): string {
  if (!Number.isFinite(ms)) {
    return '—';
  }
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours}h`;
  }
  return `${Math.floor(hours / 24)}d`;
}
