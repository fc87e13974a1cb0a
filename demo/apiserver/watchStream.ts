// One watch response: a chunked stream of JSON events, one per line. Starts with synthetic ADDED
// events (resourceVersion "" or "0") or a replay from the history (a given resourceVersion; too
// old → HTTP 200 and one ERROR event with a 410 Expired Status), then follows the store. Moves in
// and out of a selector become ADDED/DELETED like the watch cache; BOOKMARKs on request.
import type { ServerResponse } from 'node:http';
import type { FaultRequest } from './faults';
import { partialObjectMetadata } from './mediaTypes';
import { apiVersionOf, type ResourceDef } from './resources';
import { type FieldSelector, type LabelSelector, matchFields, matchLabels } from './selectors';
import { compactedResourceVersion, errorWith, tooOldResourceVersion, unparsableResourceVersion } from './status';
import type { ClusterStore } from './store';
import type { StreamRegistry } from './streams';
import { type IncludeObject, toTable } from './tables';
import type { KubeObject, StoredEvent } from './types';
import type { Watcher } from './watchHub';

export interface WatchParams {
  def: ResourceDef;
  /** undefined: all namespaces */
  namespace: string | undefined;
  labels: LabelSelector;
  fields: FieldSelector;
  /** the request's resourceVersion parameter ('' when absent) */
  resourceVersion: string;
  bookmarks: boolean;
  bookmarkIntervalMs: number;
  timeoutSeconds?: number;
  sendInitialEvents: boolean;
  /** set when the client asked for Table objects */
  table?: IncludeObject;
  /** set (to the meta.k8s.io version) when the client asked for PartialObjectMetadata objects */
  metadataOnly?: string;
  /** told the top-level fields of each event object sent (BOOKMARKs and ERRORs not counted) */
  onObjectFields?: (fields: string[]) => void;
}

/** Slow watchers with more than this much unsent output are terminated, like the cacher does. */
const maxBuffered = 64 * 1024 * 1024;

interface Wire {
  json: string;
  fields: string[];
}

/** Serialised event objects, per definition and form ('' full, else the meta.k8s.io version of PartialObjectMetadata). */
const wireCache = new WeakMap<ResourceDef, Map<string, WeakMap<KubeObject, Wire>>>();

function wire(def: ResourceDef, obj: KubeObject, metadataOnly: string | undefined): Wire {
  let perDef = wireCache.get(def);
  if (!perDef) {
    wireCache.set(def, (perDef = new Map<string, WeakMap<KubeObject, Wire>>()));
  }
  const form = metadataOnly ?? '';
  let perForm = perDef.get(form);
  if (!perForm) {
    perDef.set(form, (perForm = new WeakMap()));
  }
  let w = perForm.get(obj);
  if (w === undefined) {
    const wireObj = metadataOnly
      ? partialObjectMetadata(def.toWire(obj).metadata, metadataOnly)
      : { kind: def.kind, apiVersion: apiVersionOf(def), ...def.toWire(obj) };
    w = { json: JSON.stringify(wireObj), fields: Object.keys(wireObj).sort() };
    perForm.set(obj, w);
  }
  return w;
}

export const watchHeaders = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-cache, private',
  'Transfer-Encoding': 'chunked',
};

class WatchConnection implements Watcher {
  readonly namespace: string | undefined;
  private silenced = false;
  private queue: string[] = [];
  private closed = false;
  private readonly filtered: boolean;

  constructor(
    private readonly res: ServerResponse,
    private readonly store: ClusterStore,
    private readonly p: WatchParams,
  ) {
    this.namespace = p.namespace;
    this.filtered = p.labels.length > 0 || p.fields.length > 0;
  }

  matches(o: KubeObject): boolean {
    if (!this.filtered) {
      return true;
    }
    return matchLabels(this.p.labels, o.metadata.labels) && matchFields(this.p.fields, (f) => this.p.def.fields[f]?.(o) ?? '');
  }

  deliver(e: StoredEvent): void {
    if (this.namespace !== undefined && e.namespace !== this.namespace) {
      return;
    }
    switch (e.type) {
      case 'ADDED':
        if (this.matches(e.object)) {
          this.send('ADDED', e.object);
        }
        return;
      case 'MODIFIED': {
        const now = this.matches(e.object);
        const before = e.prev ? this.matches(e.prev) : false;
        if (now && before) {
          this.send('MODIFIED', e.object);
        } else if (now) {
          this.send('ADDED', e.object);
        } else if (before && e.prev) {
          this.send('DELETED', { ...e.prev, metadata: { ...e.prev.metadata, resourceVersion: String(e.rv) } });
        }
        return;
      }
      case 'DELETED':
        if (this.matches(e.prev ?? e.object)) {
          this.send('DELETED', e.object);
        }
        return;
    }
  }

  send(type: string, obj: KubeObject): void {
    if (this.p.table) {
      const t = toTable(this.p.def, [obj], { resourceVersion: obj.metadata.resourceVersion }, this.p.table);
      this.write(`${JSON.stringify({ type, object: t })}\n`);
    } else {
      const w = wire(this.p.def, obj, this.p.metadataOnly);
      this.p.onObjectFields?.(w.fields);
      this.write(`{"type":"${type}","object":${w.json}}\n`);
    }
  }

  bookmark(initialEventsEnd = false): void {
    if (this.silenced) {
      return;
    } // a silent connection sends nothing at all
    const metadata: Record<string, unknown> = { resourceVersion: this.store.resourceVersion(), creationTimestamp: null };
    if (initialEventsEnd) {
      metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    }
    const object = this.p.metadataOnly
      ? partialObjectMetadata(metadata, this.p.metadataOnly)
      : { kind: this.p.def.kind, apiVersion: apiVersionOf(this.p.def), metadata, ...this.p.def.bookmarkBody };
    this.write(`${JSON.stringify({ type: 'BOOKMARK', object })}\n`);
  }

  write(s: string): void {
    if (this.closed) {
      return;
    }
    if (this.silenced) {
      this.queue.push(s);
      return;
    }
    this.res.write(s);
    if (this.res.writableLength > maxBuffered) {
      this.drop(false);
    }
  }

  setSilenced(on: boolean): void {
    this.silenced = on;
    if (!on) {
      const q = this.queue;
      this.queue = [];
      for (const s of q) {
        this.write(s);
      }
    }
  }

  drop(graceful: boolean): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    if (graceful) {
      this.res.end();
    } else {
      this.res.destroy();
    }
  }
}

/** Answers a watch request; the response stays open until timeout, client close or a fault. */
export function serveWatch(
  res: ServerResponse,
  store: ClusterStore,
  registry: StreamRegistry,
  request: FaultRequest,
  p: WatchParams,
): void {
  const { def } = p;
  const rv = p.resourceVersion;
  const fromState = p.sendInitialEvents || rv === '' || rv === '0';
  let replay: StoredEvent[] | undefined;
  if (!fromState) {
    // kube-apiserver answers this one with a reason-less 500.
    if (!/^\d+$/.test(rv)) {
      throw errorWith(500, unparsableResourceVersion(rv), '');
    }
    const n = Number(rv);
    const history = store.hub.history(def.bucket);
    replay = history.since(n);
    if (!replay) {
      res.writeHead(200, watchHeaders);
      const status = def.watchCache === false ? compactedResourceVersion() : tooOldResourceVersion(n, history.floor);
      res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
      return;
    }
  }
  res.writeHead(200, watchHeaders);
  res.flushHeaders();
  const conn = new WatchConnection(res, store, p);
  const unregister = registry.add({
    request,
    kind: 'watch',
    drop: (graceful) => conn.drop(graceful),
    setSilenced: (on) => conn.setSilenced(on),
  });
  if (fromState) {
    for (const o of store.list(def.bucket, p.namespace)) {
      if (conn.matches(o)) {
        conn.send('ADDED', o);
      }
    }
    if (p.sendInitialEvents && p.bookmarks) {
      conn.bookmark(true);
    }
  } else {
    for (const e of replay ?? []) {
      conn.deliver(e);
    }
  }
  const unsubscribe = store.hub.subscribe(def.bucket, conn);
  const timers: NodeJS.Timeout[] = [];
  // Like the cacher: a BOOKMARK every interval (kube-apiserver: once a minute) and one 2 s before
  // timeoutSeconds runs out; none at all for resources outside the watch cache (Events).
  if (p.bookmarks && def.watchCache !== false) {
    if (p.bookmarkIntervalMs > 0) {
      timers.push(setInterval(() => conn.bookmark(), p.bookmarkIntervalMs).unref());
    }
    if (p.timeoutSeconds !== undefined && p.timeoutSeconds > 2) {
      timers.push(setTimeout(() => conn.bookmark(), (p.timeoutSeconds - 2) * 1000).unref());
    }
  }
  if (p.timeoutSeconds !== undefined && p.timeoutSeconds > 0) {
    timers.push(setTimeout(() => conn.drop(true), p.timeoutSeconds * 1000).unref());
  }
  res.on('close', () => {
    conn.drop(false);
    unsubscribe();
    unregister();
    for (const t of timers) {
      clearTimeout(t);
    }
  });
}
