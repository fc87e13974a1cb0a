// The lock an election is kept in (issue 17), in the panel: the kind marked in the header, and for
// a migration lock (`configmapsleases`, `endpointsleases`) a Records block with each object's
// record and, when they disagree, one warning (role="alert", created once and only re-worded).
// Cluster strings are set as text.
import type { LeaseInfo } from '../src/shared/types';
import { electionRecords, lockObjectKind, lockWord } from '../src/core/lockWords';
import { parseMicroTime } from '../src/core/microTime';
import { clipText } from '../src/core/untrustedText';
import { h, replace, setText, show, type Child } from './dom';
import { clockTime, count, isoTime } from './format';
import { relativeSpan } from './relative';
import { t } from '../src/shared/l10n';

/** Longest cluster string in a record cell. */
const maxCell = 256;

/** The header's words for the lock: undefined for a plain Lease. */
export function lockLabel(lease: LeaseInfo | undefined): string | undefined {
  return lease ? lockWord(lease) : undefined;
}

function timeCell(value: string | undefined, now: number): Child[] {
  if (!value) {
    return ['—'];
  }
  const ms = parseMicroTime(value);
  if (ms === undefined) {
    return [clipText(value, maxCell)];
  }
  return [h('span', { title: `${clipText(value, maxCell)} (${isoTime(ms)})` }, clockTime(ms, now)), ' (', relativeSpan(ms, now), ')'];
}

export class LockRecords {
  readonly root: HTMLElement;
  private readonly alert: HTMLElement;
  private readonly table: HTMLElement;
  private alertText = '';

  constructor() {
    this.alert = h('div', { class: 'banner banner-records', attrs: { role: 'alert' } });
    show(this.alert, false);
    this.table = h('div', { class: 'records-table-wrap' });
    this.root = h(
      'div',
      { class: 'lock-records' },
      h('h3', { class: 'records-title', attrs: { id: 'records-title' } }, t('Records')),
      this.alert,
      this.table,
    );
    show(this.root, false);
  }

  render(lease: LeaseInfo | undefined, now: number): void {
    const migration = lease !== undefined && (lease.otherRecords?.length ?? 0) > 0;
    const differences = lease?.recordsDisagree ?? [];
    show(this.root, migration || differences.length > 0);
    const text = differences.length > 0 ? differences.map((d) => clipText(d, maxCell)).join('; ') : '';
    if (text !== this.alertText) {
      // Only the words change: the alert element stays, so a screen reader hears each change once.
      this.alertText = text;
      replace(this.alert, h('strong', undefined, t('The records disagree:')), ' ', text);
    }
    show(this.alert, text !== '');
    if (!lease || !migration) {
      replace(this.table);
      return;
    }
    const head = h(
      'tr',
      undefined,
      ...[t('Object'), t('Holder'), t('Renewed'), t('Acquired'), t('Transitions')].map((label) =>
        h('th', { attrs: { scope: 'col' } }, label),
      ),
    );
    const rows = electionRecords(lease).map((r) =>
      h(
        'tr',
        { class: 'record-row', attrs: { 'data-lock': r.lock } },
        h('th', { attrs: { scope: 'row' } }, lockObjectKind(r.lock)),
        h('td', { class: 'record-holder' }, r.spec.holderIdentity ? clipText(r.spec.holderIdentity, maxCell) : '—'),
        h('td', undefined, ...timeCell(r.spec.renewTime, now)),
        h('td', undefined, ...timeCell(r.spec.acquireTime, now)),
        h('td', { class: 'numeric' }, r.spec.leaseTransitions === undefined ? '—' : count(r.spec.leaseTransitions)),
      ),
    );
    replace(
      this.table,
      h(
        'table',
        { class: 'records-table', attrs: { 'aria-labelledby': 'records-title' } },
        h('thead', undefined, head),
        h('tbody', undefined, ...rows),
      ),
    );
  }

  /** The alert's current words (tests). */
  get disagreement(): string {
    return this.alertText;
  }
}

/** Sets an element's text to the lock's label and hides it for a plain Lease. */
export function renderLockLabel(el: HTMLElement, lease: LeaseInfo | undefined): void {
  const label = lockLabel(lease);
  setText(el, label ?? '');
  show(el, label !== undefined);
  if (lease?.lock) {
    el.dataset.lock = lease.lock;
  } else {
    delete el.dataset.lock;
  }
}
