// Notifications about a condition of a Lease (it flaps, its election has a split brain), as VS Code's
// notification guidelines ask: a Lease is told once while the condition holds (again only after it
// cleared and came back); at most one notification every `intervalMs` overall, the Leases raised in
// between held and told in one summary when the interval is over; a suppressed Lease (muted, or the
// notifications turned off) is never told. Pure: the clock is injected. SummaryTimer shows the held
// summary when it is due. Used by flappingPolicy.ts and splitBrainPolicy.ts.
import type { LeaseKey } from '../shared/types';

/** What to tell: one Lease, or a summary of several. */
export interface KeyedNotice {
  /** Oldest first; one Lease: just this one. */
  keys: LeaseKey[];
}

export class KeyedNoticePolicy {
  /** Leases whose condition holds now. */
  private readonly active = new Set<LeaseKey>();
  /** Raised Leases held for the summary. */
  private readonly held: LeaseKey[] = [];
  private lastTold: number | undefined;

  constructor(
    private readonly now: () => number,
    readonly intervalMs: number,
    private readonly suppressed: (key: LeaseKey) => boolean = () => false,
  ) {}

  /** The condition holds for `key`: what to tell now; undefined when nothing or held for the summary (summaryDue). */
  raise(key: LeaseKey): KeyedNotice | undefined {
    if (this.active.has(key)) {
      return undefined; // told (or held) once until it clears
    }
    this.active.add(key);
    if (this.suppressed(key)) {
      return undefined;
    }
    const now = this.now();
    if (this.lastTold === undefined || now - this.lastTold >= this.intervalMs) {
      this.lastTold = now;
      return { keys: [key] };
    }
    this.held.push(key);
    return undefined;
  }

  /** The condition cleared for `key` (or the Lease is gone): a held notice for it is dropped. */
  clear(key: LeaseKey): void {
    this.active.delete(key);
    const i = this.held.indexOf(key);
    if (i >= 0) {
      this.held.splice(i, 1);
    }
  }

  /** Every condition is unknown again (a new server run). */
  reset(): void {
    this.active.clear();
    this.held.length = 0;
  }

  isActive(key: LeaseKey): boolean {
    return this.active.has(key);
  }

  activeKeys(): LeaseKey[] {
    return [...this.active];
  }

  /** When the held summary is due (ms since the epoch); undefined when nothing is held. */
  summaryDue(): number | undefined {
    return this.held.length > 0 && this.lastTold !== undefined ? this.lastTold + this.intervalMs : undefined;
  }

  /** The held Leases still active and not suppressed, once due; undefined before that or when none are. */
  summary(): KeyedNotice | undefined {
    const due = this.summaryDue();
    const now = this.now();
    if (due === undefined || now < due) {
      return undefined;
    }
    const keys = this.held.splice(0).filter((k) => this.active.has(k) && !this.suppressed(k));
    if (keys.length === 0) {
      return undefined;
    }
    this.lastTold = now;
    return { keys };
  }
}

/** Shows a policy's held summary when it is due; schedule() after every change. */
export class SummaryTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly policy: Pick<KeyedNoticePolicy, 'summaryDue' | 'summary'>,
    private readonly tell: (notice: KeyedNotice) => void,
  ) {}

  schedule(): void {
    const due = this.policy.summaryDue();
    if (due === undefined || this.timer) {
      return;
    }
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        const summary = this.policy.summary();
        if (summary) {
          this.tell(summary);
        }
        this.schedule();
      },
      Math.max(0, due - Date.now()),
    );
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
