// A cancellation scope like a Go context: aborted when any parent aborts or its own timeout fires,
// remembering which (deadline vs. canceled). dispose() removes every listener and timer.
import type { AbortCause } from './kubeError';

export class AbortScope {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly unlink: (() => void)[] = [];
  cause: AbortCause | undefined;

  constructor(parents: readonly AbortScope[], timeoutMs?: number) {
    for (const parent of parents) {
      if (parent.signal.aborted) {
        this.abort(parent.cause ?? 'canceled');
        continue;
      }
      const onAbort = (): void => this.abort(parent.cause ?? 'canceled');
      parent.signal.addEventListener('abort', onAbort, { once: true });
      this.unlink.push(() => parent.signal.removeEventListener('abort', onAbort));
    }
    if (timeoutMs !== undefined && !this.signal.aborted) {
      this.timer = setTimeout(() => this.abort('deadline'), Math.max(0, timeoutMs));
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  abort(cause: AbortCause = 'canceled'): void {
    if (this.aborted) {
      return;
    }
    this.cause = cause;
    this.controller.abort();
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    for (const f of this.unlink.splice(0)) {
      f();
    }
  }

  /** Resolves after `ms`, or as soon as this scope aborts; leaves no timer behind. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.aborted) {
        return resolve();
      }
      const done = (): void => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.signal.addEventListener('abort', done, { once: true });
    });
  }
}
