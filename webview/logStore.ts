// The panel's log buffer: merged lines of all candidate pods in arrival (seq) order, bounded to
// `limit` lines (the oldest go first and are counted), plus the lines held back while paused.
// No DOM here: the view (logs.ts) renders what this reports.
import type { LogLine } from '../src/shared/types';

export interface AppendResult {
  /** Lines that became visible, oldest first. */
  added: LogLine[];
  /** Lines that fell off the front of the buffer, oldest first. */
  removed: LogLine[];
}

export class LogStore {
  /** The lines shown (before filtering), oldest first. */
  lines: LogLine[] = [];
  /** Lines that arrived while paused, oldest first. */
  pending: LogLine[] = [];
  /** Lines the panel itself dropped because the buffer was full. */
  panelDropped = 0;
  /** Lines the server reports it dropped (cumulative, as the server counts them). */
  serverDropped = 0;
  paused = false;
  private lastSeq = Number.NEGATIVE_INFINITY;

  constructor(private limit: number) {}

  get dropped(): number {
    return this.panelDropped + this.serverDropped;
  }

  get bufferLimit(): number {
    return this.limit;
  }

  /** A full snapshot: lines newer than what is shown wait if paused; a seq reset starts over. */
  reset(lines: readonly LogLine[]): void {
    const sorted = [...lines].sort((a, b) => a.seq - b.seq);
    const newest = sorted.length ? sorted[sorted.length - 1].seq : Number.NEGATIVE_INFINITY;
    const shownSeq = this.lines.length ? this.lines[this.lines.length - 1].seq : Number.NEGATIVE_INFINITY;
    if (this.paused && this.lines.length > 0 && newest >= shownSeq) {
      this.lines = sorted.filter((line) => line.seq <= shownSeq);
      this.pending = sorted.filter((line) => line.seq > shownSeq);
    } else {
      this.lines = sorted;
      this.pending = [];
    }
    this.lastSeq = newest;
    this.panelDropped = 0;
    this.trim(this.lines);
    this.trimPending();
  }

  /** New lines from an update, oldest first; lines already seen (by seq) are skipped. */
  append(lines: readonly LogLine[]): AppendResult {
    const fresh: LogLine[] = [];
    for (const line of lines) {
      if (line.seq > this.lastSeq) {
        fresh.push(line);
        this.lastSeq = line.seq;
      }
    }
    if (this.paused) {
      this.pending.push(...fresh);
      this.trimPending();
      return { added: [], removed: [] };
    }
    return this.show(fresh);
  }

  setPaused(paused: boolean): AppendResult {
    this.paused = paused;
    if (paused || this.pending.length === 0) {
      return { added: [], removed: [] };
    }
    const pending = this.pending;
    this.pending = [];
    return this.show(pending);
  }

  setLimit(limit: number): LogLine[] {
    this.limit = Math.max(1, Math.floor(limit));
    this.trimPending();
    return this.trim(this.lines);
  }

  private show(fresh: LogLine[]): AppendResult {
    if (fresh.length === 0) {
      return { added: [], removed: [] };
    }
    // Of a burst larger than the buffer, only the newest `limit` lines are ever shown.
    const overflow = Math.max(0, fresh.length - this.limit);
    const added = overflow > 0 ? fresh.slice(overflow) : fresh;
    this.panelDropped += overflow;
    this.lines.push(...added);
    return { added, removed: this.trim(this.lines) };
  }

  private trim(lines: LogLine[]): LogLine[] {
    const excess = lines.length - this.limit;
    if (excess <= 0) {
      return [];
    }
    this.panelDropped += excess;
    return lines.splice(0, excess);
  }

  private trimPending(): void {
    // Paused: at most `limit` lines wait; the oldest waiting lines go first.
    const excess = this.pending.length - this.limit;
    if (excess > 0) {
      this.pending.splice(0, excess);
      this.panelDropped += excess;
    }
  }
}
