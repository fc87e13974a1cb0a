// Which controller log lines a filter shows, and where its text matches inside a line.
// Shared by the Lease panel (filtering as you type) and the host (Open in Editor with the same
// filter), so the two always agree. Pure: no I/O, no vscode.
//
// Semantics:
// - The preset picks the kind of line: 'leadership' lines carrying a leadership signal,
//   'errors' lines whose severity is error/warning or that say the leader lost or failed to renew,
//   'all' every line.
// - The text, when not empty, must also match the line's text: as a substring, or as a JavaScript
//   regular expression when `regex` is set; case-insensitive unless `caseSensitive`.
// - `invert` keeps the lines of the preset that do NOT match the text (it has no effect while the
//   text is empty). Inverted filters highlight nothing.
// - An invalid regular expression compiles to { ok: false, error } saying what is wrong.
import { errorMessage } from '../shared/errors';
import type { LogFilterState } from '../shared/webviewProtocol';
import type { LeadershipSignal, LogLine } from '../shared/types';
import { logSeverity } from './logLine';
import { t } from '../shared/l10n';

export interface TextRange {
  start: number;
  end: number;
}

/** What a filter reads of a log line. */
export type FilteredLine = Pick<LogLine, 'text' | 'signal'>;

export interface CompiledLogFilter {
  ok: true;
  test(line: FilteredLine): boolean;
  /** Non-overlapping, non-empty ranges of `text` the filter text matches, in order. */
  highlight(text: string): TextRange[];
}

export type LogFilterResult = CompiledLogFilter | { ok: false; error: string };

export const defaultLogFilter: LogFilterState = Object.freeze({
  preset: 'leadership',
  text: '',
  regex: false,
  caseSensitive: false,
  invert: false,
});

/** Most highlighted ranges reported for one line (a regex like `.` would otherwise mark every char). */
export const maxHighlightRanges = 200;

const errorSignals: ReadonlySet<LeadershipSignal> = new Set<LeadershipSignal>(['lost', 'renew-failed']);

function presetTest(preset: LogFilterState['preset']): (line: FilteredLine) => boolean {
  switch (preset) {
    case 'leadership':
      return (line) => line.signal !== undefined;
    case 'errors':
      return (line) => {
        if (line.signal !== undefined && errorSignals.has(line.signal)) {
          return true;
        }
        const severity = logSeverity(line.text);
        return severity === 'error' || severity === 'warning';
      };
    case 'all':
      return () => true;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** V8 says "Invalid regular expression: /(a/i: Unterminated group"; keep what is wrong. */
function regexError(pattern: string, err: unknown): string {
  const message = errorMessage(err);
  const match = /^Invalid regular expression: \/.*\/[a-z]*: (.*)$/s.exec(message);
  const what = match ? match[1] : message.replace(/^Invalid regular expression:\s*/, '');
  return t('Invalid regular expression {0}: {1}', JSON.stringify(pattern), what);
}

export function compileLogFilter(state: LogFilterState): LogFilterResult {
  const inPreset = presetTest(state.preset);
  const text = state.text;
  if (text === '') {
    return { ok: true, test: inPreset, highlight: () => [] };
  }
  const flags = state.caseSensitive ? 'g' : 'gi';
  let global: RegExp;
  try {
    global = new RegExp(state.regex ? text : escapeRegExp(text), flags);
  } catch (err) {
    return { ok: false, error: regexError(text, err) };
  }
  // A non-global twin for test(): a global regex carries lastIndex from one call to the next.
  const single = new RegExp(global.source, state.caseSensitive ? '' : 'i');
  const invert = state.invert;
  return {
    ok: true,
    test(line: FilteredLine): boolean {
      return inPreset(line) && single.test(line.text) !== invert;
    },
    highlight(value: string): TextRange[] {
      if (invert) {
        return [];
      }
      const ranges: TextRange[] = [];
      global.lastIndex = 0;
      let match: RegExpExecArray | null;
      while (ranges.length < maxHighlightRanges && (match = global.exec(value)) !== null) {
        if (match[0].length === 0) {
          // Zero-width match (e.g. `^` or `a*`): nothing to mark; step past it.
          global.lastIndex = match.index + 1;
          if (match.index >= value.length) {
            break;
          }
          continue;
        }
        ranges.push({ start: match.index, end: match.index + match[0].length });
      }
      global.lastIndex = 0;
      return ranges;
    },
  };
}

/** Whether two filter states filter the same way. */
export function sameLogFilter(a: LogFilterState, b: LogFilterState): boolean {
  return a.preset === b.preset && a.text === b.text && a.regex === b.regex && a.caseSensitive === b.caseSensitive && a.invert === b.invert;
}
