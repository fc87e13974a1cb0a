// What the status bar item of a followed Lease says as of `now`: "$(eye) cp-node-2 · 12s". Ticks
// locally from the last Lease version; no server traffic. Pure.
import { shortHolder } from '../../core/identity';
import { formatTimeLeft, leaseStatus, type LeaseState } from '../../core/leaseStatus';
import { parseLeaseKey, type LeaseInfo, type LeaseKey } from '../../shared/types';
import { plainText, statusBarText } from '../../core/untrustedText';
import { t } from '../../shared/l10n';

export type StatusSeverity = 'normal' | 'warning' | 'error';

export interface FollowStatusText {
  text: string;
  tooltip: string;
  severity: StatusSeverity;
  /** The Lease's state as of `now`; `loading` before the first version arrived. */
  state: LeaseState | 'deleted' | 'loading';
  /** The tooltip's sentence without the click hint: one line of the summary of several Leases. */
  summary: string;
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
  const which = parsed ? t('{0} in context {1}', plainText(name), plainText(parsed.context)) : plainText(name);
  const click = t('Click to show the Lease panel.');
  if (deleted) {
    const summary = t('{0} was deleted.', which);
    return {
      text: `$(eye) ${statusBarText(parsed?.name ?? key)} · ${t('deleted')}`,
      tooltip: `${summary} ${click}`,
      severity: 'error',
      state: 'deleted',
      summary,
    };
  }
  if (!lease) {
    return {
      text: `$(eye) ${statusBarText(parsed?.name ?? key)} · ${t('loading…')}`,
      tooltip: t('Following {0}.', which),
      severity: 'normal',
      state: 'loading',
      summary: t('Following {0}.', which),
    };
  }
  const status = leaseStatus(lease, now, { expiringSeconds });
  // Leader-for-life (issue 17) has no countdown: it never expires.
  const left = status.forLife ? t('never expires') : formatTimeLeft(status, now);
  const holder = lease.spec.holderIdentity ? shortHolder(lease.spec.holderIdentity) : undefined;
  const who = holder && status.state !== 'released' && status.state !== 'never-held' ? holder : lease.name;
  const severity: StatusSeverity =
    status.state === 'expired' ? 'error' : status.state === 'expiring' || status.state === 'invalid' ? 'warning' : 'normal';
  const held = holder ? t('held by {0}', plainText(holder)) : left;
  const summary = `${which}: ${held} (${left}).`;
  return {
    text: `$(eye) ${statusBarText(who)} · ${left}`,
    tooltip: `${summary} ${click}`,
    severity,
    state: status.state,
    summary,
  };
}
