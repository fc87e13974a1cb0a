// Coalesces a context's lease changes and flushes them at most once per interval.
import { flushIntervalMs } from '../../shared/constants';
import type { LeaseDelta, LeaseKey } from '../../shared/types';

export class DeltaBatcher {
  private pending = new Map<LeaseKey, LeaseDelta>();
  private timer: NodeJS.Timeout | undefined;
  private afterFlush: (() => void)[] = [];
  private lastFlush = 0;
  private poked = false;

  constructor(
    private readonly flushTo: (deltas: LeaseDelta[]) => void,
    private readonly intervalMs = flushIntervalMs,
  ) {}

  /** Queues a change; a later change of the same lease replaces an earlier unsent one. */
  add(delta: LeaseDelta): void {
    this.pending.set(delta.type === 'upsert' ? delta.lease.key : delta.key, delta);
    this.schedule();
  }

  /** Sends a batch soon even if no Lease changed (it carries something else: health flags). */
  poke(): void {
    this.poked = true;
    this.schedule();
  }

  /** Runs `then` once what is pending now has been sent (at once when nothing is pending). */
  whenFlushed(then: () => void): void {
    if (!this.timer) {
      then();
    } else {
      this.afterFlush.push(then);
    }
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = undefined;
    this.pending.clear();
    this.poked = false;
    this.afterFlush = [];
  }

  private schedule(): void {
    if (this.timer) {
      return;
    }
    const wait = Math.max(0, this.lastFlush + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const after = this.afterFlush;
    this.afterFlush = [];
    if (this.pending.size > 0 || this.poked) {
      const deltas = [...this.pending.values()];
      this.pending = new Map();
      this.poked = false;
      this.lastFlush = Date.now();
      this.flushTo(deltas);
    }
    for (const then of after) {
      then();
    }
  }
}
