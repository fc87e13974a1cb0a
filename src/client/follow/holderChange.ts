// A followed Lease's leadership moved: who leads now, who led before, and how long the system had
// no leader (from the old holder's last renewal to the new holder's acquireTime). Pure.
import { shortHolder } from '../../core/identity';
import { parseMicroTime } from '../../core/microTime';
import type { LeaseInfo, LeaseKey } from '../../shared/types';
import { plainText } from '../../core/untrustedText';
import { t, tn, uiLanguage } from '../../shared/l10n';

export interface HolderChange {
  key: LeaseKey;
  namespace: string;
  name: string;
  previous?: string;
  current?: string;
  /** Failover gap (ms), when both times are known and in order. */
  gapMs?: number;
}

/** A new holderIdentity or a higher leaseTransitions between two versions of a Lease. */
export function detectHolderChange(before: LeaseInfo | undefined, after: LeaseInfo | undefined): HolderChange | undefined {
  if (!before || !after) {
    return undefined;
  }
  const previous = before.spec.holderIdentity || undefined;
  const current = after.spec.holderIdentity || undefined;
  const moreTransitions = (after.spec.leaseTransitions ?? 0) > (before.spec.leaseTransitions ?? 0);
  if (previous === current && !(moreTransitions && current !== undefined)) {
    return undefined;
  }
  const change: HolderChange = { key: after.key, namespace: after.namespace, name: after.name, previous, current };
  const lastRenew = parseMicroTime(before.spec.renewTime);
  const acquired = parseMicroTime(after.spec.acquireTime);
  if (current !== undefined && lastRenew !== undefined && acquired !== undefined && acquired >= lastRenew) {
    change.gapMs = acquired - lastRenew;
  }
  return change;
}

/** "kube-system/kube-scheduler: cp-node-3 now leads (was cp-node-2), failover gap 4.2s" */
export function holderChangeMessage(change: HolderChange): string {
  const lease = plainText(`${change.namespace}/${change.name}`);
  const previous = change.previous === undefined ? undefined : plainText(shortHolder(change.previous), 60);
  if (change.current === undefined) {
    return previous === undefined
      ? t('{0}: the holder released the lease; no one leads now', lease)
      : t('{0}: {1} released the lease; no one leads now', lease, previous);
  }
  const current = plainText(shortHolder(change.current), 60);
  const was =
    previous === undefined ? t('after a release') : previous === current ? t('again, after a new election') : t('was {0}', previous);
  const leads = t('{0}: {1} now leads ({2})', lease, current, was);
  if (change.gapMs === undefined) {
    return leads;
  }
  const seconds = new Intl.NumberFormat(uiLanguage(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(change.gapMs / 1000);
  return t('{0}, failover gap {1}s', leads, seconds);
}

/**
 * One notification for several changes: "kube-system/kube-scheduler changed holder 4 times in the
 * last minute; cp-node-3 leads now". A single change reads as holderChangeMessage.
 */
export function holderChangeSummary(change: HolderChange, count: number): string {
  if (count <= 1) {
    return holderChangeMessage(change);
  }
  const lease = plainText(`${change.namespace}/${change.name}`);
  const times = tn(count, '{1} changed holder {0} time in the last minute|{1} changed holder {0} times in the last minute', lease);
  if (change.current === undefined) {
    return t('{0}; no one leads now', times);
  }
  return t('{0}; {1} leads now', times, plainText(shortHolder(change.current), 60));
}
