// Coalesces a context's lease changes and flushes them at most once per interval. A renewal (a
// version that changes only renewTime and resourceVersion, issue 18 §3) waits apart from the
// deltas and goes out in columns; a renewal of a Lease whose upsert is still unsent updates that
// upsert instead, and of several renewals of one Lease within a flush only the last goes out.
import { flushIntervalMs } from '../../shared/constants';
import type { LeaseDelta, LeaseInfo, LeaseKey } from '../../shared/types';

export class DeltaBatcher {
  private pending = new Map<LeaseKey, LeaseDelta>();
  private renewals = new Map<LeaseKey, LeaseInfo>();
  private timer: NodeJS.Timeout | undefined;
  private afterFlush: (() => void)[] = [];
  private lastFlush = 0;
  private poked = false;

  constructor(
    private readonly flushTo: (deltas: LeaseDelta[], renewals: LeaseInfo[]) => void,
    private readonly intervalMs = flushIntervalMs,
  ) {}

  /** Queues a change; a later change of the same lease replaces an earlier unsent one. */
  add(delta: LeaseDelta): void {
    const key = delta.type === 'upsert' ? delta.lease.key : delta.key;
    this.renewals.delete(key);
    this.pending.set(key, delta);
    this.schedule();
  }

  /** Queues a renewal of a Lease the client holds (or will hold once an unsent upsert of it goes out). */
  renew(lease: LeaseInfo): void {
    const pending = this.pending.get(lease.key);
    if (pending?.type === 'upsert') {
      pending.lease = lease;
    } else {
      this.renewals.set(lease.key, lease);
    }
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
    this.renewals.clear();
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
    if (this.pending.size > 0 || this.renewals.size > 0 || this.poked) {
      const deltas = [...this.pending.values()];
      const renewals = [...this.renewals.values()];
      this.pending = new Map();
      this.renewals = new Map();
      this.poked = false;
      this.lastFlush = Date.now();
      this.flushTo(deltas, renewals);
    }
    for (const then of after) {
      then();
    }
  }
}
