// Health flags as badges (the follow panel's history and the Leadership Health view's table):
// a span per flag, worst first, with class `flag flag-<flag>` (colored in panel.css / health.css)
// and a title saying what the flag means. Words looked up when drawn (the host gave the strings).
import { healthFlagOrder, type HealthFlag } from '../src/shared/health';
import { t } from '../src/shared/l10n';
import { h } from './dom';

/** What the flapping rule counts, for the flapping badge's explanation. */
export interface FlapRule {
  flapChanges: number;
  flapWindowMinutes: number;
}

const labels: Record<HealthFlag, () => string> = {
  'stale-unknown': () => t('unknown'),
  'expired-no-taker': () => t('expired, no taker'),
  'never-held': () => t('never held'),
  'renewing-late': () => t('renewing late'),
  flapping: () => t('flapping'),
  'clock-skew': () => t('clock skew'),
  'split-brain': () => t('split brain'),
};

export function flagLabel(flag: HealthFlag): string {
  return labels[flag]();
}

export function flagTitle(flag: HealthFlag, rule: FlapRule): string {
  switch (flag) {
    case 'stale-unknown':
      return t('The context’s connection is lost: what the Lease is doing now is unknown.');
    case 'expired-no-taker':
      return t('The holder stopped renewing and the Lease ran out; no candidate has taken over.');
    case 'never-held':
      return t('No candidate has ever acquired this Lease.');
    case 'renewing-late':
      return t('A renewal in the current term came later than 2/3 of the lease duration (client-go’s renew deadline).');
    case 'flapping':
      return t('More than {0} leadership changes within {1} min.', rule.flapChanges, rule.flapWindowMinutes);
    case 'clock-skew':
      return t('The API server’s clock and this machine’s differ by 3 s or more: times may be off.');
    case 'split-brain':
      return t('More than one replica believes it leads, for longer than the retry period.');
  }
}

/** The flags in healthFlagOrder (worst first), unknown ones left out. */
export function orderedFlags(flags: readonly HealthFlag[]): HealthFlag[] {
  return healthFlagOrder.filter((flag) => flags.includes(flag));
}

export function flagBadge(flag: HealthFlag, rule: FlapRule): HTMLElement {
  return h('span', { class: `flag flag-${flag}`, title: flagTitle(flag, rule), attrs: { 'data-flag': flag } }, flagLabel(flag));
}

export function flagBadges(flags: readonly HealthFlag[], rule: FlapRule): HTMLElement[] {
  return orderedFlags(flags).map((flag) => flagBadge(flag, rule));
}
