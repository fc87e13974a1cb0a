// Leadership history: one row per term (newest first) with holder, acquired, last renewed, ended
// and the failover gap before it; flapping called out above the table.
import type { LeadershipTerm, PodRef } from '../src/shared/types';
import type { PanelSettings } from '../src/shared/webviewProtocol';
import { formatDuration } from '../src/core/leaseStatus';
import { parseHolderIdentity, shortHolder } from '../src/core/identity';
import { flappingCount, isFlapping } from '../src/core/timeline';
import { h, replace, setClass, setText, show, type Child } from './dom';
import { clockTime, count } from './format';
import { podColorClass } from './podColors';
import { relativeSpan } from './relative';
import { t, tn } from '../src/shared/l10n';

const endLabels: Record<NonNullable<LeadershipTerm['end']>, () => string> = {
  'taken-over': () => t('taken over'),
  released: () => t('released'),
  expired: () => t('expired'),
};

/** The text of a failover gap cell. */
export function gapText(gapMs: number | undefined): string {
  return gapMs === undefined ? '—' : t('{0} without a leader', formatDuration(Math.max(0, gapMs)));
}

export class History {
  readonly root: HTMLElement;
  private readonly flapping: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly empty: HTMLElement;
  private terms: LeadershipTerm[] = [];

  constructor() {
    this.flapping = h('div', { class: 'callout flapping', attrs: { role: 'status' } });
    show(this.flapping, false);
    this.body = h('tbody');
    this.table = h(
      'table',
      { class: 'history-table' },
      h(
        'thead',
        undefined,
        h(
          'tr',
          undefined,
          h('th', { attrs: { scope: 'col' } }, t('Holder')),
          h('th', { attrs: { scope: 'col' } }, t('Acquired')),
          h('th', { attrs: { scope: 'col' } }, t('Last renewed')),
          h('th', { attrs: { scope: 'col' } }, t('Ended')),
          h(
            'th',
            {
              attrs: { scope: 'col' },
              title: t('No valid leader between the previous holder’s last renewal (or release) and this acquireTime'),
            },
            t('Failover gap before'),
          ),
          h('th', { attrs: { scope: 'col' }, class: 'num' }, t('Renewals')),
        ),
      ),
      this.body,
    );
    this.empty = h('p', { class: 'muted' }, t('No leadership terms observed yet.'));
    this.root = h('div', { class: 'history' }, this.flapping, h('div', { class: 'wide-scroll' }, this.table), this.empty);
  }

  render(terms: LeadershipTerm[], pods: readonly PodRef[], now: number, settings: PanelSettings): void {
    this.terms = terms;
    const podNames = new Set(pods.map((p) => p.name));
    const rows: HTMLTableRowElement[] = [];
    for (let i = terms.length - 1; i >= 0; i--) {
      rows.push(this.row(terms[i], i === terms.length - 1, podNames, now));
    }
    replace(this.body, ...rows);
    show(this.table, terms.length > 0);
    show(this.empty, terms.length === 0);
    this.refreshFlapping(now, settings);
  }

  /** The flapping window slides with time: called every second. */
  refreshFlapping(now: number, settings: PanelSettings): void {
    const changes = flappingCount(this.terms, now, settings.flapWindowMinutes);
    const flapping = isFlapping(this.terms, now, settings.flapChanges, settings.flapWindowMinutes);
    show(this.flapping, changes > 0);
    setClass(this.flapping, 'is-flapping', flapping);
    const span = tn(settings.flapWindowMinutes, '{0} minute|{0} minutes');
    const changed = tn(changes, '{0} leadership change|{0} leadership changes');
    setText(
      this.flapping,
      flapping
        ? t(
            '⚠ Flapping: {0} in the last {1} (more than {2}). Look for renew failures and API server latency in the logs below.',
            changed,
            span,
            count(settings.flapChanges),
          )
        : t('{0} in the last {1}.', changed, span),
    );
  }

  private row(term: LeadershipTerm, latest: boolean, podNames: Set<string>, now: number): HTMLTableRowElement {
    const hostname = parseHolderIdentity(term.holder).hostname;
    const color = hostname && podNames.has(hostname) ? podColorClass(hostname) : '';
    const current = latest && term.end === undefined;
    const ended: Child[] =
      term.lostAt !== undefined
        ? [...when(term.lostAt, now), ' ', h('span', { class: `end end-${term.end ?? 'unknown'}` }, term.end ? endLabels[term.end]() : '')]
        : current
          ? [h('span', { class: 'current-tag' }, t('current'))]
          : ['—'];
    const gap = term.gapBeforeMs;
    return h(
      'tr',
      { class: current ? 'term current' : 'term', attrs: { 'data-holder': term.holder } },
      h(
        'td',
        { class: 'term-holder', title: term.holder },
        h('span', { class: `holder ${color}` }, shortHolder(term.holder) || t('(none)')),
        term.transitions !== undefined
          ? h('span', { class: 'muted transitions', title: t('leaseTransitions when the term began') }, ` #${count(term.transitions)}`)
          : null,
      ),
      h('td', undefined, ...(term.acquiredAt !== undefined ? when(term.acquiredAt, now) : ['—'])),
      h('td', undefined, ...(term.lastRenewedAt !== undefined ? when(term.lastRenewedAt, now) : ['—'])),
      h('td', undefined, ...ended),
      h('td', { class: gap !== undefined && gap > 0 ? 'gap has-gap' : 'gap' }, gapText(gap)),
      h('td', { class: 'num' }, count(term.renewals)),
    );
  }
}

function when(ms: number, now: number): Child[] {
  return [h('span', { class: 'abs-time' }, clockTime(ms, now)), ' ', h('span', { class: 'muted' }, '(', relativeSpan(ms, now), ')')];
}
