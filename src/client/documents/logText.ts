// The text of a controller log document, in the format src/core/logDocument.ts defines (the Lease
// server reads it back for its language features): a `# Lease … in context …` header, `# ` notes,
// then the merged log lines of the followed Lease's pods, oldest first. Pure.
import { describeLogFilter, formatLogDocumentHeader, formatLogDocumentLine, formatLogDocumentNote } from '../../core/logDocument';
import { compileLogFilter } from '../../core/logFilter';
import { parseLeaseKey, type FollowSnapshot, type LeaseKey } from '../../shared/types';
import type { LogFilterState } from '../../shared/webviewProtocol';

/** What to say when there are no lines to show. */
function emptyReason(snapshot: FollowSnapshot, filtered: boolean): string {
  if (snapshot.logsMessage) {
    return snapshot.logsMessage;
  }
  if (snapshot.podResolution === 'resolving') {
    return 'Looking for the pods of the Lease holder…';
  }
  if (snapshot.podMessage && snapshot.podResolution !== 'found') {
    return snapshot.podMessage;
  }
  return filtered
    ? 'No log line matches the filter yet; matching lines appear here as the pods write them.'
    : 'No log lines yet; new lines appear here as the pods write them.';
}

export function renderLogDocument(key: LeaseKey, snapshot: FollowSnapshot, filter: LogFilterState | undefined): string {
  const parsed = parseLeaseKey(key);
  const out: string[] = [];
  const described = filter ? describeLogFilter(filter) : undefined;
  if (parsed) {
    out.push(formatLogDocumentHeader({ ...parsed, ...(described ? { filter: described } : {}) }));
  }
  let lines = snapshot.logs;
  if (filter) {
    const compiled = compileLogFilter(filter);
    if (!compiled.ok) {
      out.push(formatLogDocumentNote(`${compiled.error}. Run "Lease Lens: Filter Controller Logs…" again.`));
      return `${out.join('\n')}\n`;
    }
    lines = lines.filter((line) => compiled.test(line));
  }
  if (snapshot.droppedLines > 0) {
    out.push(formatLogDocumentNote(`${snapshot.droppedLines} earlier lines dropped`));
  }
  if (snapshot.deleted) {
    out.push(formatLogDocumentNote('The Lease was deleted; these are the lines seen before.'));
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
