// The fate of an ended term's old holder, under its row of the leadership history: one line
// ("expired: pod OOMKilled at 15:20:11 (exit 137), restarted") that expands to the evidence it
// rests on (pod, containers, node, Events, rollout, the last leadership log lines, notes). Every
// string is set as text, clipped.
import type { FateEvidenceSource, TermFate } from '../src/shared/fate';
import { fateLine } from '../src/core/leaderFate';
import { clipText } from '../src/core/untrustedText';
import { h } from './dom';
import { clockTime } from './format';
import { sameTermMs } from './historyRows';
import { t } from '../src/shared/l10n';

const LINE_MAX = 300;
const EVIDENCE_MAX = 400;
const MAX_EVIDENCE = 40;

const sourceLabels: Record<FateEvidenceSource, () => string> = {
  pod: () => t('pod'),
  container: () => t('container'),
  node: () => t('node'),
  event: () => t('Event'),
  rollout: () => t('rollout'),
  log: () => t('log'),
  note: () => t('note'),
};

/** The fate of the term of `holder` that began at `acquiredAt` (within the history's same-term slack). */
export function findFate(fates: readonly TermFate[] | undefined, holder: string, acquiredAt: number | undefined): TermFate | undefined {
  return fates?.find(
    (f) =>
      f.holder === holder &&
      (f.acquiredAt === acquiredAt ||
        (f.acquiredAt !== undefined && acquiredAt !== undefined && Math.abs(f.acquiredAt - acquiredAt) <= sameTermMs)),
  );
}

/** A history row spanning the table: the fate line, expandable to its evidence (`expanded`: its open state, kept by the caller across redraws). */
export function fateRow(
  fate: TermFate,
  now: number,
  columns: number,
  expanded?: { open: boolean; onToggle: (open: boolean) => void },
): HTMLTableRowElement {
  const time = (ms: number): string => clockTime(ms, now);
  const line = clipText(fateLine(fate, time), LINE_MAX);
  const items = fate.evidence
    .slice(0, MAX_EVIDENCE)
    .map((e) =>
      h(
        'li',
        { class: `fate-evidence-item fate-${e.source}`, attrs: { 'data-source': e.source } },
        h('span', { class: 'abs-time' }, e.at !== undefined ? time(e.at) : '—'),
        ' ',
        h('span', { class: 'fate-source muted' }, `[${sourceLabels[e.source]()}${e.previous ? ` · ${t('previous container')}` : ''}]`),
        ' ',
        h('span', { class: 'fate-text' }, clipText(e.text, EVIDENCE_MAX)),
      ),
    );
  const details = h(
    'details',
    { class: 'term-fate-details' },
    h('summary', { class: 'term-fate-line', title: t('What happened to the old holder’s pod around the end of its term') }, line),
    items.length > 0
      ? h('ul', { class: 'fate-evidence', attrs: { 'aria-label': t('Evidence') } }, ...items)
      : h('p', { class: 'muted' }, t('No evidence found.')),
    fate.settled ? null : h('p', { class: 'muted fate-pending' }, t('Still looking: a restart or Events may come later.')),
  );
  if (expanded) {
    details.open = expanded.open;
    details.addEventListener('toggle', () => expanded.onToggle(details.open));
  }
  return h(
    'tr',
    { class: 'term-fate', attrs: { 'data-holder': fate.holder, 'data-cause': fate.cause } },
    h('td', { attrs: { colspan: String(columns) } }, details),
  );
}
