// Bounded history of one bucket's changes: a watch may start from any resourceVersion at or after
// `floor`; older ones are too old (410 Expired). Like kube-apiserver, changes also age out: the
// watch cache keeps what is younger than 75 s (and at least its lower-bound capacity of 100), and
// etcd, which serves watches of uncached resources (Events), is compacted every 5 minutes.
import type { StoredEvent } from './types';

export interface HistoryWindow {
  /** Changes older than this may be dropped (ms). */
  keepMs: number;
  /** ...but this many are always kept. */
  minKeep: number;
}

/** The watch cache: eventFreshDuration 75 s, lower-bound capacity 100. */
export const watchCacheWindow: HistoryWindow = { keepMs: 75_000, minKeep: 100 };
/** etcd behind kube-apiserver: --etcd-compaction-interval 5m. */
export const etcdWindow: HistoryWindow = { keepMs: 5 * 60_000, minKeep: 0 };

export class History {
  private items: (StoredEvent | undefined)[] = [];
  private times: number[] = [];
  private head = 0;

  /** Every change with rv > floor is held. */
  floor: number;

  constructor(
    private readonly limit: number,
    floor: number,
    private readonly window: HistoryWindow = watchCacheWindow,
  ) {
    this.floor = floor;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  push(e: StoredEvent): void {
    this.items.push(e);
    this.times.push(Date.now());
    this.age();
  }

  /** Drops changes beyond the limit, and those past the window beyond the minimum kept. */
  private age(): void {
    const tooOld = Date.now() - this.window.keepMs;
    while (this.size > this.limit || (this.size > this.window.minKeep && this.times[this.head] < tooOld)) {
      const dropped = this.items[this.head];
      if (dropped) {
        this.floor = dropped.rv;
      }
      this.items[this.head] = undefined;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  /** The changes after `rv`, oldest first, or undefined when rv is older than the history. */
  since(rv: number): StoredEvent[] | undefined {
    this.age();
    if (rv < this.floor) {
      return undefined;
    }
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.items[mid]?.rv ?? 0) <= rv) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return this.items.slice(lo) as StoredEvent[];
  }

  /** Forget everything: resourceVersions before `rv` become too old. */
  expire(rv: number): void {
    this.items = [];
    this.times = [];
    this.head = 0;
    this.floor = rv;
  }
}
