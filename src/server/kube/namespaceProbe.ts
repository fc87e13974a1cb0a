// Which namespaces may be read, asked once each: a `limit=1` list per namespace, at most a few at a
// time. Those that answer are handed on to be watched; those that answer 403 (or 404: gone) are
// kept aside and asked again slowly (every few minutes, with jitter) — so 800 namespaces cost 800
// small requests once, not 800 watches retrying. Any other failure (a timeout, a 5xx) counts as an
// answer: the namespace's own list/watch reports it and retries with its backoff.
import type { KubeClient } from './client';

export interface NamespaceProbeOptions {
  client: KubeClient;
  /** The collection to read in a namespace. */
  path(namespace: string): string;
  /** Namespaces that answered a re-probe, to be watched from now on. */
  answered(namespaces: string[]): void;
  /**
   * Told once per probe round that found namespaces newly refused: how many, and the API server's own
   * words for the first of them (one log line, not one per namespace).
   */
  refused?(count: number, firstMessage: string): void;
  /** The Accept header of the probe (e.g. metadata only, for ConfigMaps). */
  accept?: string;
  /** Probes at the same time (default 8). */
  concurrency?: number;
  /** Time between re-probes of the forbidden namespaces (default 5 min, ±25 % jitter). */
  reprobeMs?: number;
  random?: () => number;
}

const defaultConcurrency = 8;
/** LEASE_LENS_NAMESPACE_REPROBE_MS: a test hook, as LEASE_LENS_WATCH_IDLE_MS is for watches. */
const defaultReprobeMs = Number(process.env.LEASE_LENS_NAMESPACE_REPROBE_MS) || 5 * 60_000;

export class NamespaceProbe {
  private readonly forbidden = new Set<string>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private settledValue = false;

  constructor(private readonly opts: NamespaceProbeOptions) {}

  /** True once the first probe of every namespace is done. */
  get settled(): boolean {
    return this.settledValue;
  }

  /** The namespaces that last answered 403 or 404, sorted. */
  get forbiddenNamespaces(): string[] {
    return [...this.forbidden].sort();
  }

  /** Probes each namespace once; resolves with those that answered. Then re-probes the others slowly. */
  async run(namespaces: string[]): Promise<string[]> {
    const open = await this.probe(namespaces);
    if (!this.abort.signal.aborted) {
      this.settledValue = true;
      this.schedule();
    }
    return open;
  }

  stop(): void {
    this.abort.abort();
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.abort.signal.aborted || this.forbidden.size === 0) {
      return;
    }
    const base = this.opts.reprobeMs ?? defaultReprobeMs;
    const delay = Math.round(base * (0.75 + (this.opts.random ?? Math.random)() * 0.5));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.probe([...this.forbidden]).then((open) => {
        if (!this.abort.signal.aborted) {
          if (open.length > 0) {
            this.opts.answered(open);
          }
          this.schedule();
        }
      });
    }, delay);
    this.timer.unref?.();
  }

  private async probe(namespaces: string[]): Promise<string[]> {
    const open: string[] = [];
    const queue = [...namespaces];
    let refused = 0;
    let firstMessage = '';
    const signal = this.abort.signal;
    const worker = async (): Promise<void> => {
      for (let ns = queue.shift(); ns !== undefined && !signal.aborted; ns = queue.shift()) {
        const result = await this.opts.client.getJson<unknown>(
          this.opts.path(ns),
          { limit: 1 },
          { signal, timeoutMs: 15_000, accept: this.opts.accept },
        );
        if (signal.aborted) {
          return;
        }
        if (!result.ok && (result.error.status === 403 || result.error.status === 404)) {
          if (!this.forbidden.has(ns)) {
            refused += 1;
            firstMessage ||= result.error.message;
          }
          this.forbidden.add(ns);
        } else {
          this.forbidden.delete(ns);
          open.push(ns);
        }
      }
    };
    const workers = Math.max(1, Math.min(this.opts.concurrency ?? defaultConcurrency, namespaces.length));
    await Promise.all(Array.from({ length: workers }, () => worker()));
    if (refused > 0 && !signal.aborted) {
      this.opts.refused?.(refused, firstMessage);
    }
    return open.sort();
  }
}
