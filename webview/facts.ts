// The Lease's facts: duration, acquire and renew times (absolute and relative), transitions,
// strategy and preferred holder when set, the observed renew interval, and when it was observed.
import type { LeaseInfo, RenewStats } from '../src/shared/types';
import { parseMicroTime } from '../src/core/microTime';
import { formatDuration } from '../src/core/leaseStatus';
import { h, replace, type Child } from './dom';
import { clockTime, count, isoTime } from './format';
import { relativeSpan } from './relative';
import { t } from '../src/shared/l10n';

export class Facts {
  readonly root: HTMLElement;

  constructor() {
    this.root = h('dl', { class: 'facts' });
  }

  render(lease: LeaseInfo | undefined, renew: RenewStats, now: number): void {
    if (!lease) {
      replace(this.root);
      return;
    }
    const spec = lease.spec;
    const rows: Array<[string, Child[], string?]> = [];
    rows.push([
      t('Lease duration'),
      [spec.leaseDurationSeconds !== undefined ? t('{0} s', count(spec.leaseDurationSeconds)) : t('not set')],
      'spec.leaseDurationSeconds',
    ]);
    rows.push([t('Acquired'), timeCell(spec.acquireTime, now), 'spec.acquireTime']);
    rows.push([t('Renewed'), timeCell(spec.renewTime, now), 'spec.renewTime']);
    rows.push([
      t('Transitions'),
      [spec.leaseTransitions !== undefined ? count(spec.leaseTransitions) : '0'],
      t('spec.leaseTransitions: how many times leadership changed hands'),
    ]);
    rows.push([t('Renew interval'), [renewText(renew)], t('Observed time between renewals of the current holder')]);
    if (spec.strategy) {
      rows.push([t('Strategy'), [spec.strategy], t('spec.strategy (coordinated leader election)')]);
    }
    if (spec.preferredHolder) {
      rows.push([t('Preferred holder'), [h('code', undefined, spec.preferredHolder)], 'spec.preferredHolder']);
    }
    rows.push([
      t('Observed'),
      [clockTime(lease.observedAt, now), ' (', relativeSpan(lease.observedAt, now), ')'],
      t('When Lease Lens last saw this Lease change'),
    ]);
    replace(
      this.root,
      ...rows.map(([label, value, hint]) => h('div', { class: 'fact' }, h('dt', { title: hint }, label), h('dd', undefined, ...value))),
    );
  }
}

function timeCell(value: string | undefined, now: number): Child[] {
  if (!value) {
    return [h('span', { class: 'muted' }, t('not set'))];
  }
  const ms = parseMicroTime(value);
  if (ms === undefined) {
    return [h('span', { class: 'error-text' }, t('unreadable: {0}', value))];
  }
  return [h('span', { title: `${value} (${isoTime(ms)})` }, clockTime(ms, now)), ' (', relativeSpan(ms, now), ')'];
}

function renewText(renew: RenewStats): string {
  if (renew.count === 0 || renew.meanMs === undefined) {
    return t('no renewals observed yet');
  }
  const parts = [t('every {0} on average', formatDuration(renew.meanMs))];
  if (renew.lastMs !== undefined) {
    parts.push(t('last {0}', formatDuration(renew.lastMs)));
  }
  if (renew.maxMs !== undefined) {
    parts.push(t('max {0}', formatDuration(renew.maxMs)));
  }
  parts.push(t('{0} observed', count(renew.count)));
  return parts.join(' · ');
}
