// Outline, diagnostics and folding for controller-log documents, read from the line index.
import { FoldingRangeKind, type Diagnostic, type DocumentSymbol, type FoldingRange, type Range } from 'vscode-languageserver';
import { formatMicroTime } from '../../core/microTime';
import { signalPresentation } from './leadershipSignals';
import { diagnosticSource } from './diagnosticSource';
import type { IndexedLine, LogIndex } from './logIndex';
import { t, tn } from '../../shared/l10n';

/** Most diagnostics reported for one log document; the newest are kept. */
export const maxLogDiagnostics = 1000;
/** Fewest consecutive lines of one pod that fold. */
export const minFoldLines = 3;

function messageRange(line: IndexedLine, index: number): Range {
  return { start: { line: index, character: line.messageStart }, end: { line: index, character: line.length } };
}

function who(line: IndexedLine): string {
  if (line.pod === undefined) {
    return 'A pod';
  }
  return line.container ? `${line.pod}/${line.container}` : line.pod;
}

/** Every leadership line, in document order: "Acquired the lease · pod", detail: its time. */
export function logDocumentSymbols(index: LogIndex): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  index.forEachLeadershipLine((line, i) => {
    const label = signalPresentation[line.signal].label();
    symbols.push({
      name: line.pod === undefined ? label : `${label} · ${line.pod}`,
      detail: line.time === undefined ? '' : formatMicroTime(line.time),
      kind: signalPresentation[line.signal].kind,
      range: { start: { line: i, character: 0 }, end: { line: i, character: line.length } },
      selectionRange: messageRange(line, i),
    });
  });
  return symbols;
}

/** Warnings for failed renewals and lock operations, errors for lost elections. */
export function logDocumentDiagnostics(index: LogIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  index.forEachLeadershipLine((line, i) => {
    const raised = signalPresentation[line.signal].diagnostic;
    if (raised === undefined) {
      return;
    }
    const says = raised.says(who(line));
    diagnostics.push({
      range: messageRange(line, i),
      severity: raised.severity,
      source: diagnosticSource,
      code: line.signal,
      message: line.time === undefined ? says : t('{0} at {1}', says, formatMicroTime(line.time)),
    });
  });
  return diagnostics.length > maxLogDiagnostics ? diagnostics.slice(-maxLogDiagnostics) : diagnostics;
}

/** One fold per run of at least minFoldLines consecutive lines from the same pod. */
export function logDocumentFoldingRanges(index: LogIndex): FoldingRange[] {
  return index.podRuns(minFoldLines).map((run) => ({
    startLine: run.startLine,
    endLine: run.endLine,
    kind: FoldingRangeKind.Region,
    collapsedText: tn(run.endLine - run.startLine + 1, '{1}: {0} line|{1}: {0} lines', run.pod),
  }));
}
