// Time formats of the API server: RFC 3339 seconds (metav1.Time), six fractional digits
// (metav1.MicroTime), nine for kubelet log timestamps; Go's parse errors for MicroTime; ages.

/** Milliseconds since the epoch with sub-millisecond precision (microseconds from the monotonic clock). */
export function preciseNowMs(): number {
  return performance.timeOrigin + performance.now();
}

function fraction(ms: number, digits: number): string {
  const sub = ms - Math.floor(ms / 1000) * 1000; // 0 ≤ sub < 1000, fractional
  const scaled = Math.floor(sub * 10 ** (digits - 3) + 1e-6);
  return String(Math.min(scaled, 10 ** digits - 1)).padStart(digits, '0');
}

function secondsPart(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
}

/** metav1.Time: `2026-11-21T00:41:17Z`. */
export function rfc3339(ms: number = Date.now()): string {
  return `${secondsPart(ms)}Z`;
}

/** metav1.MicroTime: `2026-11-21T00:41:17.924123Z`. */
export function microTime(ms: number = preciseNowMs()): string {
  return `${secondsPart(ms)}.${fraction(ms, 6)}Z`;
}

/** kubelet log timestamp: `2026-11-21T00:41:17.924123000Z` (always nine digits). */
export function nanoTime(ms: number): string {
  return `${secondsPart(ms)}.${fraction(ms, 9)}Z`;
}

export const microTimeLayout = '2006-01-02T15:04:05.000000Z07:00';

type Elem = { layout: string; take: (v: string) => number }; // returns chars consumed, or -1

function digits(n: number): Elem['take'] {
  return (v) => (v.length >= n && /^\d+$/.test(v.slice(0, n)) ? n : -1);
}
function lit(s: string): Elem['take'] {
  return (v) => (v.startsWith(s) ? s.length : -1);
}

const microElems: Elem[] = [
  { layout: '2006', take: digits(4) },
  { layout: '-', take: lit('-') },
  { layout: '01', take: digits(2) },
  { layout: '-', take: lit('-') },
  { layout: '02', take: digits(2) },
  { layout: 'T', take: lit('T') },
  { layout: '15', take: digits(2) },
  { layout: ':', take: lit(':') },
  { layout: '04', take: digits(2) },
  { layout: ':', take: lit(':') },
  { layout: '05', take: digits(2) },
  { layout: '.000000', take: (v) => (v.length >= 7 && /^[.,]\d{6}/.test(v) ? 7 : -1) },
  {
    layout: 'Z07:00',
    take: (v) => (v.startsWith('Z') ? 1 : /^[+-]\d{2}:\d{2}/.test(v) ? 6 : -1),
  },
];

export type MicroTimeParse = { ok: true; value: string } | { ok: false; error: string };

/**
 * Parses a MicroTime the way metav1.MicroTime.UnmarshalJSON does (Go's time.Parse with
 * RFC3339Micro): exactly six fractional digits; anything else fails with Go's message.
 * A valid value is normalised to UTC, as the server stores it.
 */
export function parseMicroTime(value: string): MicroTimeParse {
  const head = `parsing time "${value}" as "${microTimeLayout}"`;
  let rest = value;
  for (const el of microElems) {
    const n = el.take(rest);
    if (n < 0) {
      return { ok: false, error: `${head}: cannot parse "${rest}" as "${el.layout}"` };
    }
    rest = rest.slice(n);
  }
  if (rest.length > 0) {
    return { ok: false, error: `parsing time "${value}": extra text: "${rest}"` };
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})[.,](\d{6})(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!m) {
    return { ok: false, error: head };
  }
  const [, y, mo, d, h, mi, s, micro, zone] = m;
  const ranges: [string, number, number, string][] = [
    [mo, 1, 12, 'month'],
    [d, 1, 31, 'day'],
    [h, 0, 23, 'hour'],
    [mi, 0, 59, 'minute'],
    [s, 0, 59, 'second'],
  ];
  for (const [v, lo, hi, what] of ranges) {
    const n = Number(v);
    if (n < lo || n > hi) {
      return { ok: false, error: `${head}: ${what} out of range` };
    }
  }
  const base = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
  if (Number.isNaN(base)) {
    return { ok: false, error: `${head}: day out of range` };
  }
  return { ok: true, value: `${secondsPart(base)}.${micro}Z` };
}

/** apimachinery's duration.HumanDuration, as the Age column of `kubectl get` shows it. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) {
    return '<invalid>';
  }
  if (seconds < 0) {
    return '0s';
  }
  if (seconds < 120) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) {
    return `${minutes}m`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) {
    return `${hours}h`;
  }
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) {
    return `${Math.floor(hours / 24)}d`;
  }
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    const y = Math.floor(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}
