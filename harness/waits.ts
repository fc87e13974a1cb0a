// Conditions a test waits on while messages arrive: each is re-checked whenever something arrives
// (`poke`) and on a coarse tick (for conditions that time alone makes true), with a timeout.
import type { Maybe } from './waiting';

export class Waits {
  private readonly pending = new Set<() => void>();

  /** Something arrived: check every pending condition again. */
  poke(): void {
    for (const attempt of [...this.pending]) {
      attempt();
    }
  }

  /**
   * Resolves with `check`'s first truthy value. A thrown error rejects at once; after `timeoutMs`
   * it rejects naming `what`, with `detail()` (e.g. the last messages seen) appended.
   */
  waitFor<T>(what: string, check: () => Maybe<T>, timeoutMs = 15_000, opts: { everyMs?: number; detail?: () => string } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): void => {
        try {
          const value = check();
          if (value) {
            finish();
            resolve(value);
          }
        } catch (err) {
          finish();
          reject(err as Error);
        }
      };
      const tick = setInterval(attempt, opts.everyMs ?? 100);
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${opts.detail ? `\n${opts.detail()}` : ''}`));
      }, timeoutMs);
      const finish = (): void => {
        clearInterval(tick);
        clearTimeout(timer);
        this.pending.delete(attempt);
      };
      this.pending.add(attempt);
      attempt();
    });
  }
}
