// The state badge: held / expiring / expired / released / never held / invalid, plus the panel's
// own deleted and waiting states. Colored by CSS on [data-state].
import type { LeaseState } from '../src/core/leaseStatus';
import { setText } from './dom';

export type BadgeState = LeaseState | 'deleted' | 'waiting';

const labels: Record<BadgeState, string> = {
  held: 'Held',
  expiring: 'Expiring',
  expired: 'Expired',
  released: 'Released',
  'never-held': 'Never held',
  invalid: 'Invalid',
  deleted: 'Deleted',
  waiting: 'Waiting',
};

export function setBadge(el: HTMLElement, state: BadgeState): void {
  if (el.dataset.state !== state) {
    el.dataset.state = state;
  }
  setText(el, labels[state]);
}
