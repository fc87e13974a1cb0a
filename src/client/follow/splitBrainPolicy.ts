// When to tell the user of a split brain in a followed Lease (its alarm from the Lease server), as
// VS Code's notification guidelines ask: once per alarm (again only after it went down and came
// back); at most one notification every 30 s overall, the Leases alarmed in between held and told
// in one summary when the interval is over. The pattern of flappingPolicy.ts. Pure: the clock is injected.
import type { LeaseKey } from '../../shared/types';

export const splitBrainIntervalMs = 30_000;

export interface SplitBrainNotice {
  /** Oldest first; one Lease: just this one. */
  keys: LeaseKey[];
}

export class SplitBrainPolicy {
  /** Leases whose alarm is up now. */
  private readonly alarmed = new Set<LeaseKey>();
  private readonly held: LeaseKey[] = [];
  private lastTold: number | undefined;

  constructor(
    private readonly now: () => number,
    readonly intervalMs = splitBrainIntervalMs,
  ) {}

  /** A Lease's alarm is now `alarm`: what to tell now; undefined when nothing or held for the summary. */
  alarmChanged(key: LeaseKey, alarm: boolean): SplitBrainNotice | undefined {
    if (!alarm) {
      this.forget(key);
      return undefined;
    }
    if (this.alarmed.has(key)) {
      return undefined;
    }
    this.alarmed.add(key);
    const now = this.now();
    if (this.lastTold === undefined || now - this.lastTold >= this.intervalMs) {
      this.lastTold = now;
      return { keys: [key] };
    }
    this.held.push(key);
    return undefined;
  }

  /** When the held summary is due (ms); undefined when nothing is held. */
  summaryDue(): number | undefined {
    return this.held.length > 0 && this.lastTold !== undefined ? this.lastTold + this.intervalMs : undefined;
  }

  /** The held Leases still alarmed, once due. */
  summary(): SplitBrainNotice | undefined {
    const due = this.summaryDue();
    const now = this.now();
    if (due === undefined || now < due) {
      return undefined;
    }
    const keys = this.held.splice(0).filter((k) => this.alarmed.has(k));
    if (keys.length === 0) {
      return undefined;
    }
    this.lastTold = now;
    return { keys };
  }

  isAlarmed(key: LeaseKey): boolean {
    return this.alarmed.has(key);
  }

  /** The alarm went down, or the Lease is no longer followed. */
  forget(key: LeaseKey): void {
    this.alarmed.delete(key);
    const i = this.held.indexOf(key);
    if (i >= 0) {
      this.held.splice(i, 1);
    }
  }
}
