// When to tell the user that a watched Lease started flapping (more leadership changes than
// leaseLens.flapping.changes within leaseLens.flapping.windowMinutes, flagged by the server), as
// VS Code's notification guidelines ask: once per Lease until it stops flapping; at most one
// notification every 30 s overall, the Leases that start flapping in between held and told in one
// summary when the interval is over ("3 Leases started flapping"); a muted Lease is never told.
// The pattern of holderChangePolicy.ts. Pure: the clock is injected; the notifier shows and persists.
import type { HealthFlag } from '../../shared/health';
import type { LeaseKey } from '../../shared/types';

export const flappingIntervalMs = 30_000;

/** What to tell: one Lease, or a summary of several. */
export interface FlappingNotice {
  /** Oldest first; one Lease: just this one. */
  keys: LeaseKey[];
}

export class FlappingPolicy {
  /** Leases flapping now, as last flagged. */
  private readonly flapping = new Set<LeaseKey>();
  /** Flapping Leases told (or held to be told) since they started flapping. */
  private readonly held: LeaseKey[] = [];
  private lastTold: number | undefined;
  private readonly muted: Set<LeaseKey>;

  constructor(
    private readonly now: () => number,
    muted: Iterable<LeaseKey> = [],
    /** leaseLens.notifications.flapping: off, nothing is told ("Don't Show Again"). */
    private readonly enabled: () => boolean = () => true,
    readonly intervalMs = flappingIntervalMs,
  ) {
    this.muted = new Set(muted);
  }

  /** A Lease's flags changed: what to tell now; undefined when nothing or held for the summary (summaryDue). */
  flagsChanged(key: LeaseKey, flags: readonly HealthFlag[]): FlappingNotice | undefined {
    if (!flags.includes('flapping')) {
      this.stopped(key);
      return undefined;
    }
    if (this.flapping.has(key)) {
      return undefined; // told (or held) once until it stops flapping
    }
    this.flapping.add(key);
    if (this.muted.has(key) || !this.enabled()) {
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

  /** Every Lease's flags were replaced (a new server run): those not flapping any more stop. */
  reset(): void {
    this.flapping.clear();
    this.held.length = 0;
  }

  /** When the held summary is due (ms since the epoch); undefined when nothing is held. */
  summaryDue(): number | undefined {
    return this.held.length > 0 && this.lastTold !== undefined ? this.lastTold + this.intervalMs : undefined;
  }

  /** The held Leases still flapping and not muted, once due; undefined before that or when none are. */
  summary(): FlappingNotice | undefined {
    const due = this.summaryDue();
    const now = this.now();
    if (due === undefined || now < due) {
      return undefined;
    }
    const keys = this.held.splice(0).filter((k) => this.flapping.has(k) && !this.muted.has(k));
    if (keys.length === 0 || !this.enabled()) {
      return undefined;
    }
    this.lastTold = now;
    return { keys };
  }

  /** Leases flapping now. */
  flappingNow(): LeaseKey[] {
    return [...this.flapping];
  }

  /** Never tell about this Lease again; answers every muted Lease (to remember). */
  mute(key: LeaseKey): LeaseKey[] {
    this.muted.add(key);
    return [...this.muted];
  }

  /** Tell about these Leases again; answers every muted Lease left. */
  unmute(keys: Iterable<LeaseKey>): LeaseKey[] {
    for (const key of keys) {
      this.muted.delete(key);
    }
    return [...this.muted];
  }

  mutedLeases(): LeaseKey[] {
    return [...this.muted];
  }

  isMuted(key: LeaseKey): boolean {
    return this.muted.has(key);
  }

  private stopped(key: LeaseKey): void {
    this.flapping.delete(key);
    const i = this.held.indexOf(key);
    if (i >= 0) {
      this.held.splice(i, 1);
    }
  }
}
