// Health flags of one Lease: what its leadership record and its latest version say is wrong now.
// The Lease's state comes from leaseStatus (leaseStatus.ts); flapping from timeline.ts's rule.
// A context whose connection is down is 'stale-unknown': nothing about the present (expiry, late
// renewal now, never held) is judged from what may be an old picture; history still is. Pure.

import { isFiniteNumber } from '../shared/guards';
import type { HealthFlag } from '../shared/health';
import { settingTable } from '../shared/settings';
import type { LeaseInfo } from '../shared/types';
import { leaseStatus } from './leaseStatus';
import { changesWithin, openTermOf, type AnyRecord } from './packedRecord';

export type { HealthFlag } from '../shared/health';

export interface HealthSettings {
  /** False while the context's connection is lost: then 'stale-unknown'. */
  connected: boolean;
  /** leaseLens.flapping.changes: more holder changes than this within the window is flapping. */
  flapChanges: number;
  /** leaseLens.flapping.windowMinutes. */
  flapWindowMinutes: number;
  /** leaseLens.expiringSeconds, for leaseStatus. */
  expiringSeconds?: number;
  /** A renew interval longer than this share of the duration is late. Default 2/3 (client-go's renew deadline, 10 s of 15 s). */
  lateRatio?: number;
}

export const DEFAULT_LATE_RATIO = 2 / 3;

/**
 * "Late now" waits this much longer than the ratio: a renewal written on time is still on its way
 * (the watch, the server's batch) for a few hundred ms. Without it, a holder that renews at its
 * renew deadline (10 s of 15 s) was flagged for that moment at every renewal and the flag flipped.
 */
export const RENEWAL_IN_TRANSIT_MS = 1000;

export const defaultHealthSettings: HealthSettings = {
  connected: true,
  flapChanges: settingTable.flapChanges.default,
  flapWindowMinutes: settingTable.flapWindowMinutes.default,
  expiringSeconds: settingTable.expiringSeconds.default,
};

/**
 * The flags of a Lease at `now`, from its record and its latest version (`lease`, undefined when
 * deleted or never seen):
 * - 'stale-unknown': the connection is down (`connected: false`);
 * - 'expired-no-taker': held, but run out by the holder's renewTime and by observation, nobody took over;
 * - 'never-held': no holder and no history in the Lease;
 * - 'renewing-late': in the current term, a renew interval among the last 16 (RENEW_SAMPLE_SIZE) was longer than
 *   `lateRatio` of the duration, or (connected, not yet expired) the time since the last renewal is, by both
 *   clocks, with RENEWAL_IN_TRANSIT_MS more;
 * - 'flapping': more than `flapChanges` leadership changes within `flapWindowMinutes`.
 */
export function healthFlags(record: AnyRecord, lease: LeaseInfo | undefined, now: number, settings: HealthSettings): HealthFlag[] {
  const lateRatio = isFiniteNumber(settings.lateRatio) && settings.lateRatio > 0 ? settings.lateRatio : DEFAULT_LATE_RATIO;
  const holder = typeof lease?.spec?.holderIdentity === 'string' ? lease.spec.holderIdentity : '';
  const term = openTermOf(record);
  const termOfLease = term !== undefined && lease !== undefined && term.holder === holder ? term : undefined;
  const flags: HealthFlag[] = [];
  let lateNow = false;

  if (!settings.connected) {
    flags.push('stale-unknown');
  } else if (lease !== undefined) {
    const status = leaseStatus(lease, now, { expiringSeconds: settings.expiringSeconds });
    const byObservationMs = status.byObservationMs ?? status.byRenewMs;
    const runOut = status.state === 'expired' && byObservationMs !== undefined && byObservationMs <= 0;
    if (runOut) {
      flags.push('expired-no-taker');
    }
    if (status.state === 'never-held') {
      flags.push('never-held');
    }
    if (!runOut && status.durationMs !== undefined && status.byRenewMs !== undefined) {
      // Time since the last renewal by the earlier of the two clocks: both must say it is overdue.
      const elapsed = status.durationMs - Math.max(status.byRenewMs, byObservationMs ?? status.byRenewMs);
      lateNow = (elapsed - RENEWAL_IN_TRANSIT_MS) / status.durationMs > lateRatio;
    }
  }

  // The longest interval of the sample against the duration (renewSummary's recentMaxRatio, without
  // sorting for a median: this runs for every Lease every few seconds).
  const intervals = termOfLease?.renew.intervals ?? [];
  const duration = termOfLease?.durationMs;
  let lateBefore = false;
  if (intervals.length > 0 && isFiniteNumber(duration) && duration > 0) {
    let recentMax = 0;
    for (const interval of intervals) {
      recentMax = Math.max(recentMax, interval);
    }
    lateBefore = recentMax / duration > lateRatio;
  }
  if (lateBefore || lateNow) {
    flags.push('renewing-late');
  }
  // timeline.ts's isFlapping, read from the record without copying its terms.
  if (changesWithin(record, now, settings.flapWindowMinutes * 60_000) > settings.flapChanges) {
    flags.push('flapping');
  }
  return flags;
}
