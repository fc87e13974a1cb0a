// When to tell the user that the holder of a followed Lease changed, as VS Code's notification
// guidelines ask (few notifications, several combined into one, a way to stop them): at most one
// notification per Lease per interval (a minute); the changes in between are held and told in one
// summary when the interval is over ("changed holder 3 more times in the last minute"); a Lease
// the user muted is never told. Pure: the clock is injected, the notifier shows and persists.
import type { LeaseKey } from '../../shared/types';
import type { HolderChange } from './holderChange';

export const holderChangeIntervalMs = 60_000;

/** What to tell: the latest change, and how many changes since the last notification it stands for. */
export interface HolderChangeNotice {
  change: HolderChange;
  /** 1: just this change; more: a summary of this many changes. */
  count: number;
}

interface Held {
  latest: HolderChange;
  count: number;
}

export class HolderChangePolicy {
  private readonly lastTold = new Map<LeaseKey, number>();
  private readonly held = new Map<LeaseKey, Held>();
  private readonly muted: Set<LeaseKey>;

  constructor(
    private readonly now: () => number,
    muted: Iterable<LeaseKey> = [],
    readonly intervalMs = holderChangeIntervalMs,
  ) {
    this.muted = new Set(muted);
  }

  /** A holder changed: what to tell now; undefined when muted or held for the summary (see summaryDue). */
  changed(change: HolderChange): HolderChangeNotice | undefined {
    const key = change.key;
    if (this.muted.has(key)) {
      return undefined;
    }
    const now = this.now();
    const last = this.lastTold.get(key);
    const held = this.held.get(key);
    if (last === undefined || now - last >= this.intervalMs) {
      // The interval is over: tell this change, with whatever was held before it.
      this.held.delete(key);
      this.lastTold.set(key, now);
      return { change, count: (held?.count ?? 0) + 1 };
    }
    this.held.set(key, { latest: change, count: (held?.count ?? 0) + 1 });
    return undefined;
  }

  /** When the summary of the changes held for `key` is due (ms since the epoch); undefined when none are held. */
  summaryDue(key: LeaseKey): number | undefined {
    const last = this.lastTold.get(key);
    return this.held.has(key) && last !== undefined ? last + this.intervalMs : undefined;
  }

  /** The summary of the held changes once it is due; undefined before that, when none are held, or when muted. */
  summary(key: LeaseKey): HolderChangeNotice | undefined {
    const due = this.summaryDue(key);
    const held = this.held.get(key);
    const now = this.now();
    if (due === undefined || held === undefined || now < due || this.muted.has(key)) {
      return undefined;
    }
    this.held.delete(key);
    this.lastTold.set(key, now);
    return { change: held.latest, count: held.count };
  }

  /** Never tell about this Lease again; answers every muted Lease (to remember). */
  mute(key: LeaseKey): LeaseKey[] {
    this.muted.add(key);
    this.held.delete(key);
    return [...this.muted];
  }

  isMuted(key: LeaseKey): boolean {
    return this.muted.has(key);
  }

  /** The Lease is no longer followed: nothing held for it is told. */
  forget(key: LeaseKey): void {
    this.held.delete(key);
    this.lastTold.delete(key);
  }
}
