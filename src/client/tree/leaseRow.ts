// How one Lease looks as a row: description, icon, contextValue and tooltip markdown. Pure: the
// tree model and the tests use it without VS Code.
import { formatDuration, formatTimeLeft, leaseStatus, type LeaseState, type LeaseStatus } from '../../core/leaseStatus';
import { shortHolder } from '../../core/identity';
import { parseMicroTime } from '../../core/microTime';
import type { LeaseInfo } from '../../shared/types';
import { escapeMarkdown, markdownTable } from './markdown';
import { t, tn } from '../../shared/l10n';
import { coordinatedTooltip, lockIcon, lockSuffixes, lockTitle, recordsTooltip, withPreferred } from './lockRow';
import { lockWord } from '../../core/lockWords';

/** A codicon id and an optional theme color id, e.g. `{ id: 'pass', color: 'charts.green' }`. */
export interface RowIcon {
  id: string;
  color?: string;
}

export function statusOf(lease: LeaseInfo, now: number, expiringSeconds: number): LeaseStatus {
  return leaseStatus(lease, now, { expiringSeconds });
}

const stateWords: Record<LeaseState, () => string> = {
  held: () => t('held'),
  expiring: () => t('expiring'),
  expired: () => t('expired'),
  released: () => t('released'),
  'never-held': () => t('never held'),
  invalid: () => t('invalid'),
};

export function holderOf(lease: LeaseInfo, status: LeaseStatus): string | undefined {
  const holder = status.holder ?? lease.spec.holderIdentity;
  if (!holder) {
    return undefined;
  }
  return status.holderShort ?? shortHolder(holder);
}

/**
 * The time left as the tree shows it. A row is redrawn whenever its text changes, VS Code drops an
 * open hover when its row is redrawn, and at fleet scale every redraw costs the extension host
 * and the workbench; so while a Lease is comfortably held the row says only that it runs out
 * within its duration (`≤15s`, the same after every renewal), and once it is expiring (the
 * state's threshold) it counts down second by second. The panel and the tooltip give the exact time.
 */
export function treeTimeLeft(status: LeaseStatus, now: number): string {
  if (status.forLife) {
    return t('never expires');
  }
  if (status.state === 'held' && status.expiresAt !== undefined && status.durationMs !== undefined && status.durationMs > 0) {
    const remaining = status.expiresAt - now;
    if (remaining > (status.expiringBelowMs ?? 0)) {
      return `≤${formatDuration(Math.ceil(remaining / status.durationMs) * status.durationMs)}`;
    }
  }
  return formatTimeLeft(status, now);
}

/**
 * `cp-node-2 · ≤15s`, `cp-node-2 · expiring 3s`, `cp-node-2 · expired 3m ago`, `released`, `never held`. Node heartbeat leases
 * get a coarse description (the state only) so that their rows never need a clock tick; API server
 * identity leases say so.
 */
export function leaseDescription(lease: LeaseInfo, status: LeaseStatus, now: number): string {
  const holder = holderOf(lease, status);
  if (lease.kind === 'node') {
    const word = stateWords[status.state]();
    return holder && holder !== lease.name ? `${holder} · ${word}` : word;
  }
  const parts: string[] = [];
  const lock = lockWord(lease);
  if (lock !== undefined) {
    parts.push(lock);
  }
  if (lease.kind === 'apiserver-identity') {
    parts.push(t('apiserver identity'));
    const host = lease.labels['kubernetes.io/hostname'];
    if (status.state !== 'released' && status.state !== 'never-held' && (host ?? holder)) {
      parts.push(host ?? holder ?? '');
    }
  } else if (holder && status.state !== 'released' && status.state !== 'never-held') {
    parts.push(withPreferred(lease, holder));
  }
  parts.push(treeTimeLeft(status, now), ...lockSuffixes(lease));
  return parts.join(' · ');
}

const stateIcons: Record<LeaseState, RowIcon> = {
  held: { id: 'pass', color: 'charts.green' },
  expiring: { id: 'warning', color: 'charts.yellow' },
  expired: { id: 'error', color: 'errorForeground' },
  released: { id: 'circle-outline', color: 'descriptionForeground' },
  'never-held': { id: 'circle-slash', color: 'descriptionForeground' },
  invalid: { id: 'warning', color: 'list.warningForeground' },
};

/** The state's icon; API server identity and node leases keep their own shape, colored by state. */
export function leaseIcon(lease: LeaseInfo, status: LeaseStatus): RowIcon {
  const icon = stateIcons[status.state];
  if (lease.kind === 'apiserver-identity') {
    return { id: 'server', color: icon.color };
  }
  if (lease.kind === 'node') {
    return { id: 'vm', color: icon.color };
  }
  return lockIcon(lease, icon);
}

/**
 * `lease[.held][.node|.apiserver][.followed]`: `.held` when the Lease names a holder (whatever its
 * countdown says), so that `viewItem =~ /^lease.*held/` offers Copy Holder Identity exactly when
 * there is one to copy, and `/^lease(?!.*followed)/` offers Follow when not followed.
 */
export function leaseContextValue(lease: LeaseInfo, followed: boolean): string {
  let value = 'lease';
  if (lease.spec.holderIdentity) {
    value += '.held';
  }
  if (lease.kind === 'node') {
    value += '.node';
  } else if (lease.kind === 'apiserver-identity') {
    value += '.apiserver';
  }
  if (followed) {
    value += '.followed';
  }
  return value;
}

function countdown(ms: number | undefined): string {
  if (ms === undefined) {
    return '—';
  }
  return ms >= 0 ? t('{0} left', formatDuration(ms)) : t('expired {0} ago', formatDuration(-ms));
}

function ago(now: number, at: number | undefined): string {
  if (at === undefined) {
    return '';
  }
  const delta = now - at;
  return ` (${delta >= 0 ? t('{0} ago', formatDuration(delta)) : t('{0} in the future', formatDuration(-delta))})`;
}

function microTimeCell(value: string | undefined, now: number): string {
  if (value === undefined || value === '') {
    return '';
  }
  return escapeMarkdown(value) + ago(now, parseMicroTime(value));
}

const kindTitles: Record<LeaseInfo['kind'], () => string> = {
  leader: () => t('Leader election Lease'),
  node: () => t('Node heartbeat Lease'),
  'apiserver-identity': () => t('API server identity Lease'),
};

/** The tooltip's markdown. Every cluster string is escaped; the rest is our own text. */
export function leaseTooltip(lease: LeaseInfo, status: LeaseStatus, now: number, followed: boolean): string {
  const spec = lease.spec;
  const title = t('**{0}** in context {1}', escapeMarkdown(`${lease.namespace}/${lease.name}`), escapeMarkdown(lease.context));
  const stateLine = [
    `${lockTitle(lease) ?? kindTitles[lease.kind]()} · **${stateWords[status.state]()}**`,
    status.state === 'invalid' && status.reason ? escapeMarkdown(status.reason) : undefined,
    followed ? t('followed') : undefined,
  ]
    .filter((part): part is string => part !== undefined)
    .join(' · ');
  const table = markdownTable(
    [t('Spec field'), t('Value')],
    [
      ['holderIdentity', escapeMarkdown(spec.holderIdentity ?? '')],
      ['leaseDurationSeconds', spec.leaseDurationSeconds === undefined ? '' : String(spec.leaseDurationSeconds)],
      ['acquireTime', microTimeCell(spec.acquireTime, now)],
      ['renewTime', microTimeCell(spec.renewTime, now)],
      ['leaseTransitions', spec.leaseTransitions === undefined ? '' : String(spec.leaseTransitions)],
      ['strategy', escapeMarkdown(spec.strategy ?? '')],
      ['preferredHolder', escapeMarkdown(spec.preferredHolder ?? '')],
    ],
  );
  const countdowns = status.forLife
    ? [t('**Never expires:** a dead leader holds it until its pod is deleted.')]
    : [t('**By renewTime:** {0}', countdown(status.byRenewMs)), t('**By observation:** {0}', countdown(status.byObservationMs))];
  if (status.skewMs !== undefined) {
    countdowns.push(t('**Clock skew signal:** {0}', `${status.skewMs < 0 ? '−' : ''}${formatDuration(Math.abs(status.skewMs))}`));
  }
  const transitions =
    spec.leaseTransitions === undefined
      ? t('No leaseTransitions recorded.')
      : tn(spec.leaseTransitions, 'Leadership moved {0} time (leaseTransitions).|Leadership moved {0} times (leaseTransitions).');
  const lastChange = t(
    '**Last change:** observed{0}, resourceVersion {1}',
    ago(now, lease.observedAt),
    escapeMarkdown(lease.resourceVersion),
  );
  const extra = [recordsTooltip(lease), coordinatedTooltip(lease, now)].filter((part): part is string => part !== undefined);
  return [title, stateLine, ...extra, table, countdowns.join('  \n'), transitions, lastChange].join('\n\n');
}
