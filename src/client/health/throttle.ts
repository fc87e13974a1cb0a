// Runs an action at most once per interval: the first trigger at once, the ones within the
// interval folded into one run when it is over (a Lease's detail when its row changes, ≤ 1/s).
import type { DisposableLike } from '../lifecycle';

export class Throttle implements DisposableLike {
  private last: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly action: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  trigger(): void {
    if (this.timer) {
      return;
    }
    const now = this.now();
    if (this.last === undefined || now - this.last >= this.intervalMs) {
      this.last = now;
      this.action();
      return;
    }
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.last = this.now();
        this.action();
      },
      this.last + this.intervalMs - now,
    );
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
