// Bounded history of one bucket's changes, like the watch cache: a watch may start from any
// resourceVersion at or after `floor`; older ones are too old (410 Expired).
import type { StoredEvent } from './types';

export class History {
  private items: (StoredEvent | undefined)[] = [];
  private head = 0;

  /** Every change with rv > floor is held. */
  floor: number;

  constructor(
    private readonly limit: number,
    floor: number,
  ) {
    this.floor = floor;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  push(e: StoredEvent): void {
    this.items.push(e);
    if (this.items.length - this.head > this.limit) {
      const dropped = this.items[this.head];
      if (dropped) this.floor = dropped.rv;
      this.items[this.head] = undefined;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
    }
  }

  /** The changes after `rv`, oldest first, or undefined when rv is older than the history. */
  since(rv: number): StoredEvent[] | undefined {
    if (rv < this.floor) return undefined;
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.items[mid]?.rv ?? 0) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.items.slice(lo) as StoredEvent[];
  }

  /** Forget everything: resourceVersions before `rv` become too old. */
  expire(rv: number): void {
    this.items = [];
    this.head = 0;
    this.floor = rv;
  }
}
