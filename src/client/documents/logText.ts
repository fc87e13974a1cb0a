// The text of a controller log document, in the format src/core/logDocument.ts defines (the Lease
// server reads it back for its language features): a `# Lease … in context …` header, `# ` notes,
// then the merged log lines of the followed Lease's pods, oldest first. Pure.
import { describeLogFilter, formatLogDocumentHeader, formatLogDocumentLine, formatLogDocumentNote } from '../../core/logDocument';
import { compileLogFilter } from '../../core/logFilter';
import { parseLeaseKey, type FollowSnapshot, type LeaseKey, type LogLine } from '../../shared/types';
import type { LogFilterState } from '../../shared/webviewProtocol';
import { formatNumber, t, tn } from '../../shared/l10n';

/** What to say when there are no lines to show. */
function emptyReason(snapshot: FollowSnapshot, filtered: boolean): string {
  if (snapshot.logsMessage) {
    return snapshot.logsMessage;
  }
  if (snapshot.podResolution === 'resolving') {
    return t('Looking for the pods of the Lease holder…');
  }
  if (snapshot.podMessage && snapshot.podResolution !== 'found') {
    return snapshot.podMessage;
  }
  return filtered
    ? t('No log line matches the filter yet; matching lines appear here as the pods write them.')
    : t('No log lines yet; new lines appear here as the pods write them.');
}

/** What the filter gave: the lines it keeps, why it does not compile, or that it ran too long and was stopped. */
export type FilteredLogLines =
  | { kind: 'lines'; lines: readonly LogLine[] }
  | { kind: 'invalid'; error: string }
  | { kind: 'stopped'; boundMs: number }
  | { kind: 'failed'; error: string };

/** Filters here, on the calling thread: for filters without text (no user pattern) and for tests. */
export function filterLogLines(lines: readonly LogLine[], filter: LogFilterState): FilteredLogLines {
  const compiled = compileLogFilter(filter);
  return compiled.ok ? { kind: 'lines', lines: lines.filter((line) => compiled.test(line)) } : { kind: 'invalid', error: compiled.error };
}

/** "/(a+)+$/i" or "\"text\"": the pattern of a filter, as the user wrote it. */
function filterPattern(filter: LogFilterState): string {
  return filter.regex ? `/${filter.text}/${filter.caseSensitive ? '' : 'i'}` : JSON.stringify(filter.text);
}

/** Why no line is shown when the filter did not run to the end, and what to do. */
function filterProblem(filter: LogFilterState, filtered: Exclude<FilteredLogLines, { kind: 'lines' }>): string {
  switch (filtered.kind) {
    case 'invalid':
      return t('{0}. Run "Lease Lens: Filter Controller Logs…" again.', filtered.error);
    case 'stopped':
      return filter.regex
        ? t(
            'The filter {0} took longer than {1} s and was stopped; simplify the regular expression, then run "Lease Lens: Filter Controller Logs…" again.',
            filterPattern(filter),
            formatNumber(filtered.boundMs / 1000),
          )
        : t(
            'The filter {0} took longer than {1} s and was stopped; use a shorter text, then run "Lease Lens: Filter Controller Logs…" again.',
            filterPattern(filter),
            formatNumber(filtered.boundMs / 1000),
          );
    case 'failed':
      return t(
        'The filter {0} could not run ({1}); run "Lease Lens: Filter Controller Logs…" again.',
        filterPattern(filter),
        filtered.error,
      );
  }
}

/**
 * The document's text. `filtered` is what running `filter` gave (LogFilterRunner runs a user's
 * pattern off the main thread); without it the filter runs here.
 */
export function renderLogDocument(
  key: LeaseKey,
  snapshot: FollowSnapshot,
  filter: LogFilterState | undefined,
  filtered: FilteredLogLines | undefined = filter ? filterLogLines(snapshot.logs, filter) : undefined,
): string {
  const parsed = parseLeaseKey(key);
  const out: string[] = [];
  const described = filter ? describeLogFilter(filter) : undefined;
  if (parsed) {
    out.push(formatLogDocumentHeader({ ...parsed, ...(described ? { filter: described } : {}) }));
  }
  let lines: readonly LogLine[] = snapshot.logs;
  if (filter && filtered) {
    if (filtered.kind !== 'lines') {
      out.push(formatLogDocumentNote(filterProblem(filter, filtered)));
      return `${out.join('\n')}\n`;
    }
    lines = filtered.lines;
  }
  if (snapshot.droppedLines > 0) {
    out.push(formatLogDocumentNote(tn(snapshot.droppedLines, '{0} earlier line dropped|{0} earlier lines dropped')));
  }
  if (snapshot.deleted) {
    out.push(formatLogDocumentNote(t('The Lease was deleted; these are the lines seen before.')));
  }
  if (lines.length === 0) {
    out.push(formatLogDocumentNote(emptyReason(snapshot, filter !== undefined)));
  } else if (snapshot.logsMessage) {
    out.push(formatLogDocumentNote(snapshot.logsMessage));
  }
  for (const line of lines) {
    out.push(formatLogDocumentLine(line));
  }
  return `${out.join('\n')}\n`;
}
