// A coordinated election's LeaseCandidates (issue 17), in the panel: one row per candidate with
// its binary and emulation versions, ping and renew times and strategy, the one the strategy would
// pick marked (src/core/coordinatedElection.ts, the Kubernetes controller's rule), and why nothing
// is picked when nothing is. Cluster strings are set as text.
import type { LeaseInfo } from '../src/shared/types';
import { coordinatedPick } from '../src/core/coordinatedElection';
import { parseMicroTime } from '../src/core/microTime';
import { clipText } from '../src/core/untrustedText';
import { h, replace, setText, show, type Child } from './dom';
import { isoTime } from './format';
import { relativeSpan } from './relative';
import { t } from '../src/shared/l10n';

const maxCell = 253;

function timeCell(value: string | undefined, now: number): Child {
  const ms = parseMicroTime(value);
  if (ms === undefined) {
    return value ? clipText(value, maxCell) : '—';
  }
  const span = relativeSpan(ms, now);
  span.title = `${clipText(value ?? '', maxCell)} (${isoTime(ms)})`;
  return span;
}

export class CandidatesView {
  readonly root: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly table: HTMLElement;
  /** How many candidates are shown (the section's count). */
  shown = 0;

  constructor() {
    this.summary = h('p', { class: 'candidates-summary' });
    this.table = h('div', { class: 'candidates-table-wrap' });
    this.root = h('div', { class: 'candidates' }, this.summary, this.table);
  }

  /** Whether the Lease is a coordinated election (the section is shown). */
  static applies(lease: LeaseInfo | undefined): boolean {
    return lease !== undefined && ((lease.candidates?.length ?? 0) > 0 || !!lease.spec.strategy);
  }

  render(lease: LeaseInfo | undefined, now: number): void {
    const candidates = [...(lease?.candidates ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.shown = candidates.length;
    if (!lease) {
      replace(this.summary);
      replace(this.table);
      return;
    }
    const pick = coordinatedPick(lease.spec, candidates, now);
    setText(
      this.summary,
      pick.picked !== undefined
        ? t('Strategy {0} would pick {1}.', clipText(pick.strategy ?? '', maxCell), clipText(pick.picked, maxCell))
        : t('No pick: {0}.', pick.reason ?? ''),
    );
    show(this.table, candidates.length > 0);
    const head = h(
      'tr',
      undefined,
      ...[t('Name'), t('Binary version'), t('Emulation version'), t('Ping'), t('Renew'), t('Strategy')].map((label) =>
        h('th', { attrs: { scope: 'col' } }, label),
      ),
    );
    const rows = candidates.map((c) => {
      const verdict = pick.verdicts.find((v) => v.name === c.name);
      const picked = pick.picked === c.name;
      const name = h('th', { attrs: { scope: 'row' } }, clipText(c.name, maxCell));
      if (picked) {
        name.append(' ', h('span', { class: 'candidate-pick' }, t('strategy pick')));
      } else if (verdict && !verdict.eligible) {
        name.append(' ', h('span', { class: 'candidate-ineligible', title: verdict.reason }, t('not eligible')));
      }
      return h(
        'tr',
        { class: picked ? 'candidate-row picked' : 'candidate-row', attrs: { 'data-picked': picked ? 'true' : undefined } },
        name,
        h('td', undefined, c.binaryVersion ? clipText(c.binaryVersion, maxCell) : '—'),
        h('td', undefined, c.emulationVersion ? clipText(c.emulationVersion, maxCell) : '—'),
        h('td', undefined, timeCell(c.pingTime, now)),
        h('td', undefined, timeCell(c.renewTime, now)),
        h('td', undefined, c.strategy ? clipText(c.strategy, maxCell) : '—'),
      );
    });
    replace(
      this.table,
      h(
        'table',
        { class: 'candidates-table', attrs: { 'aria-label': t('Candidates') } },
        h('thead', undefined, head),
        h('tbody', undefined, ...rows),
      ),
    );
  }
}
