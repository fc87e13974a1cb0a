// Waiting in tests: for a condition, re-checked on an interval, or for a promise, with a timeout —
// never a fixed sleep. One implementation for every tier.

/** A value, or a falsy "not yet". */
export type Maybe<T> = T | undefined | null | false | '';

export type Check<T> = () => Maybe<T> | Promise<Maybe<T>>;

export interface WaitOptions {
  /** How often to check again (ms). */
  everyMs?: number;
  /** A thrown error means "not yet" (the last one is reported on timeout), e.g. a server still starting. */
  retryErrors?: boolean;
  /** More words for the timeout message, e.g. the last value seen or a process's output. */
  detail?: () => string;
}

/**
 * Re-checks `check` (sync or async) until it returns a truthy value, and returns it. Rejects after
 * `timeoutMs`, naming `what`; a thrown error rejects at once unless `retryErrors`.
 */
export async function waitFor<T>(what: string, check: Check<T>, timeoutMs = 5000, opts: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) {
        return value;
      }
    } catch (err) {
      if (!opts.retryErrors) {
        throw err;
      }
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const last =
        lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)})`;
      const detail = opts.detail ? `: ${opts.detail()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, opts.everyMs ?? 20));
  }
}

/** Rejects when `p` does not settle within `ms`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}
