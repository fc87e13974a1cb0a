// The selected Lease below the table: its name, Follow and Copy Incident Summary, its flags, and
// the charts drawn from its detail (holder swimlane, failover gaps, renew intervals).
import type { HealthDetail } from '../../src/shared/health';
import { t } from '../../src/shared/l10n';
import { h, replace, show } from '../dom';
import { flagBadges, type FlapRule } from '../flagBadges';
import { gapsChart } from './charts/gapsChart';
import { holderColors } from './charts/holderColors';
import { renewChart } from './charts/renewChart';
import { swimlane } from './charts/swimlane';
import { clipField, type ViewRow } from './viewRow';

export interface DetailCallbacks {
  onFollow(): void;
  onCopyIncident(): void;
}

export class DetailPane {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly flags: HTMLElement;
  private readonly actions: HTMLElement;
  private readonly charts: HTMLElement;
  private readonly note: HTMLElement;

  constructor(callbacks: DetailCallbacks) {
    this.title = h('h2', { class: 'detail-title' });
    this.flags = h('div', { class: 'health-flags' });
    const follow = h('button', { class: 'button follow-button', attrs: { type: 'button' } }, t('Follow'));
    follow.addEventListener('click', () => callbacks.onFollow());
    const copy = h(
      'button',
      {
        class: 'button secondary copy-incident-button',
        attrs: { type: 'button' },
        title: t('Copy the Lease’s incident summary (Markdown) to the clipboard'),
      },
      t('Copy Incident Summary'),
    );
    copy.addEventListener('click', () => callbacks.onCopyIncident());
    this.actions = h('div', { class: 'detail-actions' }, follow, copy);
    this.note = h('p', { class: 'muted detail-note' });
    this.charts = h('div', { class: 'charts' });
    this.root = h(
      'section',
      { class: 'detail', attrs: { 'aria-label': t('Selected Lease') } },
      h('div', { class: 'detail-head' }, this.title, this.actions),
      this.flags,
      this.note,
      this.charts,
    );
    this.clear();
  }

  /** Nothing selected. */
  clear(): void {
    replace(this.title);
    replace(this.flags);
    replace(this.charts);
    show(this.actions, false);
    this.setNote(t('Select a Lease to see its leadership history.'));
  }

  /** A row is selected; its detail is `detail` (undefined: not arrived yet; null: none kept). */
  show(row: ViewRow | undefined, key: string, detail: HealthDetail | null | undefined, now: number, rule: FlapRule): void {
    const where = row ? `${row.namespace}/${row.name}` : clipField(key);
    replace(this.title, where, row ? h('span', { class: 'muted detail-context' }, ` · ${row.context}`) : null);
    show(this.actions, true);
    replace(this.flags, ...flagBadges(detail?.row.flags ?? row?.row.flags ?? [], rule));
    if (detail === undefined) {
      this.setNote(t('Loading the leadership record…'));
      replace(this.charts);
      return;
    }
    if (detail === null) {
      this.setNote(t('No leadership record is kept for this Lease.'));
      replace(this.charts);
      return;
    }
    const colors = holderColors(detail.terms.map((term) => term.holder));
    this.setNote(detail.droppedTerms > 0 ? t('{0} older terms were pruned.', detail.droppedTerms) : '');
    replace(
      this.charts,
      swimlane(detail.terms, colors, now, detail.firstObservedAt),
      gapsChart(detail.terms, now, detail.firstObservedAt),
      renewChart(detail.renewIntervals, detail.row.durationMs ?? detail.terms.at(-1)?.durationMs),
    );
  }

  private setNote(text: string): void {
    replace(this.note, text);
    show(this.note, text !== '');
  }
}
