// Helpers for tests against the local API server: a client-node KubeConfig per user, a watch that
// queues its events, and waiting for the next one with a timeout (harness/waiting.ts's `within`).
import { ApiException, KubeConfig, Watch } from '@kubernetes/client-node';
import type { ApiServer } from '../../../demo/apiserver/index';
import type { Status } from '../../../demo/apiserver/types';
import { within } from '../../../harness/waiting';

export function kubeConfigFor(server: ApiServer, user = 'admin', namespace?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(server.kubeconfig({ contexts: [{ name: `ctx-${user}`, user, namespace }] }));
  return kc;
}

/** A FIFO whose `next()` waits (with a timeout) for the next pushed value. */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: ((v: T) => void)[] = [];

  push(v: T): void {
    const w = this.waiters.shift();
    if (w) {
      w(v);
    } else {
      this.items.push(v);
    }
  }

  get length(): number {
    return this.items.length;
  }

  async next(timeoutMs = 3000, what = 'the next item'): Promise<T> {
    const v = this.items.shift();
    if (v !== undefined) {
      return v;
    }
    let got: ((x: T) => void) | undefined;
    const pushed = new Promise<T>((resolve) => {
      got = resolve;
      this.waiters.push(resolve);
    });
    try {
      return await within(pushed, timeoutMs, what);
    } finally {
      // On timeout nobody waits any more: the next push queues its value instead.
      const i = got ? this.waiters.indexOf(got) : -1;
      if (i >= 0) {
        this.waiters.splice(i, 1);
      }
    }
  }
}

export interface WatchEvent {
  type: string;
  object: {
    kind?: string;
    apiVersion?: string;
    metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
    [k: string]: unknown;
  };
}

export interface OpenWatch {
  events: AsyncQueue<WatchEvent>;
  /** resolves with the error (or null) when the watch ends */
  done: Promise<Error | null>;
  abort(): void;
}

/** Starts a client-node watch whose events queue up in `events`. */
export async function openWatch(kc: KubeConfig, path: string, query: Record<string, string | number | boolean> = {}): Promise<OpenWatch> {
  const events = new AsyncQueue<WatchEvent>();
  let finish: (e: Error | null) => void = () => undefined;
  const done = new Promise<Error | null>((resolve) => (finish = resolve));
  const ctrl = await new Watch(kc).watch(
    path,
    query,
    (type: string, object: WatchEvent['object']) => events.push({ type, object }),
    (err: unknown) => finish(err ? (err as Error) : null),
  );
  return { events, done, abort: () => ctrl.abort() };
}

/** The Status of a failed client-node call (ApiException.body is the raw JSON text). */
export async function statusOf(p: Promise<unknown>): Promise<Status> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiException) {
      const body: unknown = e.body;
      if (typeof body === 'string' && body) {
        return JSON.parse(body) as Status;
      }
      if (body && typeof body === 'object') {
        return body as Status;
      }
      return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: e.code };
    }
    throw e;
  }
  throw new Error('expected the call to fail');
}

export interface RawWatch {
  events: AsyncQueue<WatchEvent>;
  /** the response's status and Content-Type */
  status: number;
  contentType: string;
  abort(): void;
}

/**
 * A watch over plain fetch with a chosen Accept header (client-node's Watch always asks for JSON):
 * each line of the stream is one queued event.
 */
export async function rawWatch(server: ApiServer, pathAndQuery: string, accept: string, token = 'admin-token'): Promise<RawWatch> {
  const ctrl = new AbortController();
  const res = await fetch(`${server.url}${pathAndQuery}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: accept },
    signal: ctrl.signal,
  });
  const events = new AsyncQueue<WatchEvent>();
  const body = res.body;
  if (body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buf = '';
      const reader = body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            break;
          }
          buf += decoder.decode(value, { stream: true });
          let nl = buf.indexOf('\n');
          while (nl >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (line.trim()) {
              events.push(JSON.parse(line) as WatchEvent);
            }
            nl = buf.indexOf('\n');
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return { events, status: res.status, contentType: res.headers.get('content-type') ?? '', abort: () => ctrl.abort() };
}

/** GET with an Accept header: status, Content-Type and the parsed JSON body (`{ text }` when not JSON). */
export async function getWithAccept(
  server: ApiServer,
  path: string,
  accept?: string,
  token = 'admin-token',
): Promise<{ status: number; contentType: string; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, {
    headers: { Authorization: `Bearer ${token}`, ...(accept ? { Accept: accept } : {}) },
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const body = (text && contentType.startsWith('application/json') ? JSON.parse(text) : { text }) as Record<string, unknown>;
  return { status: res.status, contentType, body };
}
