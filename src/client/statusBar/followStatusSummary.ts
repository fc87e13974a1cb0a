// The one status bar item of Lease Lens, summing up every followed Lease as of `now` (VS Code's
// guidelines: one item unless more are necessary). One Lease: "$(eye) cp-node-2 · 12s", as
// followStatusText says; several: "$(eye) 3 Leases · 1 expiring", the tooltip listing each. Its
// background means what the tree's icons mean: warning while a Lease is expiring (or invalid),
// error once one has expired or was deleted. Pure.
import type { LeaseInfo, LeaseKey } from '../../shared/types';
import { t, tn } from '../../shared/l10n';
import { followStatusText, type FollowStatusText, type StatusSeverity } from './followStatusText';

export interface FollowedLease {
  key: LeaseKey;
  lease?: LeaseInfo;
  deleted: boolean;
}

export interface FollowStatusSummary {
  text: string;
  tooltip: string;
  severity: StatusSeverity;
  /** What a screen reader says: the same in words, without icons. */
  accessibilityLabel: string;
  /** The Lease a click shows; absent when several are followed (a click lets the user pick). */
  key?: LeaseKey;
}

const severityRank: Record<StatusSeverity, number> = { normal: 0, warning: 1, error: 2 };

/** "1 expiring · 2 expired": the Leases that need a look, by state; empty when none does. */
function attention(statuses: readonly FollowStatusText[]): string[] {
  const count = (state: FollowStatusText['state']): number => statuses.filter((s) => s.state === state).length;
  const parts: string[] = [];
  const expiring = count('expiring');
  const expired = count('expired');
  const deleted = count('deleted');
  const invalid = count('invalid');
  if (expiring > 0) {
    parts.push(t('{0} expiring', expiring));
  }
  if (expired > 0) {
    parts.push(t('{0} expired', expired));
  }
  if (deleted > 0) {
    parts.push(t('{0} deleted', deleted));
  }
  if (invalid > 0) {
    parts.push(t('{0} invalid', invalid));
  }
  return parts;
}

/** Undefined when no Lease is followed (the item is hidden). */
export function followStatusSummary(
  leases: readonly FollowedLease[],
  now: number,
  expiringSeconds: number,
): FollowStatusSummary | undefined {
  const statuses = leases.map((l) => followStatusText(l.key, l.lease, l.deleted, now, expiringSeconds));
  const [only] = statuses;
  if (only === undefined) {
    return undefined;
  }
  if (statuses.length === 1) {
    return {
      text: only.text,
      tooltip: only.tooltip,
      severity: only.severity,
      accessibilityLabel: t('Lease Lens: {0}', only.summary),
      key: leases[0]!.key,
    };
  }
  const severity = statuses.reduce<StatusSeverity>(
    (worst, s) => (severityRank[s.severity] > severityRank[worst] ? s.severity : worst),
    'normal',
  );
  const count = tn(statuses.length, '{0} Lease|{0} Leases');
  const needs = attention(statuses);
  const headline = tn(statuses.length, 'Following {0} Lease|Following {0} Leases');
  const lines = statuses.map((s) => s.summary);
  return {
    text: [`$(eye) ${count}`, ...needs].join(' · '),
    tooltip: [
      needs.length > 0 ? `${headline} (${needs.join(', ')}):` : `${headline}:`,
      ...lines.map((l) => `• ${l}`),
      t('Click to pick a Lease to show.'),
    ].join('\n'),
    severity,
    accessibilityLabel: t(
      'Lease Lens: {0}',
      [needs.length > 0 ? `${headline} (${needs.join(', ')}).` : `${headline}.`, ...lines].join(' '),
    ),
  };
}
