// A row's state and time left at `now`, computed where it is shown (the host sends the Lease's
// renewTime, when that version was observed and its duration; nothing polls the cluster to tick).
// Same rules as src/core/leaseStatus.ts: expired when renewTime + duration has passed, expiring
// with at most max(expiringSeconds, duration / 3) left; a context whose connection is lost is
// "unknown since …", never expired. Pure.
import type { HealthRow } from '../../src/shared/health';
import { DEFAULT_EXPIRING_SECONDS } from '../../src/core/leaseStatus';
import { formatCoarseDuration, formatDuration } from '../../src/core/duration';
import { t } from '../../src/shared/l10n';

export type RowState = 'held' | 'expiring' | 'expired' | 'released' | 'never-held' | 'unknown' | 'deleted';

export interface LiveState {
  state: RowState;
  /** When the Lease runs out unless renewed (ms), for a held Lease whose duration is known. */
  expiresAt?: number;
  /** expiresAt − now. */
  leftMs?: number;
}

/** The order of the State column, worst first. */
export const stateRank: Record<RowState, number> = {
  expired: 0,
  unknown: 1,
  expiring: 2,
  deleted: 3,
  'never-held': 4,
  released: 5,
  held: 6,
};

/** When the row's Lease runs out unless renewed (independent of now: what Time left sorts by). */
export function expiresAt(row: HealthRow): number | undefined {
  const base = row.renewedAt ?? row.observedAt;
  return row.holder !== '' && base !== undefined && row.durationMs !== undefined && row.durationMs > 0 ? base + row.durationMs : undefined;
}

export function liveState(row: HealthRow, now: number, expiringSeconds = DEFAULT_EXPIRING_SECONDS): LiveState {
  if (row.unknownSince !== undefined) {
    return { state: 'unknown' };
  }
  if (row.deleted === true) {
    return { state: 'deleted' };
  }
  if (row.holder === '') {
    return { state: row.terms > 0 ? 'released' : 'never-held' };
  }
  const at = expiresAt(row);
  if (at === undefined || row.durationMs === undefined) {
    return { state: 'held' };
  }
  const leftMs = at - now;
  const expiringBelowMs = Math.max(expiringSeconds * 1000, row.durationMs / 3);
  return { state: leftMs <= 0 ? 'expired' : leftMs <= expiringBelowMs ? 'expiring' : 'held', expiresAt: at, leftMs };
}

const stateLabels: Record<RowState, () => string> = {
  held: () => t('Held'),
  expiring: () => t('Expiring'),
  expired: () => t('Expired'),
  released: () => t('Released'),
  'never-held': () => t('Never held'),
  unknown: () => t('Unknown'),
  deleted: () => t('Deleted'),
};

export function stateLabel(state: RowState): string {
  return stateLabels[state]();
}

/** "12s", "1m 05s", "expired 3m ago", or '—' when nothing counts down. */
export function timeLeftText(live: LiveState): string {
  if (live.leftMs === undefined) {
    return '—';
  }
  return live.leftMs > 0 ? formatDuration(Math.ceil(live.leftMs / 1000) * 1000) : t('expired {0} ago', formatCoarseDuration(-live.leftMs));
}
