// Fan-out of store changes to watchers. Watchers are indexed by bucket and namespace so a write
// costs O(watchers that can see it), never O(objects).
import { etcdWindow, History, watchCacheWindow } from './history';
import { type Bucket, buckets, type StoredEvent } from './types';

export interface Watcher {
  /** undefined: all namespaces */
  readonly namespace: string | undefined;
  deliver(e: StoredEvent): void;
}

const ALL = '\u0000all';

export class WatchHub {
  private readonly histories = new Map<Bucket, History>();
  private readonly watchers = new Map<Bucket, Map<string, Set<Watcher>>>();

  constructor(historyLimit: number, floor = 0) {
    for (const b of buckets) {
      // Events are not in the watch cache: their watches come from etcd.
      this.histories.set(b, new History(historyLimit, floor, b === 'events' ? etcdWindow : watchCacheWindow));
      this.watchers.set(b, new Map());
    }
  }

  history(bucket: Bucket): History {
    const h = this.histories.get(bucket);
    if (!h) {
      throw new Error(`unknown bucket ${bucket}`);
    }
    return h;
  }

  publish(e: StoredEvent): void {
    this.history(e.bucket).push(e);
    const byNs = this.watchers.get(e.bucket);
    if (!byNs) {
      return;
    }
    for (const key of [ALL, e.namespace]) {
      const set = byNs.get(key);
      if (!set) {
        continue;
      }
      for (const w of [...set]) {
        w.deliver(e);
      }
    }
  }

  subscribe(bucket: Bucket, w: Watcher): () => void {
    const byNs = this.watchers.get(bucket);
    if (!byNs) {
      throw new Error(`unknown bucket ${bucket}`);
    }
    const key = w.namespace ?? ALL;
    let set = byNs.get(key);
    if (!set) {
      byNs.set(key, (set = new Set()));
    }
    set.add(w);
    return () => {
      set.delete(w);
      if (set.size === 0 && byNs.get(key) === set) {
        byNs.delete(key);
      }
    };
  }

  watcherCount(): number {
    let n = 0;
    for (const byNs of this.watchers.values()) {
      for (const set of byNs.values()) {
        n += set.size;
      }
    }
    return n;
  }

  /** Compacts every history at `rv`. */
  expireAll(rv: number): void {
    for (const h of this.histories.values()) {
      h.expire(rv);
    }
  }
}
