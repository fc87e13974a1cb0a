// Coalesces a context's lease changes and flushes them at most once per interval.
import type { LeaseDelta, LeaseKey } from '../../shared/types';

export class DeltaBatcher {
  private pending = new Map<LeaseKey, LeaseDelta>();
  private reset = false;
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;

  constructor(
    private readonly flushTo: (deltas: LeaseDelta[], reset: boolean) => void,
    private readonly intervalMs = 250,
  ) {}

  /** Queues a change; a later change of the same lease replaces an earlier unsent one. */
  add(delta: LeaseDelta): void {
    this.pending.set(delta.type === 'upsert' ? delta.lease.key : delta.key, delta);
    this.schedule();
  }

  /** Queues a full replacement of everything the client holds for the context. */
  replaceAll(deltas: LeaseDelta[]): void {
    this.pending.clear();
    this.reset = true;
    for (const d of deltas) this.add(d);
    this.schedule();
  }

  /** Sends what is pending now, e.g. before the context is reported synced. */
  flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.flush();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.pending.size === 0 && !this.reset) return;
    const deltas = [...this.pending.values()];
    const reset = this.reset;
    this.pending = new Map();
    this.reset = false;
    this.lastFlush = Date.now();
    this.flushTo(deltas, reset);
  }
}
