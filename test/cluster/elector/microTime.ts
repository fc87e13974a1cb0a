// Kubernetes time formats. A MicroTime (Lease acquireTime/renewTime) always carries exactly six
// fractional digits and the API server rejects other precisions; a Time (Event timestamps) carries
// none. client-node 1.4.0 reads both as plain strings and writes what `toISOString()` returns, so
// the classes below write our own text through the generated serializer unchanged.
import { V1MicroTime } from '@kubernetes/client-node';

/** `2026-11-21T00:41:17.924123Z` from epoch milliseconds (fractional part = microseconds). */
export function formatMicroTime(epochMs: number): string {
  const whole = Math.floor(epochMs);
  const micros = Math.min(999, Math.floor((epochMs - whole) * 1000));
  return `${new Date(whole).toISOString().slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

/** `2026-11-21T00:41:17Z`: a metav1.Time, second precision. */
export function formatTime(epochMs: number): string {
  return `${new Date(Math.floor(epochMs)).toISOString().slice(0, 19)}Z`;
}

/** Epoch milliseconds (with microseconds as the fraction) of an RFC 3339 time, NaN if unparsable. */
export function parseMicroTime(text: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) return Number.NaN;
  const base = Date.parse(`${m[1]}${m[3]}`);
  const frac = m[2] ?? '';
  return base + (frac ? Number(`0.${frac}`) * 1000 : 0);
}

/**
 * The MicroTime text of a value client-node handed us: a string as the server sent it (client-node
 * does not convert MicroTime fields), or a Date if somebody built one.
 */
export function microTimeText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (value instanceof Date) return formatMicroTime(value.getTime());
  return undefined;
}

/** A V1MicroTime that serializes as the exact six-digit text it was made from. */
export class MicroTimeText extends V1MicroTime {
  constructor(readonly text: string) {
    super(parseMicroTime(text));
  }
  override toISOString(): string {
    return this.text;
  }
}

/** A Date that serializes like metav1.Time (no fractional seconds). */
export class KubeTime extends Date {
  override toISOString(): string {
    return formatTime(this.getTime());
  }
}
