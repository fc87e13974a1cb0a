// A bounded ring of log lines: old lines fall out, and how many did is counted.
import type { LogLine } from '../../shared/types';

export class LogBuffer {
  private readonly lines: (LogLine | undefined)[];
  private start = 0;
  private size = 0;
  dropped = 0;

  constructor(readonly capacity: number) {
    this.lines = new Array<LogLine | undefined>(Math.max(1, capacity));
  }

  push(line: LogLine): void {
    const cap = this.lines.length;
    if (this.size < cap) {
      this.lines[(this.start + this.size) % cap] = line;
      this.size++;
    } else {
      this.lines[this.start] = line;
      this.start = (this.start + 1) % cap;
      this.dropped++;
    }
  }

  toArray(): LogLine[] {
    const out: LogLine[] = [];
    for (let i = 0; i < this.size; i++) {
      out.push(this.lines[(this.start + i) % this.lines.length] as LogLine);
    }
    return out;
  }

  get length(): number {
    return this.size;
  }
}
