// What every line of a controller-log document says, kept in step with the document edit by
// edit: the client appends new lines at the end and drops old ones at the top, so only the lines
// an edit touches are read again. Outline, diagnostics and folding then walk these records.
import type { LeadershipSignal } from '../../shared/types';
import { parseLogDocumentLine } from '../../core/logDocument';
import { matchLeadership } from '../../core/logLine';
import type { LeadershipMatcher } from '../../core/leadershipPatterns';

export interface IndexedLine {
  /** Length of the line in UTF-16 code units, without its end of line. */
  length: number;
  pod?: string;
  container?: string;
  time?: number;
  /** Where the log text starts in the line. */
  messageStart: number;
  signal?: LeadershipSignal;
}

const EOL = /\r\n|\r|\n/;

/**
 * What a line says about leadership: the follow panel's matcher (leaseLens.logs.leadershipPatterns,
 * then the built-in phrases of client-go and the other clients), which the Lease server sets when
 * the settings change; the built-in phrases until then. Lines indexed before a change keep what
 * they said, as the panel's lines do.
 */
let leadershipOf: LeadershipMatcher = matchLeadership;

/** The matcher the controller-log documents use from now on (the Lease server's, per settings change). */
export function useLogDocumentLeadership(matcher: LeadershipMatcher): void {
  leadershipOf = matcher;
}
const EMPTY: IndexedLine = Object.freeze({ length: 0, messageStart: 0 });

export function indexLine(text: string): IndexedLine {
  if (text === '') {
    return EMPTY;
  }
  const parsed = parseLogDocumentLine(text);
  if (parsed === undefined) {
    return { length: text.length, messageStart: text.length };
  }
  const line: IndexedLine = { length: text.length, messageStart: parsed.messageStart };
  if (parsed.pod !== undefined) {
    line.pod = parsed.pod;
  }
  if (parsed.container !== undefined) {
    line.container = parsed.container;
  }
  if (parsed.time !== undefined) {
    line.time = parsed.time;
  }
  const signal = leadershipOf(parsed.message);
  if (signal !== undefined) {
    line.signal = signal;
  }
  return line;
}

/** Splits text into lines the way the LSP text model does (CRLF, CR, LF). */
export function splitLines(text: string): string[] {
  return text.split(EOL);
}

export class LogIndex {
  private lines: IndexedLine[];

  constructor(text: string) {
    this.lines = splitLines(text).map(indexLine);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  line(i: number): IndexedLine | undefined {
    return this.lines[i];
  }

  /** Replaces lines [start, start + deleteCount) with the given (new) line texts. */
  replace(start: number, deleteCount: number, texts: readonly string[]): void {
    const added = texts.map(indexLine);
    if (added.length < 10_000 && deleteCount < 10_000) {
      this.lines.splice(start, deleteCount, ...added);
    } else {
      this.lines = this.lines.slice(0, start).concat(added, this.lines.slice(start + deleteCount));
    }
  }

  /** Calls `visit` for each line that carries a leadership signal, in document order. */
  forEachLeadershipLine(visit: (line: IndexedLine & { signal: LeadershipSignal }, index: number) => void): void {
    const lines = this.lines;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line?.signal !== undefined) {
        visit(line as IndexedLine & { signal: LeadershipSignal }, i);
      }
    }
  }

  /** Maximal runs of consecutive lines from the same pod, at least `minLines` long. */
  podRuns(minLines: number): { pod: string; startLine: number; endLine: number }[] {
    const runs: { pod: string; startLine: number; endLine: number }[] = [];
    const lines = this.lines;
    let pod: string | undefined;
    let start = 0;
    const close = (end: number): void => {
      if (pod !== undefined && end - start + 1 >= minLines) {
        runs.push({ pod, startLine: start, endLine: end });
      }
    };
    for (let i = 0; i < lines.length; i++) {
      const current = lines[i]?.pod;
      if (current !== pod) {
        close(i - 1);
        pod = current;
        start = i;
      }
    }
    close(lines.length - 1);
    return runs;
  }
}
