// The one status bar item of Lease Lens, summing up every followed Lease as of `now` (VS Code's
// guidelines: one item unless more are necessary). One Lease: "$(eye) cp-node-2 · 12s", as
// followStatusText says; several: "$(eye) 3 Leases · 1 expiring", the tooltip listing each. Its
// background means what the tree's icons mean: warning while a Lease is expiring (or invalid),
// error once one has expired or was deleted. Pure.
import type { LeaseInfo, LeaseKey } from '../../shared/types';
import { t, tn } from '../../shared/l10n';
import { followStatusText, type FollowStatusText, type StatusSeverity } from './followStatusText';
import { parseLeaseKey } from '../../shared/types';
import { plainText, statusBarText } from '../../core/untrustedText';
import { unknownSinceText } from '../health/healthDecoration';

export interface FollowedLease {
  key: LeaseKey;
  lease?: LeaseInfo;
  deleted: boolean;
  /** Its context's connection is lost: since when its present is unknown. */
  unknownSince?: number;
}

export interface FollowStatusSummary {
  text: string;
  tooltip: string;
  severity: StatusSeverity;
  /** What a screen reader says: the same in words, without icons. */
  accessibilityLabel: string;
  /** The Lease a click shows; absent when several are followed (a click lets the user pick). */
  key?: LeaseKey;
  /** Nothing is followed; the item stands for flapping Leases (a click shows the Health view). */
  healthOnly?: boolean;
}

/** A followed Lease whose context lost its connection: "unknown since …", never a countdown. */
function unknownStatus(l: FollowedLease, since: number): FollowStatusText {
  const parsed = parseLeaseKey(l.key);
  const which = parsed
    ? t('{0} in context {1}', plainText(`${parsed.namespace}/${parsed.name}`), plainText(parsed.context))
    : plainText(l.key);
  const summary = t('{0}: {1} (the connection to the context was lost).', which, unknownSinceText(since));
  return {
    text: `$(eye) ${statusBarText(parsed?.name ?? l.key)} · ${unknownSinceText(since)}`,
    tooltip: summary,
    severity: 'warning',
    state: 'loading',
    summary,
  };
}

/** The count of flapping Leases added to a summary (or standing alone when nothing is followed). */
function withFlapping(summary: FollowStatusSummary | undefined, flapping: number): FollowStatusSummary | undefined {
  if (flapping <= 0) {
    return summary;
  }
  const words = tn(flapping, '{0} Lease flapping|{0} Leases flapping');
  const line = tn(
    flapping,
    '{0} watched Lease is flapping (leadership moves too often).|{0} watched Leases are flapping (leadership moves too often).',
  );
  if (!summary) {
    return {
      text: `$(pulse) ${words}`,
      tooltip: `${line}\n${t('Click to show the Leadership Health view.')}`,
      severity: 'warning',
      accessibilityLabel: t('Lease Lens: {0}', line),
      healthOnly: true,
    };
  }
  return {
    ...summary,
    text: `${summary.text} · $(pulse) ${words}`,
    tooltip: `${summary.tooltip}\n${line}`,
    severity: summary.severity === 'normal' ? 'warning' : summary.severity,
    accessibilityLabel: `${summary.accessibilityLabel} ${line}`,
  };
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
  flapping = 0,
): FollowStatusSummary | undefined {
  return withFlapping(followedSummary(leases, now, expiringSeconds), flapping);
}

function followedSummary(leases: readonly FollowedLease[], now: number, expiringSeconds: number): FollowStatusSummary | undefined {
  const statuses = leases.map((l) =>
    l.unknownSince !== undefined && !l.deleted
      ? unknownStatus(l, l.unknownSince)
      : followStatusText(l.key, l.lease, l.deleted, now, expiringSeconds),
  );
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
