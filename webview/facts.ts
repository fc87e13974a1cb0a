// The Lease's facts: duration, acquire and renew times (absolute and relative), transitions,
// strategy and preferred holder when set, the observed renew interval, and when it was observed.
import type { LeaseInfo, RenewStats } from '../src/shared/types';
import { parseMicroTime } from '../src/core/microTime';
import { formatDuration } from '../src/core/leaseStatus';
import { h, replace, type Child } from './dom';
import { clockTime, count, isoTime } from './format';
import { relativeSpan } from './relative';

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
      'Lease duration',
      [spec.leaseDurationSeconds !== undefined ? `${count(spec.leaseDurationSeconds)} s` : 'not set'],
      'spec.leaseDurationSeconds',
    ]);
    rows.push(['Acquired', timeCell(spec.acquireTime, now), 'spec.acquireTime']);
    rows.push(['Renewed', timeCell(spec.renewTime, now), 'spec.renewTime']);
    rows.push([
      'Transitions',
      [spec.leaseTransitions !== undefined ? count(spec.leaseTransitions) : '0'],
      'spec.leaseTransitions: how many times leadership changed hands',
    ]);
    rows.push(['Renew interval', [renewText(renew)], 'Observed time between renewals of the current holder']);
    if (spec.strategy) {
      rows.push(['Strategy', [spec.strategy], 'spec.strategy (coordinated leader election)']);
    }
    if (spec.preferredHolder) {
      rows.push(['Preferred holder', [h('code', undefined, spec.preferredHolder)], 'spec.preferredHolder']);
    }
    rows.push([
      'Observed',
      [clockTime(lease.observedAt, now), ' (', relativeSpan(lease.observedAt, now), ')'],
      'When Lease Lens last saw this Lease change',
    ]);
    replace(
      this.root,
      ...rows.map(([label, value, hint]) => h('div', { class: 'fact' }, h('dt', { title: hint }, label), h('dd', undefined, ...value))),
    );
  }
}

function timeCell(value: string | undefined, now: number): Child[] {
  if (!value) {
    return [h('span', { class: 'muted' }, 'not set')];
  }
  const ms = parseMicroTime(value);
  if (ms === undefined) {
    return [h('span', { class: 'error-text' }, `unreadable: ${value}`)];
  }
  return [h('span', { title: `${value} (${isoTime(ms)})` }, clockTime(ms, now)), ' (', relativeSpan(ms, now), ')'];
}

function renewText(renew: RenewStats): string {
  if (renew.count === 0 || renew.meanMs === undefined) {
    return 'no renewals observed yet';
  }
  const parts = [`every ${formatDuration(renew.meanMs)} on average`];
  if (renew.lastMs !== undefined) {
    parts.push(`last ${formatDuration(renew.lastMs)}`);
  }
  if (renew.maxMs !== undefined) {
    parts.push(`max ${formatDuration(renew.maxMs)}`);
  }
  parts.push(`${count(renew.count)} observed`);
  return parts.join(' · ');
}
