// An informer's engine: list (paginated), then watch from the list's resourceVersion with
// bookmarks; relist on 410 Gone; re-watch after a clean close; reconnect with capped,
// jittered backoff after errors; replace a stream that goes silent. It never stops by itself
// (client-node's informer does on 403 or network errors); only `stop()` ends it.
import { Backoff, sleep } from './backoff';
import type { KubeClient, Query } from './client';
import { listPageSize } from '../../shared/constants';
import { isNonNullObject } from '../../shared/guards';
import { clip } from '../redact';
import type { KubeError } from './errors';
import { t } from '../../shared/l10n';

export interface KubeObject {
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type ListWatchState = { phase: 'listing' } | { phase: 'synced' } | { phase: 'error'; error: KubeError; retryAt: number };

export interface ListWatchHandler<T> {
  /** A complete list arrived (first list or relist): these are all the objects now. */
  replace(items: T[], observedAt: number): void;
  event(type: WatchEventType, obj: T, observedAt: number): void;
  state(state: ListWatchState): void;
  /** Something worth a line in the server log (bad JSON in a stream, a relist). */
  note?(message: string): void;
}

export interface ListWatchOptions<T = unknown> {
  client: KubeClient;
  /** The collection path, e.g. `/apis/coordination.k8s.io/v1/namespaces/x/leases`. */
  path: string;
  query?: Query;
  pageSize?: number;
  /** Ask for BOOKMARK events (the API server may ignore it). */
  bookmarks?: boolean;
  /** A watch that sends no byte for this long is replaced. */
  inactivityMs?: number;
  /** Watch timeoutSeconds range; the server closes the watch cleanly after it. */
  watchSeconds?: [number, number];
  /** Backoff cap for errors that will not fix themselves soon (401, 403). */
  slowCapMs?: number;
  backoff?: Backoff;
  /** The Accept header, e.g. metadata-only (`application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json`). */
  accept?: string;
  /** The Accept header of watches (default `accept`); metadata-only watches ask `as=PartialObjectMetadata`. */
  watchAccept?: string;
  /**
   * Makes each listed or watched object small at once (e.g. keeps a lock's annotation, never a
   * ConfigMap's `data`); undefined drops it, so a large list costs only what is kept.
   */
  slim?: (raw: unknown, from: 'list' | 'watch') => T | undefined;
}

interface ListBody<T> {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: T[];
}

interface WatchLine<T> {
  type?: string;
  object?: T & { code?: number; message?: string; reason?: string; kind?: string };
}

const defaultInactivityMs = Number(process.env.LEASE_LENS_WATCH_IDLE_MS) || 55_000;
// A quiet watch on kube-apiserver sends nothing: BOOKMARKs come from the watch cache about once a
// minute, and never for Events. Asking the server to end each watch before the inactivity limit
// keeps a healthy quiet watch from being taken for a dead one.
const defaultWatchSeconds: [number, number] = [40, 50];

export class ListWatch<T extends KubeObject> {
  private readonly abort = new AbortController();
  private resourceVersion: string | undefined;
  private readonly backoff: Backoff;
  private running: Promise<void> | undefined;
  /** The current watch stream, so `restartWatch` can end it. */
  private watchAbort: AbortController | undefined;
  /** Cuts a backoff wait short (Refresh). */
  private wake = new AbortController();
  /** The last state reported was an error: a watch that opens again must say it recovered. */
  private failed = false;

  constructor(
    private readonly opts: ListWatchOptions<T>,
    private readonly handler: ListWatchHandler<T>,
  ) {
    this.backoff = opts.backoff ?? new Backoff();
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.watchAbort?.abort();
    await this.running;
  }

  /** Lists again now, e.g. on Refresh. */
  relist(): void {
    this.resourceVersion = undefined;
    this.watchAbort?.abort();
    this.wake.abort();
    this.wake = new AbortController();
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      if (this.resourceVersion === undefined) {
        this.handler.state({ phase: 'listing' });
        const listed = await this.list(signal);
        if (signal.aborted) {
          return;
        }
        if (!listed.ok) {
          await this.wait(listed.error, signal);
          continue;
        }
        this.resourceVersion = listed.resourceVersion;
        try {
          this.handler.replace(listed.items, Date.now());
        } catch (err) {
          // A consumer fault must not end the informer (as for stream lines).
          this.handler.note?.(`${this.opts.path}: a listed item could not be used: ${clip(String(err), 200)}`);
        }
        this.failed = false;
        this.handler.state({ phase: 'synced' });
      }
      const watchStarted = Date.now();
      const end = await this.watch(signal);
      if (signal.aborted) {
        return;
      }
      if ((end === 'again' || end === 'relist') && Date.now() - watchStarted < 1000) {
        // A server that closes or expires watches at once must not make us spin.
        await this.pause(this.backoff.next(), signal);
      }
      if (end === 'relist') {
        this.handler.note?.(`${this.opts.path}: resourceVersion expired, listing again`);
        this.resourceVersion = undefined;
      } else if (end !== 'again') {
        await this.wait(end, signal);
      }
    }
  }

  private async wait(error: KubeError, signal: AbortSignal): Promise<void> {
    if (error.kind === 'http' && error.status === 401) {
      this.opts.client.resetCredentials();
    }
    // Refused credentials, and credentials a plugin could not give, wait for a person (Refresh cuts the wait short).
    const slow = (error.kind === 'http' && (error.status === 401 || error.status === 403)) || error.kind === 'credentials';
    const delay = this.backoff.next(slow ? (this.opts.slowCapMs ?? 120_000) : undefined);
    this.failed = true;
    this.handler.state({ phase: 'error', error, retryAt: Date.now() + delay });
    await this.pause(delay, signal);
  }

  /** A backoff wait that stop() and Refresh (relist) both cut short. */
  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    const wake = this.wake.signal;
    const cut = new AbortController();
    const stop = (): void => cut.abort();
    signal.addEventListener('abort', stop, { once: true });
    wake.addEventListener('abort', stop, { once: true });
    try {
      await sleep(ms, cut.signal);
    } finally {
      signal.removeEventListener('abort', stop);
      wake.removeEventListener('abort', stop);
    }
  }

  private async list(signal: AbortSignal): Promise<{ ok: true; items: T[]; resourceVersion: string } | { ok: false; error: KubeError }> {
    const items: T[] = [];
    let cont: string | undefined;
    let restarted = false;
    for (;;) {
      const page = await this.opts.client.getJson<ListBody<T>>(
        this.opts.path,
        { ...this.opts.query, limit: this.opts.pageSize ?? listPageSize, continue: cont },
        { signal, accept: this.opts.accept },
      );
      if (!page.ok) {
        // An expired continue token: list from the start once, as client-go's pager does.
        if (page.error.status === 410 && cont !== undefined && !restarted) {
          restarted = true;
          items.length = 0;
          cont = undefined;
          continue;
        }
        return page;
      }
      const slim = this.opts.slim;
      if (slim) {
        for (const raw of Array.isArray(page.value.items) ? page.value.items : []) {
          const kept = slim(raw, 'list');
          if (kept !== undefined) {
            items.push(kept);
          }
        }
      } else {
        items.push(...(page.value.items ?? []));
      }
      cont = page.value.metadata?.continue || undefined;
      if (!cont) {
        return { ok: true, items, resourceVersion: page.value.metadata?.resourceVersion ?? '' };
      }
    }
  }

  /** Watches from the current resourceVersion until the stream ends; says what to do next. */
  private async watch(signal: AbortSignal): Promise<'again' | 'relist' | KubeError> {
    const [lo, hi] = this.opts.watchSeconds ?? defaultWatchSeconds;
    const watchAbort = new AbortController();
    this.watchAbort = watchAbort;
    const onStop = (): void => watchAbort.abort();
    signal.addEventListener('abort', onStop, { once: true });
    let outcome: 'again' | 'relist' | KubeError = 'again';
    let delivered = false;
    let opened = false;
    const end = await this.opts.client.stream(
      this.opts.path,
      {
        ...this.opts.query,
        watch: 1,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: this.opts.bookmarks === false ? undefined : true,
        timeoutSeconds: Math.round(lo + Math.random() * (hi - lo)),
      },
      {
        signal: watchAbort.signal,
        accept: this.opts.watchAccept ?? this.opts.accept,
        inactivityMs: this.opts.inactivityMs ?? defaultInactivityMs,
        onOpen: () => {
          opened = true;
          if (this.failed) {
            // Watching again from where we were: nothing was missed, the cache is whole again.
            this.failed = false;
            this.handler.state({ phase: 'synced' });
          }
        },
        onLine: (line) => {
          const parsed = parseLine<T>(line);
          if (!parsed) {
            this.handler.note?.(`${this.opts.path}: skipped a watch line that is not JSON: ${clip(line, 120)}`);
            return;
          }
          const { type, object } = parsed;
          if (type === 'ERROR') {
            if (object?.code === 410) {
              outcome = 'relist';
            } else {
              outcome = {
                kind: 'http',
                status: object?.code,
                reason: object?.reason,
                message: clip(object?.message ?? t('watch error')),
                hint: t('Lease Lens watches again with backoff.'),
              };
            }
            watchAbort.abort();
            return;
          }
          const rv = typeof object?.metadata?.resourceVersion === 'string' ? object.metadata.resourceVersion : undefined;
          if (type === 'BOOKMARK') {
            if (rv) {
              this.resourceVersion = rv;
            }
            return;
          }
          if ((type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') && object) {
            if (rv) {
              this.resourceVersion = rv;
            }
            if (!delivered) {
              delivered = true;
              this.backoff.reset();
            }
            const kept = this.opts.slim ? this.opts.slim(object, 'watch') : object;
            if (kept !== undefined) {
              this.handler.event(type, kept, Date.now());
            }
          }
        },
      },
    );
    signal.removeEventListener('abort', onStop);
    if (this.watchAbort === watchAbort) {
      this.watchAbort = undefined;
    }
    if (outcome !== 'again') {
      return outcome;
    }
    if (end.kind === 'error') {
      if (end.error.kind === 'http' && end.error.status === 410) {
        return 'relist';
      }
      if (end.error.kind === 'timeout' && opened) {
        // The stream went silent: replace it at once, from the last resourceVersion.
        this.handler.note?.(`${this.opts.path}: ${end.error.message} Watching again.`);
        return 'again';
      }
      return end.error;
    }
    // A clean close (timeoutSeconds, a Refresh): watch again from where we are.
    return this.resourceVersion === undefined ? 'relist' : 'again';
  }
}

function parseLine<T>(line: string): WatchLine<T> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return isNonNullObject(value) ? (value as WatchLine<T>) : undefined;
  } catch {
    return undefined;
  }
}
