// What the status bar item of a followed Lease says as of `now`: "$(eye) cp-node-2 · 12s". Ticks
// locally from the last Lease version; no server traffic. Pure.
import { shortHolder } from '../../core/identity';
import { formatTimeLeft, leaseStatus } from '../../core/leaseStatus';
import { parseLeaseKey, type LeaseInfo, type LeaseKey } from '../../shared/types';
import { plainText, statusBarText } from '../../core/untrustedText';

export type StatusSeverity = 'normal' | 'warning' | 'error';

export interface FollowStatusText {
  text: string;
  tooltip: string;
  severity: StatusSeverity;
}

export function followStatusText(
  key: LeaseKey,
  lease: LeaseInfo | undefined,
  deleted: boolean,
  now: number,
  expiringSeconds: number,
): FollowStatusText {
  const parsed = parseLeaseKey(key);
  const name = parsed ? `${parsed.namespace}/${parsed.name}` : key;
  const where = parsed ? ` in context ${plainText(parsed.context)}` : '';
  const click = 'Click to show the Lease panel.';
  if (deleted) {
    return {
      text: `$(eye) ${statusBarText(parsed?.name ?? key)} · deleted`,
      tooltip: `${plainText(name)}${where} was deleted. ${click}`,
      severity: 'error',
    };
  }
  if (!lease) {
    return {
      text: `$(eye) ${statusBarText(parsed?.name ?? key)} · loading…`,
      tooltip: `Following ${plainText(name)}${where}.`,
      severity: 'normal',
    };
  }
  const status = leaseStatus(lease, now, { expiringSeconds });
  const left = formatTimeLeft(status, now);
  const holder = lease.spec.holderIdentity ? shortHolder(lease.spec.holderIdentity) : undefined;
  const who = holder && status.state !== 'released' && status.state !== 'never-held' ? holder : lease.name;
  const severity: StatusSeverity =
    status.state === 'expired' ? 'error' : status.state === 'expiring' || status.state === 'invalid' ? 'warning' : 'normal';
  const held = holder ? `held by ${plainText(holder)}` : left;
  return {
    text: `$(eye) ${statusBarText(who)} · ${left}`,
    tooltip: `${plainText(name)}${where}: ${held} (${left}). ${click}`,
    severity,
  };
}
