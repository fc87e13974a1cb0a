// When to tell the user of a split brain in a followed Lease (its alarm from the Lease server): once
// per alarm (again only after it went down and came back), at most one notification every 30 s, the
// rest summed up (keyedNotices.ts). Pure: the clock is injected.
import type { LeaseKey } from '../../shared/types';
import { KeyedNoticePolicy, type KeyedNotice } from '../keyedNotices';

export const splitBrainIntervalMs = 30_000;

export type SplitBrainNotice = KeyedNotice;

export class SplitBrainPolicy {
  private readonly notices: KeyedNoticePolicy;

  constructor(now: () => number, intervalMs = splitBrainIntervalMs) {
    this.notices = new KeyedNoticePolicy(now, intervalMs);
  }

  get intervalMs(): number {
    return this.notices.intervalMs;
  }

  /** A Lease's alarm is now `alarm`: what to tell now; undefined when nothing or held for the summary. */
  alarmChanged(key: LeaseKey, alarm: boolean): SplitBrainNotice | undefined {
    if (!alarm) {
      this.notices.clear(key);
      return undefined;
    }
    return this.notices.raise(key);
  }

  /** When the held summary is due (ms); undefined when nothing is held. */
  summaryDue(): number | undefined {
    return this.notices.summaryDue();
  }

  /** The held Leases still alarmed, once due. */
  summary(): SplitBrainNotice | undefined {
    return this.notices.summary();
  }

  isAlarmed(key: LeaseKey): boolean {
    return this.notices.isActive(key);
  }

  /** The alarm went down, or the Lease is no longer followed. */
  forget(key: LeaseKey): void {
    this.notices.clear(key);
  }
}
