// The holder swimlane: one lane per holder (in the order they first held the Lease), each term a
// bar from its acquisition to its end (the current term open to now), coloured per holder. Gaps
// without a leader are the empty space between bars; terms known from Events only are dimmed and
// dashed. Axis: the first and last instants and one in between.
import type { HealthTerm } from '../../../src/shared/health';
import { shortHolder } from '../../../src/core/identity';
import { formatDuration } from '../../../src/core/duration';
import { clipText } from '../../../src/core/untrustedText';
import { t } from '../../../src/shared/l10n';
import { clockTime } from '../../format';
import { chartFrame, linear, s, tooltip } from './svg';

const width = 640;
const labelWidth = 170;
/** Longest lane label (code points); a longer one keeps its start and its distinctive end, the whole name is in the tooltip. */
const labelMax = 26;
const laneHeight = 20;
const top = 6;
const axisHeight = 20;
const right = 8;

const endWords: Record<NonNullable<HealthTerm['end']>, () => string> = {
  released: () => t('released'),
  expired: () => t('expired'),
  'taken-over': () => t('taken over'),
  deleted: () => t('deleted'),
  unknown: () => t('end unknown'),
};

export function termTooltip(term: HealthTerm, now: number): string {
  const holder = clipText(term.holder, 200) || t('(none)');
  const from = clockTime(term.acquiredAt, now);
  const until = term.lostAt === undefined ? t('now') : clockTime(term.lostAt, now);
  const how = term.end ? endWords[term.end]() : term.lostAt === undefined ? t('current') : '';
  const source = term.source === 'events' ? ` · ${t('from Events')}` : '';
  const lasted = formatDuration((term.lostAt ?? now) - term.acquiredAt);
  return `${holder}: ${from} – ${until} (${lasted}) ${how}${source}`.trim();
}

/** The chart's time range: from the first term (or first observation) to now. */
export function timeRange(terms: readonly HealthTerm[], now: number, firstObservedAt?: number): [number, number] {
  let start = firstObservedAt ?? now;
  for (const term of terms) {
    start = Math.min(start, term.acquiredAt - (term.gapBeforeMs ?? 0));
  }
  const end = Math.max(now, ...terms.map((term) => term.lostAt ?? term.acquiredAt));
  return [start, end > start ? end : start + 1000];
}

export function swimlane(terms: readonly HealthTerm[], colors: Map<string, string>, now: number, firstObservedAt?: number): HTMLElement {
  const holders = [...colors.keys()];
  const height = top + Math.max(1, holders.length) * laneHeight + axisHeight;
  const [start, end] = timeRange(terms, now, firstObservedAt);
  const x = linear(start, end, labelWidth, width - right);
  const fromEvents = terms.filter((term) => term.source === 'events').length;
  const summary = t(
    'Terms: {0}, holders: {1}, known from Events only: {2}, from {3} to {4}.',
    terms.length,
    holders.length,
    fromEvents,
    clockTime(start, now),
    clockTime(end, now),
  );
  const { figure, svg } = chartFrame('swimlane', width, height, t('Holders over time'), summary);

  holders.forEach((holder, lane) => {
    const y = top + lane * laneHeight;
    svg.append(
      s('rect', { class: 'lane', x: labelWidth, y, width: width - right - labelWidth, height: laneHeight }),
      s(
        'text',
        {
          class: `lane-label ${colors.get(holder) ?? ''}`,
          x: labelWidth - 6,
          y: y + laneHeight / 2,
          'text-anchor': 'end',
          'dominant-baseline': 'middle',
        },
        tooltip(holder),
        laneLabel(holder) || t('(none)'),
      ),
    );
  });
  for (const term of terms) {
    const lane = holders.indexOf(term.holder);
    const x0 = x(term.acquiredAt);
    const x1 = x(term.lostAt ?? now);
    const classes = ['term-segment', colors.get(term.holder) ?? 'holder-0'];
    if (term.source === 'events') {
      classes.push('from-events');
    }
    if (term.lostAt === undefined) {
      classes.push('open');
    }
    svg.append(
      s(
        'rect',
        {
          class: classes.join(' '),
          x: x0,
          y: top + Math.max(0, lane) * laneHeight + 3,
          width: Math.max(1.5, x1 - x0),
          height: laneHeight - 6,
          rx: 2,
          'data-holder-index': String(Math.max(0, lane)),
        },
        tooltip(termTooltip(term, now)),
      ),
    );
  }
  svg.append(timeAxis(start, end, x, top + Math.max(1, holders.length) * laneHeight, now));
  return figure;
}

/** A holder's lane label: its short form, middle-elided to fit the label column (pod names differ at their end). */
export function laneLabel(holder: string): string {
  const points = [...shortHolder(holder)];
  return points.length <= labelMax ? points.join('') : `${points.slice(0, 9).join('')}…${points.slice(-(labelMax - 10)).join('')}`;
}

/** A time axis: a line and three labelled ticks. */
export function timeAxis(start: number, end: number, x: (v: number) => number, y: number, now: number): SVGGElement {
  const axis = s('g', { class: 'axis' }, s('line', { x1: x(start), x2: x(end), y1: y, y2: y }));
  const ticks: Array<[number, string]> = [
    [start, 'start'],
    [(start + end) / 2, 'middle'],
    [end, 'end'],
  ];
  for (const [at, anchor] of ticks) {
    axis.append(
      s('line', { x1: x(at), x2: x(at), y1: y, y2: y + 4 }),
      s('text', { x: x(at), y: y + 15, 'text-anchor': anchor }, clockTime(at, now)),
    );
  }
  return axis;
}
