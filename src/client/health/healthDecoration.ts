// How a Lease row of the Leases view shows its leadership health: its flags after the description
// ("cp-node-2 · ≤15s · flapping, renewing late") with an icon of the worst one, and — while its
// context's connection is lost — "unknown since 12:03:04" instead of any countdown or expiry
// (never "expired": nothing is known about the present). Pure.
import type { HealthFlag } from '../../shared/health';
import { healthFlagOrder } from '../../shared/health';
import { t } from '../../shared/l10n';
import { healthFlagWord } from '../../core/incidentSummary';
import type { RowIcon } from '../tree/leaseRow';

export interface LeaseHealthLook {
  /** The Lease's flags (any order). */
  flags: readonly HealthFlag[];
  /** The context's ContextState.unknownSince. */
  unknownSince?: number;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** HH:mm:ss on the local clock. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

export function unknownSinceText(ms: number): string {
  return t('unknown since {0}', clockTime(ms));
}

/** The flags worth a word on the row, worst first ('stale-unknown' is said by "unknown since"). */
export function shownFlags(flags: readonly HealthFlag[]): HealthFlag[] {
  return healthFlagOrder.filter((f) => f !== 'stale-unknown' && flags.includes(f));
}

const flagIcons: Partial<Record<HealthFlag, RowIcon>> = {
  'split-brain': { id: 'warning', color: 'errorForeground' },
  'expired-no-taker': { id: 'error', color: 'errorForeground' },
  flapping: { id: 'pulse', color: 'charts.orange' },
  'renewing-late': { id: 'watch', color: 'charts.yellow' },
  'clock-skew': { id: 'clock', color: 'charts.yellow' },
};

/**
 * The row's description: `base` (holder · time left) with the flags after it; with the context's
 * connection lost, the holder last seen and "unknown since …" instead.
 */
export function healthDescription(base: string, holder: string | undefined, health: LeaseHealthLook | undefined): string {
  if (!health) {
    return base;
  }
  if (health.unknownSince !== undefined) {
    return [holder, unknownSinceText(health.unknownSince)].filter((p): p is string => !!p).join(' · ');
  }
  const flags = shownFlags(health.flags);
  return flags.length === 0 ? base : `${base} · ${flags.map(healthFlagWord).join(', ')}`;
}

/** The row's icon: a question mark while unknown; the worst flag's icon; else the state's. */
export function healthIcon(stateIcon: RowIcon, health: LeaseHealthLook | undefined): RowIcon {
  if (!health) {
    return stateIcon;
  }
  if (health.unknownSince !== undefined) {
    return { id: 'question', color: 'disabledForeground' };
  }
  for (const flag of shownFlags(health.flags)) {
    const icon = flagIcons[flag];
    if (icon) {
      return icon;
    }
  }
  return stateIcon;
}

/** Tooltip lines (markdown, our own words only). */
export function healthTooltip(health: LeaseHealthLook | undefined): string | undefined {
  if (!health) {
    return undefined;
  }
  const lines: string[] = [];
  if (health.unknownSince !== undefined) {
    lines.push(
      t(
        '**Unknown since {0}:** the connection to the context was lost; what the Lease says now is not known.',
        clockTime(health.unknownSince),
      ),
    );
  }
  const flags = shownFlags(health.flags);
  if (flags.length > 0) {
    lines.push(t('**Health:** {0}', flags.map(healthFlagWord).join(', ')));
  }
  return lines.length > 0 ? lines.join('  \n') : undefined;
}
