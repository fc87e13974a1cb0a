// Container logs as the kubelet keeps them: the current instance's lines (bounded), the previous
// instance's after a restart, and followers that get new lines until the instance ends.
import { nanoTime } from './time';

export interface LogLine {
  /** milliseconds since the epoch, with sub-millisecond precision */
  ms: number;
  /** RFC 3339 with nine fractional digits */
  ts: string;
  text: string;
}

/** Bounded line buffer: keeps the newest `limit` lines, amortised O(1) per append. */
export class LineRing {
  private lines: LogLine[] = [];
  private head = 0;
  constructor(private readonly limit: number) {}

  push(l: LogLine): void {
    this.lines.push(l);
    if (this.lines.length - this.head > this.limit) {
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.lines.length) {
        this.lines = this.lines.slice(this.head);
        this.head = 0;
      }
    }
  }

  toArray(): LogLine[] {
    return this.lines.slice(this.head);
  }

  get size(): number {
    return this.lines.length - this.head;
  }
}

export interface LogFollower {
  line(l: LogLine): void;
  /** the instance ended (restart, pod deleted, connection dropped) */
  end(): void;
}

export class ContainerLog {
  current: LineRing;
  previous: LineRing | undefined;
  private readonly followers = new Set<LogFollower>();

  constructor(private readonly limit: number) {
    this.current = new LineRing(limit);
  }

  append(text: string, ms: number): void {
    const l: LogLine = { ms, ts: nanoTime(ms), text };
    this.current.push(l);
    for (const f of [...this.followers]) {
      f.line(l);
    }
  }

  follow(f: LogFollower): () => void {
    this.followers.add(f);
    return () => this.followers.delete(f);
  }

  /** The running instance exits and a new one starts: its log becomes `previous`. */
  restart(): void {
    this.previous = this.current;
    this.current = new LineRing(this.limit);
    this.endFollowers();
  }

  endFollowers(): void {
    const fs = [...this.followers];
    this.followers.clear();
    for (const f of fs) {
      f.end();
    }
  }
}

/** The logs of one pod's containers. */
export class PodLogs {
  private readonly containers = new Map<string, ContainerLog>();
  constructor(private readonly limit: number) {}

  container(name: string): ContainerLog {
    let c = this.containers.get(name);
    if (!c) {
      this.containers.set(name, (c = new ContainerLog(this.limit)));
    }
    return c;
  }

  endAll(): void {
    for (const c of this.containers.values()) {
      c.endFollowers();
    }
  }
}
