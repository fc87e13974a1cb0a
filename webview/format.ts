// How times and counts read in the panel, in the UI language the host gave (src/shared/l10n.ts):
// local clock times (with the date when not today), relative times ("12 seconds ago", "12 секунд
// назад"), ISO UTC in tooltips, grouped numbers.
import { format, formatDistanceStrict, isSameDay, type Locale } from 'date-fns';
import { enUS } from 'date-fns/locale/en-US';
import { ru } from 'date-fns/locale/ru';
import { formatNumber, t, uiLanguage } from '../src/shared/l10n';

/** date-fns locales of the languages Lease Lens is translated into; others read dates in English. */
const dateLocales: Readonly<Record<string, Locale>> = { en: enUS, ru };

function dateLocale(): Locale {
  return dateLocales[uiLanguage().toLowerCase().split('-')[0] ?? 'en'] ?? enUS;
}

export function count(n: number): string {
  return formatNumber(n);
}

/** `14:03:12`, or `Nov 20 14:03:12` (`20 нояб. 14:03:12`) when not today. */
export function clockTime(ms: number, now: number): string {
  return isSameDay(ms, now) ? format(ms, 'HH:mm:ss') : format(ms, t('MMM d HH:mm:ss'), { locale: dateLocale() });
}

/** `14:03:12.418` for log lines. */
export function logTime(ms: number): string {
  return format(ms, 'HH:mm:ss.SSS');
}

/** `12 seconds ago` / `in 3 seconds`. */
export function relativeTime(ms: number, now: number): string {
  if (Math.abs(ms - now) < 1000) {
    return t('just now');
  }
  return formatDistanceStrict(ms, now, { addSuffix: true, locale: dateLocale() });
}

/** `2026-11-20T23:58:41.123Z` for tooltips. */
export function isoTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}
