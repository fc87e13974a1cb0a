// Failover gaps over time: a bar at each term's start, as tall as the time without a leader before
// it, on the swimlane's time axis. The tallest gap's length labels the scale.
import type { HealthTerm } from '../../../src/shared/health';
import { formatDuration } from '../../../src/core/duration';
import { t } from '../../../src/shared/l10n';
import { clockTime } from '../../format';
import { chartFrame, linear, s, tooltip } from './svg';
import { timeAxis, timeRange } from './swimlane';

const width = 640;
const labelWidth = 150;
const height = 110;
const top = 8;
const plotBottom = 88;
const right = 8;

export function gapsChart(terms: readonly HealthTerm[], now: number, firstObservedAt?: number): HTMLElement {
  const gaps = terms.filter((term): term is HealthTerm & { gapBeforeMs: number } => term.gapBeforeMs !== undefined);
  const longest = Math.max(0, ...gaps.map((term) => term.gapBeforeMs));
  const last = gaps.at(-1);
  const summary =
    gaps.length === 0
      ? t('No failover gaps recorded.')
      : t(
          'Failover gaps: {0}; longest {1}, last {2} at {3}.',
          gaps.length,
          formatDuration(longest),
          formatDuration(last?.gapBeforeMs ?? 0),
          clockTime(last?.acquiredAt ?? now, now),
        );
  const { figure, svg } = chartFrame('gaps', width, height, t('Failover gaps'), summary);
  const [start, end] = timeRange(terms, now, firstObservedAt);
  const x = linear(start, end, labelWidth, width - right);
  const y = linear(0, longest > 0 ? longest : 1, plotBottom, top);
  svg.append(
    s(
      'text',
      { class: 'scale-label', x: labelWidth - 6, y: top + 4, 'text-anchor': 'end', 'dominant-baseline': 'middle' },
      formatDuration(longest),
    ),
    s(
      'text',
      { class: 'scale-label', x: labelWidth - 6, y: plotBottom, 'text-anchor': 'end', 'dominant-baseline': 'middle' },
      formatDuration(0),
    ),
  );
  for (const term of gaps) {
    const barTop = Math.min(y(term.gapBeforeMs), plotBottom - 1);
    svg.append(
      s(
        'rect',
        {
          class: `gap-bar${term.source === 'events' ? ' from-events' : ''}`,
          x: x(term.acquiredAt) - 2,
          y: barTop,
          width: 4,
          height: plotBottom - barTop,
        },
        tooltip(t('{0} without a leader before {1}', formatDuration(term.gapBeforeMs), clockTime(term.acquiredAt, now))),
      ),
    );
  }
  svg.append(timeAxis(start, end, x, plotBottom, now));
  return figure;
}
