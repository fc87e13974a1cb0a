// The demo's disturbances: a leader crashes about every minute (so failovers happen), and now
// and then another workload's leader hands over cleanly.
import type { LeaderExit } from './workloadRun';

export interface ChaosOptions {
  crashEveryMs: number;
  releaseEveryMs: number;
  crash: () => Promise<LeaderExit>;
  /** The i-th clean release. */
  release: (i: number) => Promise<LeaderExit>;
  note: (message: string) => void;
}

export class Chaos {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;
  private releases = 0;

  constructor(private readonly o: ChaosOptions) {}

  start(): void {
    if (this.o.crashEveryMs > 0) {
      this.every(this.o.crashEveryMs, () => this.o.crash());
    }
    if (this.o.releaseEveryMs > 0) {
      this.every(this.o.releaseEveryMs, () => this.o.release(this.releases++));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) {
      clearTimeout(t);
    }
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  /** Runs `action` about every `ms` (±10 %), never two at once. */
  private every(ms: number, action: () => Promise<LeaderExit>): void {
    const schedule = (): void => {
      if (this.stopped) {
        return;
      }
      const t = setTimeout(
        () => {
          this.timers.delete(t);
          const p = action()
            .then(
              () => undefined,
              (err: unknown) => this.o.note(`(skipped: ${err instanceof Error ? err.message : String(err)})`),
            )
            .finally(() => {
              this.running.delete(p);
              schedule();
            });
          this.running.add(p);
        },
        ms * (0.9 + Math.random() * 0.2),
      );
      this.timers.add(t);
    };
    schedule();
  }
}
