// Counts the objects of a collection without watching them: a `limit=1` list whose
// metadata.remainingItemCount (plus the item it holds) is the count, at start, on a slow timer and
// on Refresh. Only when the API server gives no remainingItemCount (an old server, or a list with
// a selector) are the pages listed through, metadata only. A node heartbeat costs nothing here.
import type { KubeClient } from './client';
import { clip } from '../redact';

export interface CollectionCounterOptions {
  client: KubeClient;
  /** The collection path, e.g. `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases`. */
  path: string;
  /** The count changed (or was read for the first time). */
  count(n: number): void;
  note(message: string): void;
  /** Time between counts (default 30 s). */
  intervalMs?: number;
}

interface CountList {
  metadata?: { continue?: string; remainingItemCount?: number };
  items?: unknown[];
}

/** Each item as PartialObjectMetadata (name, labels, …) when the server can: a full count fetches no specs. */
const metadataOnly = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const fullCountPageSize = 500;
const defaultIntervalMs = 30_000;
const refusedSkips = 9;

export class CollectionCounter {
  private timer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  private counting: Promise<void> | undefined;
  private again = false;
  private last: number | undefined;
  private lastError = '';
  /** Timer ticks still to skip: a refused count (401, 403) is asked again every 5 min, not every 30 s (Refresh asks at once). */
  private skip = 0;

  constructor(private readonly opts: CollectionCounterOptions) {}

  start(): void {
    this.recount();
    this.timer = setInterval(() => {
      if (this.skip > 0) {
        this.skip--;
      } else {
        this.recount();
      }
    }, this.opts.intervalMs ?? defaultIntervalMs);
  }

  /** Counts now (a count under way is followed by one more). */
  recount(): void {
    if (this.abort.signal.aborted) {
      return;
    }
    if (this.counting) {
      this.again = true;
      return;
    }
    this.counting = this.countNow().finally(() => {
      this.counting = undefined;
      if (this.again) {
        this.again = false;
        this.recount();
      }
    });
  }

  stop(): void {
    this.abort.abort();
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = undefined;
  }

  private async countNow(): Promise<void> {
    const signal = this.abort.signal;
    let total = 0;
    let cont: string | undefined;
    let limit = 1;
    for (;;) {
      const page = await this.opts.client.getJson<CountList>(
        this.opts.path,
        { limit, continue: cont },
        { signal, timeoutMs: 30_000, accept: limit === 1 ? undefined : metadataOnly },
      );
      if (signal.aborted) {
        return;
      }
      if (!page.ok) {
        // The count stays as it was; the next tick tries again. One line per new problem.
        this.skip = page.error.status === 401 || page.error.status === 403 ? refusedSkips : 0;
        if (page.error.message !== this.lastError) {
          this.lastError = page.error.message;
          this.opts.note(`${this.opts.path}: cannot count: ${clip(page.error.message, 200)}`);
        }
        return;
      }
      this.lastError = '';
      const items = Array.isArray(page.value.items) ? page.value.items.length : 0;
      const remaining = page.value.metadata?.remainingItemCount;
      cont = page.value.metadata?.continue || undefined;
      total += items;
      if (!cont) {
        break;
      }
      if (limit === 1 && typeof remaining === 'number' && Number.isFinite(remaining) && remaining >= 0) {
        total += remaining;
        break;
      }
      if (limit === 1) {
        // No remainingItemCount: count every item from the start, a page at a time.
        total = 0;
        cont = undefined;
        limit = fullCountPageSize;
      }
    }
    if (total !== this.last) {
      this.last = total;
      this.opts.count(total);
    }
  }
}
