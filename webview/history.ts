// Leadership history: one row per term (newest first) with holder, acquired, last renewed, ended
// and the failover gap before it; flapping called out above the table. With the Lease server's
// leadership record (a `health` message): terms from before the follow, "from Events" on those
// known from LeaderElection Events only, how each ended (deletion too), and the Lease's health
// flags as badges above the table.
import type { HealthDetail, TermEnd } from '../src/shared/health';
import type { LeadershipTerm, PodRef } from '../src/shared/types';
import type { PanelSettings } from '../src/shared/webviewProtocol';
import { formatDuration } from '../src/core/leaseStatus';
import { parseHolderIdentity, shortHolder } from '../src/core/identity';
import { flappingCount, isFlapping } from '../src/core/timeline';
import { h, replace, setClass, setText, show, type Child } from './dom';
import { clockTime, count } from './format';
import { flagBadges } from './flagBadges';
import { historyRows, type HistoryRow } from './historyRows';
import { fateRow, findFate } from './termFate';
import { termFateKey, type TermFate } from '../src/shared/fate';
import { podColorClass } from './podColors';
import { relativeSpan } from './relative';
import { t, tn } from '../src/shared/l10n';

const endLabels: Record<TermEnd, () => string> = {
  'taken-over': () => t('taken over'),
  released: () => t('released'),
  expired: () => t('expired'),
  deleted: () => t('deleted'),
  unknown: () => t('end unknown'),
};

/** The text of a failover gap cell. */
export function gapText(gapMs: number | undefined): string {
  return gapMs === undefined ? '—' : t('{0} without a leader', formatDuration(Math.max(0, gapMs)));
}

export class History {
  readonly root: HTMLElement;
  private readonly flapping: HTMLElement;
  private readonly flags: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly empty: HTMLElement;
  private terms: LeadershipTerm[] = [];
  private podNames = new Set<string>();
  private health: HealthDetail | null = null;
  private settings: PanelSettings | undefined;
  private fates: readonly TermFate[] | undefined;
  /** The fates the reader expanded (termFateKey): they stay open when the history is drawn again. */
  private readonly openFates = new Set<string>();
  /**
   * Rows drawn last, by term (and fate), with what they showed: a row that shows the same is kept,
   * not rebuilt, so a renewal redraws only the current term's row and a click or a selection in
   * an ended term's row (or its fate's evidence) survives it.
   */
  private drawn = new Map<string, { shows: string; el: HTMLTableRowElement }>();

  constructor() {
    this.flapping = h('div', { class: 'callout flapping', attrs: { role: 'status' } });
    show(this.flapping, false);
    this.flags = h('div', { class: 'health-flags', attrs: { role: 'status', 'aria-label': t('Health flags') } });
    show(this.flags, false);
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
    this.root = h('div', { class: 'history' }, this.flags, this.flapping, h('div', { class: 'wide-scroll' }, this.table), this.empty);
  }

  render(terms: LeadershipTerm[], pods: readonly PodRef[], now: number, settings: PanelSettings): void {
    this.terms = terms;
    this.podNames = new Set(pods.map((p) => p.name));
    this.settings = settings;
    this.draw(now, settings);
  }

  /** The old holders' fates (from the follow); shown under their ended terms at the next render. */
  setFates(fates: readonly TermFate[] | undefined): void {
    this.fates = fates;
  }

  /** The Lease server's record of the Lease (null: none kept); shown with the follow's terms. */
  setHealth(detail: HealthDetail | null, now: number, settings: PanelSettings): void {
    this.health = detail;
    this.draw(now, this.settings ?? settings);
  }

  /** How many terms the history shows. */
  termCount(): number {
    return historyRows(this.terms, this.health?.terms).length;
  }

  private draw(now: number, settings: PanelSettings): void {
    const all = historyRows(this.terms, this.health?.terms);
    const rows: HTMLTableRowElement[] = [];
    const shown = new Set<string>();
    const drawn = new Map<string, { shows: string; el: HTMLTableRowElement }>();
    const reuse = (key: string, shows: string, make: () => HTMLTableRowElement): HTMLTableRowElement => {
      const kept = this.drawn.get(key);
      const el = kept !== undefined && kept.shows === shows ? kept.el : make();
      drawn.set(key, { shows, el });
      return el;
    };
    for (let i = all.length - 1; i >= 0; i--) {
      const term = all[i];
      const latest = i === all.length - 1;
      const termKey = `term\u0000${term.holder}\u0000${term.acquiredAt ?? ''}`;
      const hostname = parseHolderIdentity(term.holder).hostname;
      const shows = JSON.stringify([term, latest, hostname !== undefined && this.podNames.has(hostname)]);
      rows.push(reuse(termKey, shows, () => this.row(term, latest, this.podNames, now)));
      const fate = findFate(this.fates, term.holder, term.acquiredAt);
      if (fate) {
        const key = termFateKey(fate);
        shown.add(key);
        rows.push(
          reuse(`fate\u0000${key}`, JSON.stringify(fate), () =>
            fateRow(fate, now, 6, {
              open: this.openFates.has(key),
              onToggle: (open) => (open ? this.openFates.add(key) : this.openFates.delete(key)),
            }),
          ),
        );
      }
    }
    this.drawn = drawn;
    for (const key of this.openFates) {
      if (!shown.has(key)) {
        this.openFates.delete(key);
      }
    }
    const same = rows.length === this.body.children.length && rows.every((row, index) => this.body.children[index] === row);
    if (!same) {
      replace(this.body, ...rows);
    }
    show(this.table, all.length > 0);
    show(this.empty, all.length === 0);
    const flags = this.health?.row.flags ?? [];
    replace(this.flags, ...flagBadges(flags, settings));
    show(this.flags, flags.length > 0);
    this.refreshFlapping(now, settings);
  }

  /** The flapping window slides with time: called every second. */
  refreshFlapping(now: number, settings: PanelSettings): void {
    // Counted over the whole history shown (the record's terms from before the follow too), as the Health view counts.
    const terms = historyRows(this.terms, this.health?.terms).map(({ holder, acquiredAt, transitions, renewals }) => ({
      holder,
      acquiredAt,
      transitions,
      renewals,
    }));
    const changes = flappingCount(terms, now, settings.flapWindowMinutes);
    const flapping = isFlapping(terms, now, settings.flapChanges, settings.flapWindowMinutes);
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

  private row(term: HistoryRow, latest: boolean, podNames: Set<string>, now: number): HTMLTableRowElement {
    const hostname = parseHolderIdentity(term.holder).hostname;
    const color = hostname && podNames.has(hostname) ? podColorClass(hostname) : '';
    const current = latest && term.end === undefined && term.lostAt === undefined;
    const endTag = h('span', { class: `end end-${term.end ?? 'unknown'}` }, term.end ? endLabels[term.end]() : '');
    const ended: Child[] =
      term.lostAt !== undefined
        ? [...when(term.lostAt, now), ' ', endTag]
        : term.end !== undefined
          ? [endTag]
          : current
            ? [h('span', { class: 'current-tag' }, t('current'))]
            : ['—'];
    const gap = term.gapBeforeMs;
    return h(
      'tr',
      {
        class: `${current ? 'term current' : 'term'}${term.source === 'events' ? ' from-events' : ''}`,
        attrs: { 'data-holder': term.holder, 'data-end': term.end, 'data-source': term.source },
      },
      h(
        'td',
        { class: 'term-holder', title: term.holder },
        h('span', { class: `holder ${color}` }, shortHolder(term.holder) || t('(none)')),
        term.transitions !== undefined
          ? h('span', { class: 'muted transitions', title: t('leaseTransitions when the term began') }, ` #${count(term.transitions)}`)
          : null,
        term.source === 'events'
          ? h(
              'span',
              {
                class: 'source-events',
                title: t('Known from the cluster’s LeaderElection Events only, from before Lease Lens watched this Lease'),
              },
              t('from Events'),
            )
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
