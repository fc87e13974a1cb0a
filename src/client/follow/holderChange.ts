// A followed Lease's leadership moved: who leads now, who led before, and how long the system had
// no leader (from the old holder's last renewal to the new holder's acquireTime). Pure.
import { shortHolder } from '../../core/identity';
import { parseMicroTime } from '../../core/microTime';
import type { LeaseInfo, LeaseKey } from '../../shared/types';
import { plainText } from '../../core/untrustedText';

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
    return `${lease}: ${previous ?? 'the holder'} released the lease; no one leads now`;
  }
  const current = plainText(shortHolder(change.current), 60);
  const was = previous === undefined ? 'after a release' : previous === current ? 'again, after a new election' : `was ${previous}`;
  const gap = change.gapMs === undefined ? '' : `, failover gap ${(change.gapMs / 1000).toFixed(1)}s`;
  return `${lease}: ${current} now leads (${was})${gap}`;
}
