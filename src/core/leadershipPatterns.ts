// leaseLens.logs.leadershipPatterns: the user's own leadership lines, a regular expression (matched
// case-insensitively) → the signal it means. Compiled once per settings change and tried, in the
// setting's order, before the built-in phrases of logLine.ts, on at most the first 2,000 characters
// of a line. A pattern is skipped, with a problem the server writes to its log once, when it does not
// compile, is empty, is too long, names no known signal, or repeats a group that itself holds a
// quantifier or an alternative (`(a+)+`, `(\w+\s?)*`, `(a*)*`): such patterns can backtrack for
// hours on one line. Pure: no Node built-ins.

import type { LeadershipSignal } from '../shared/types';
import { t } from '../shared/l10n';
import { leadershipSignals, matchLeadership } from './logLine';
import { preview } from './untrustedText';

/** At most this many patterns are used; the rest are skipped. */
export const maxLeadershipPatterns = 50;
/** A longer pattern is skipped. */
export const maxLeadershipPatternChars = 500;
/** User patterns see at most this many characters of a line. */
export const leadershipPatternLineChars = 2000;

export interface LeadershipPattern {
  /** The pattern as written in the setting. */
  source: string;
  regex: RegExp;
  signal: LeadershipSignal;
}

export interface CompiledLeadershipPatterns {
  patterns: readonly LeadershipPattern[];
  /** One message per skipped pattern, for the log. */
  problems: readonly string[];
}

/** What a log line says about leadership. */
export type LeadershipMatcher = (text: string) => LeadershipSignal | undefined;

/** Compiles the setting's entries; invalid ones become problems and are skipped. */
export function compileLeadershipPatterns(setting: Readonly<Record<string, unknown>> | undefined): CompiledLeadershipPatterns {
  const patterns: LeadershipPattern[] = [];
  const problems: string[] = [];
  for (const [source, meaning] of Object.entries(setting ?? {})) {
    const shown = preview(source, 80);
    if (patterns.length >= maxLeadershipPatterns) {
      problems.push(t('Leadership pattern {0} is skipped: at most {1} patterns are used.', shown, maxLeadershipPatterns));
      continue;
    }
    const signal = leadershipSignals.find((s) => s === meaning);
    if (signal === undefined) {
      problems.push(t('Leadership pattern {0} is skipped: its meaning must be one of {1}.', shown, leadershipSignals.join(', ')));
      continue;
    }
    if (source === '') {
      problems.push(t('An empty leadership pattern is skipped: it would match every line.'));
      continue;
    }
    if (source.length > maxLeadershipPatternChars) {
      problems.push(t('Leadership pattern {0} is skipped: it is longer than {1} characters.', shown, maxLeadershipPatternChars));
      continue;
    }
    if (repeatsComplexGroup(source)) {
      problems.push(
        t(
          'Leadership pattern {0} is skipped: it repeats a group that holds a quantifier or an alternative, such as (a+)+ or (a*)*, which can take hours on one line. Write the group without the inner quantifier or alternative.',
          shown,
        ),
      );
      continue;
    }
    let regex: RegExp;
    try {
      regex = new RegExp(source, 'i');
    } catch (e) {
      problems.push(t('Leadership pattern {0} is skipped: {1}', shown, e instanceof Error ? e.message : String(e)));
      continue;
    }
    patterns.push({ source, regex, signal });
  }
  return { patterns, problems };
}

/** The user's patterns first (the first that matches wins), then the built-in phrases. */
export function matchLeadershipWith(patterns: readonly LeadershipPattern[], text: string): LeadershipSignal | undefined {
  if (patterns.length > 0) {
    const bounded = text.length > leadershipPatternLineChars ? text.slice(0, leadershipPatternLineChars) : text;
    for (const pattern of patterns) {
      if (pattern.regex.test(bounded)) {
        return pattern.signal;
      }
    }
  }
  return matchLeadership(text);
}

/** A matcher over compiled patterns; with none, logLine.ts's matchLeadership. */
export function leadershipMatcher(patterns: readonly LeadershipPattern[]): LeadershipMatcher {
  return patterns.length === 0 ? matchLeadership : (text) => matchLeadershipWith(patterns, text);
}

// `+`, `*`, `{n,}`, `{n,m}` with m > 1: a quantifier that repeats (`?`, `{0,1}` and `{1}` do not).
const BRACE_QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;

function repeatingQuantifierAt(source: string, i: number): number {
  const c = source[i];
  if (c === '+' || c === '*') {
    return 1;
  }
  if (c === '{') {
    const m = BRACE_QUANTIFIER.exec(source.slice(i, i + 24));
    if (m !== null) {
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      return max > 1 ? m[0].length : 0;
    }
  }
  return 0;
}

/**
 * Whether a pattern repeats a group that holds a repeating quantifier or an alternative:
 * `(a+)+`, `(?:\w+\s?)*`, `(a|ab){2,}`, `((a)*b)+`. Escapes and character classes are skipped.
 */
export function repeatsComplexGroup(source: string): boolean {
  // Per open group: whether it holds a repeating quantifier or a `|`.
  const open: boolean[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      i += 2;
    } else if (c === '[') {
      i++;
      if (source[i] === ']') {
        i++;
      }
      while (i < source.length && source[i] !== ']') {
        i += source[i] === '\\' ? 2 : 1;
      }
      i++;
    } else if (c === '(') {
      open.push(false);
      i++;
    } else if (c === ')') {
      const complex = open.pop() ?? false;
      i++;
      const quantifier = repeatingQuantifierAt(source, i);
      if (quantifier > 0 && complex) {
        return true;
      }
      if (open.length > 0 && (complex || quantifier > 0)) {
        open[open.length - 1] = true;
      }
    } else if (c === '|') {
      if (open.length > 0) {
        open[open.length - 1] = true;
      }
      i++;
    } else {
      const quantifier = repeatingQuantifierAt(source, i);
      if (quantifier > 0 && open.length > 0) {
        open[open.length - 1] = true;
      }
      i += Math.max(quantifier, 1);
    }
  }
  return false;
}
