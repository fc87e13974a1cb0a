// The state badge: held / expiring / expired / released / never held / invalid, plus the panel's
// own deleted and waiting states. Colored by CSS on [data-state].
import type { LeaseState } from '../src/core/leaseStatus';
import { setText } from './dom';
import { t } from '../src/shared/l10n';

/** 'unknown': the context's connection is lost; nothing is said about the present. */
export type BadgeState = LeaseState | 'deleted' | 'waiting' | 'unknown';

/** The badge's words, in the panel's language (looked up when drawn: the strings come from the host). */
const labels: Record<BadgeState, () => string> = {
  held: () => t('Held'),
  expiring: () => t('Expiring'),
  expired: () => t('Expired'),
  released: () => t('Released'),
  'never-held': () => t('Never held'),
  invalid: () => t('Invalid'),
  deleted: () => t('Deleted'),
  waiting: () => t('Waiting'),
  unknown: () => t('Unknown'),
};

export function setBadge(el: HTMLElement, state: BadgeState): void {
  if (el.dataset.state !== state) {
    el.dataset.state = state;
  }
  setText(el, labels[state]());
}
