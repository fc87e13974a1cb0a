// How long to wait before starting the Lease server again after it exited: 1 s, 2 s, 4 s, … at
// most 30 s, for as long as it keeps exiting — Lease Lens never gives up on its server. A server
// that ran for a minute before it exited starts the count again from 1 s. Pure: the caller says
// what time it is.

export interface RestartBackoffOptions {
  firstMs: number;
  maxMs: number;
  /** A run at least this long resets the delay to firstMs. */
  stableMs: number;
}

export const defaultRestartBackoff: RestartBackoffOptions = { firstMs: 1000, maxMs: 30_000, stableMs: 60_000 };

export interface RestartPlan {
  /** Which restart this is since the server last ran stably (1, 2, …). */
  attempt: number;
  delayMs: number;
}

export class RestartBackoff {
  private attempts = 0;
  private runningSince: number | undefined;

  constructor(private readonly options: RestartBackoffOptions = defaultRestartBackoff) {}

  /** The server reached running at `now`. */
  started(now: number): void {
    this.runningSince = now;
  }

  /** The server exited at `now`: when to start it again. */
  exited(now: number): RestartPlan {
    if (this.runningSince !== undefined && now - this.runningSince >= this.options.stableMs) {
      this.attempts = 0;
    }
    this.runningSince = undefined;
    const delayMs = Math.min(this.options.maxMs, this.options.firstMs * 2 ** Math.min(this.attempts, 30));
    this.attempts++;
    return { attempt: this.attempts, delayMs };
  }

  /** Started by hand (Restart Lease Server): the next exit waits firstMs again. */
  reset(): void {
    this.attempts = 0;
    this.runningSince = undefined;
  }
}
