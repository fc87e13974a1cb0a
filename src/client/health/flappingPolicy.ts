// When to tell the user that a watched Lease started flapping (more leadership changes than
// leaseLens.flapping.changes within leaseLens.flapping.windowMinutes, flagged by the server), as
// VS Code's notification guidelines ask: once per Lease until it stops flapping; at most one
// notification every 30 s overall, the Leases that start flapping in between held and told in one
// summary when the interval is over ("3 Leases started flapping"); a muted Lease is never told.
// The rules of keyedNotices.ts. Pure: the clock is injected; the notifier shows and persists.
import type { HealthFlag } from '../../shared/health';
import type { LeaseKey } from '../../shared/types';
import { KeyedNoticePolicy, type KeyedNotice } from '../keyedNotices';

export const flappingIntervalMs = 30_000;

/** What to tell: one Lease, or a summary of several. */
export type FlappingNotice = KeyedNotice;

export class FlappingPolicy {
  private readonly muted: Set<LeaseKey>;
  private readonly notices: KeyedNoticePolicy;

  constructor(
    now: () => number,
    muted: Iterable<LeaseKey> = [],
    /** leaseLens.notifications.flapping: off, nothing is told ("Don't Show Again"). */
    enabled: () => boolean = () => true,
    intervalMs = flappingIntervalMs,
  ) {
    this.muted = new Set(muted);
    this.notices = new KeyedNoticePolicy(now, intervalMs, (key) => this.muted.has(key) || !enabled());
  }

  get intervalMs(): number {
    return this.notices.intervalMs;
  }

  /** A Lease's flags changed: what to tell now; undefined when nothing or held for the summary (summaryDue). */
  flagsChanged(key: LeaseKey, flags: readonly HealthFlag[]): FlappingNotice | undefined {
    if (!flags.includes('flapping')) {
      this.notices.clear(key);
      return undefined;
    }
    return this.notices.raise(key);
  }

  /** Every Lease's flags were replaced (a new server run): those not flapping any more stop. */
  reset(): void {
    this.notices.reset();
  }

  /** When the held summary is due (ms since the epoch); undefined when nothing is held. */
  summaryDue(): number | undefined {
    return this.notices.summaryDue();
  }

  /** The held Leases still flapping and not muted, once due; undefined before that or when none are. */
  summary(): FlappingNotice | undefined {
    return this.notices.summary();
  }

  /** Leases flapping now. */
  flappingNow(): LeaseKey[] {
    return this.notices.activeKeys();
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
}
