// Kubernetes MicroTime / Time strings ↔ milliseconds since the epoch.
// MicroTime (`acquireTime`, `renewTime`) always has six fractional digits on the wire; parsing also
// accepts 0–9 digits (digits past the microsecond are dropped) and `±hh:mm` offsets. Results keep
// microseconds as the fractional part of ms.

import { preview } from './untrustedText';
import { t } from '../shared/l10n';

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Days from 1970-01-01 to the given proleptic Gregorian date (month 1–12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Milliseconds since the epoch for a Kubernetes MicroTime/Time string such as
 * `2026-11-21T00:41:17.924123Z` (fraction = microseconds), or undefined for anything else.
 */
export function parseMicroTime(s: string | undefined): number | undefined {
  if (typeof s !== 'string' || s.length > 40) {
    return undefined;
  }
  const m = TIME.exec(s);
  if (!m) {
    return undefined;
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  let offsetMs = 0;
  const zone = m[8] ?? 'Z';
  if (zone !== 'Z') {
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMinutes = Number(zone.slice(4, 6));
    if (offsetHours > 23 || offsetMinutes > 59) {
      return undefined;
    }
    offsetMs = (zone[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  // Whole microseconds: a float of epoch ms cannot hold finer digits exactly anyway.
  const fraction = m[7] === undefined ? 0 : Number(m[7].slice(0, 6).padEnd(6, '0')) / 1000;
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
  return seconds * 1000 - offsetMs + fraction;
}

/** The number of fractional-second digits in a time string, or undefined when it has no time shape. */
function fractionalDigits(s: string): number | undefined {
  const m = TIME.exec(s);
  if (!m) {
    return undefined;
  }
  return m[7]?.length ?? 0;
}

/**
 * What is wrong with a MicroTime value, for diagnostics, or undefined when it is valid.
 * `field` names the value in the message (e.g. `renewTime`).
 */
export function microTimeIssue(s: string, field = 'value'): string | undefined {
  if (parseMicroTime(s) === undefined) {
    const shown = typeof s === 'string' ? preview(s) : String(s);
    return t('{0} is not a valid MicroTime: "{1}" (expected e.g. 2026-11-21T00:41:17.924123Z)', field, shown);
  }
  const digits = fractionalDigits(s) ?? 0;
  if (digits !== 6) {
    return t('{0} must have exactly 6 fractional digits (MicroTime), found {1}', field, digits);
  }
  return undefined;
}

/** Formats ms since the epoch as a MicroTime: UTC, six fractional digits, `Z`. '' when not a valid time. */
export function formatMicroTime(ms: number): string {
  if (!Number.isFinite(ms)) {
    return '';
  }
  const micros = Math.round(ms * 1000);
  const wholeMs = Math.floor(micros / 1000);
  if (Math.abs(wholeMs) > 8.64e15) {
    return '';
  }
  const extraMicros = micros - wholeMs * 1000;
  const iso = new Date(wholeMs).toISOString(); // …ss.mmmZ
  return `${iso.slice(0, -1)}${String(extraMicros).padStart(3, '0')}Z`;
}
