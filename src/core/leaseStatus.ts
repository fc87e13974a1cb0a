// A Lease's state and countdown at a given moment, and its compact text.
// Two countdowns (docs/architecture.md): by renewTime (the holder's clock) and by observation (when the
// Lease server saw the change, which is how client-go candidates judge expiry).

import { isFiniteNumber, isNonEmptyString } from '../shared/guards';
import { settingTable } from '../shared/settings';
import type { LeaseInfo, LeaseSpec } from '../shared/types';
import { formatCoarseDuration, formatDuration } from './duration';
import { shortHolder } from './identity';
import { parseMicroTime } from './microTime';
import { t } from '../shared/l10n';

export { formatDuration } from './duration';

export type LeaseState = 'held' | 'expiring' | 'expired' | 'released' | 'never-held' | 'invalid';

export interface LeaseStatus {
  state: LeaseState;
  holder?: string;
  holderShort?: string;
  durationMs?: number;
  /** renewTime + duration − now; negative when expired. */
  byRenewMs?: number;
  /** observedAt + duration − now. */
  byObservationMs?: number;
  /** byRenewMs − byObservationMs: how far the holder's clock runs ahead of the observation. */
  skewMs?: number;
  /** When the lease runs out by renewTime (ms since the epoch). */
  expiresAt?: number;
  /** For 'invalid': what is wrong, e.g. "leaseDurationSeconds is -5". */
  reason?: string;
  /** Time left at or below which a held lease counts as expiring (ms). */
  expiringBelowMs?: number;
  /** Leader-for-life (issue 17): held until the owner pod is deleted, never expires; no countdown. */
  forLife?: boolean;
}

export interface LeaseStatusOptions {
  /** A held lease is 'expiring' with at most max(this, duration/3) left. Default 5. */
  expiringSeconds?: number;
}

export const DEFAULT_EXPIRING_SECONDS = settingTable.expiringSeconds.default;

function positiveDurationMs(seconds: unknown): number | undefined {
  return isFiniteNumber(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

function durationProblem(seconds: unknown): string {
  if (seconds === undefined || seconds === null) {
    return t('leaseDurationSeconds is missing');
  }
  if (!isFiniteNumber(seconds)) {
    return t('leaseDurationSeconds is not a number ({0})', JSON.stringify(seconds) ?? typeof seconds);
  }
  return t('leaseDurationSeconds is {0}', seconds);
}

/** Rounds to whole microseconds: differences of large epoch values carry float noise. */
function micro(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export function leaseStatus(
  lease: Pick<LeaseInfo, 'spec' | 'observedAt'> & Partial<Pick<LeaseInfo, 'lock'>>,
  now: number,
  opts: LeaseStatusOptions = {},
): LeaseStatus {
  const spec: LeaseSpec = (lease.spec as LeaseSpec | undefined) ?? {};
  const holder = typeof spec.holderIdentity === 'string' ? spec.holderIdentity : '';
  const durationMs = positiveDurationMs(spec.leaseDurationSeconds);
  if (lease.lock === 'leader-for-life' && holder !== '') {
    return { state: 'held', holder, holderShort: shortHolder(holder), forLife: true };
  }

  if (holder === '') {
    const transitions = spec.leaseTransitions;
    const hasHistory =
      isNonEmptyString(spec.acquireTime) || isNonEmptyString(spec.renewTime) || (typeof transitions === 'number' && transitions > 0);
    const status: LeaseStatus = { state: hasHistory ? 'released' : 'never-held' };
    if (durationMs !== undefined) {
      status.durationMs = durationMs;
    }
    return status;
  }

  const who = { holder, holderShort: shortHolder(holder) };
  if (durationMs === undefined) {
    return { state: 'invalid', ...who, reason: durationProblem(spec.leaseDurationSeconds) };
  }

  const observedAt = Number.isFinite(lease.observedAt) ? lease.observedAt : undefined;
  const renewedAt = parseMicroTime(spec.renewTime) ?? parseMicroTime(spec.acquireTime);
  const base = renewedAt ?? observedAt;
  if (base === undefined) {
    return { state: 'invalid', ...who, durationMs, reason: t('neither renewTime nor acquireTime is a valid time') };
  }

  const expiresAt = base + durationMs;
  const byRenewMs = micro(expiresAt - now);
  const expiringSeconds = opts.expiringSeconds;
  const floorMs = isFiniteNumber(expiringSeconds) ? Math.max(0, expiringSeconds) * 1000 : DEFAULT_EXPIRING_SECONDS * 1000;
  const expiringBelowMs = Math.max(floorMs, durationMs / 3);
  const state: LeaseState = byRenewMs <= 0 ? 'expired' : byRenewMs <= expiringBelowMs ? 'expiring' : 'held';

  const status: LeaseStatus = { state, ...who, durationMs, byRenewMs, expiresAt, expiringBelowMs };
  if (observedAt !== undefined) {
    status.byObservationMs = micro(observedAt + durationMs - now);
    if (renewedAt !== undefined) {
      status.skewMs = micro(byRenewMs - status.byObservationMs);
    }
  }
  return status;
}

/**
 * Compact text for the time a lease has left: "12s", "1m 05s", "expiring 3s", "expired 3m ago",
 * "released", "never held", "invalid: …". With `now`, the countdown is recomputed from
 * `expiresAt`, so a status computed once can tick. Seconds left are rounded up.
 */
export function formatTimeLeft(status: LeaseStatus, now?: number): string {
  switch (status.state) {
    case 'released':
      return t('released');
    case 'never-held':
      return t('never held');
    case 'invalid':
      return t('invalid: {0}', status.reason ?? t('unknown problem'));
    default:
      break;
  }
  const ticking = now !== undefined && status.expiresAt !== undefined;
  const remaining = ticking ? (status.expiresAt ?? 0) - now : status.byRenewMs;
  if (remaining === undefined || !Number.isFinite(remaining)) {
    return status.state === 'expired' ? t('expired') : '';
  }
  if (remaining <= 0) {
    return t('expired {0} ago', formatCoarseDuration(-remaining));
  }
  const left = formatDuration(Math.ceil(remaining / 1000) * 1000);
  const expiring = ticking && status.expiringBelowMs !== undefined ? remaining <= status.expiringBelowMs : status.state === 'expiring';
  return expiring ? t('expiring {0}', left) : left;
}
