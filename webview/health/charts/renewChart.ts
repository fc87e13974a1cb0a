// Renew intervals of the current term against the lease duration: a point per interval (oldest
// left), a line at the duration (the Lease runs out) and one at 2/3 of it (client-go's renew
// deadline: a leader that has not renewed by then gives up). Points past the deadline are late.
import { formatDuration } from '../../../src/core/duration';
import { t } from '../../../src/shared/l10n';
import { renewDeadlineRatio, shortDuration } from '../columns';
import { chartFrame, linear, s, tooltip } from './svg';

const width = 640;
const labelWidth = 150;
const height = 120;
const top = 8;
const plotBottom = 104;
const right = 8;

export function renewChart(intervals: readonly number[], durationMs: number | undefined): HTMLElement {
  const deadline = durationMs === undefined ? undefined : durationMs * renewDeadlineRatio;
  const largest = Math.max(durationMs ?? 0, ...intervals);
  const sorted = [...intervals].sort((a, b) => a - b);
  const median = sorted.length === 0 ? undefined : sorted[Math.floor((sorted.length - 1) / 2)];
  const late = deadline === undefined ? 0 : intervals.filter((ms) => ms > deadline).length;
  const summary =
    intervals.length === 0
      ? t('No renewals recorded in the current term.')
      : t(
          'Renew intervals of the current term: {0}; median {1}, max {2}, late {3}; duration {4}, renew deadline {5}.',
          intervals.length,
          shortDuration(median ?? 0),
          shortDuration(sorted.at(-1) ?? 0),
          late,
          durationMs === undefined ? '—' : formatDuration(durationMs),
          deadline === undefined ? '—' : shortDuration(deadline),
        );
  const { figure, svg } = chartFrame('renew', width, height, t('Renew intervals'), summary);
  const y = linear(0, largest > 0 ? largest * 1.1 : 1, plotBottom, top);
  const x = linear(0, Math.max(1, intervals.length - 1), labelWidth + 6, width - right - 6);
  svg.append(s('line', { class: 'axis-line', x1: labelWidth, x2: width - right, y1: plotBottom, y2: plotBottom }));
  if (durationMs !== undefined) {
    svg.append(
      s(
        'line',
        { class: 'duration-line', x1: labelWidth, x2: width - right, y1: y(durationMs), y2: y(durationMs) },
        tooltip(t('Lease duration')),
      ),
      s(
        'text',
        { class: 'scale-label', x: labelWidth - 6, y: y(durationMs), 'text-anchor': 'end', 'dominant-baseline': 'middle' },
        t('duration {0}', formatDuration(durationMs)),
      ),
    );
  }
  if (deadline !== undefined) {
    svg.append(
      s(
        'line',
        { class: 'deadline-line', x1: labelWidth, x2: width - right, y1: y(deadline), y2: y(deadline) },
        tooltip(t('Renew deadline (2/3 of the duration)')),
      ),
      s(
        'text',
        { class: 'scale-label', x: labelWidth - 6, y: y(deadline), 'text-anchor': 'end', 'dominant-baseline': 'middle' },
        t('deadline {0}', shortDuration(deadline)),
      ),
    );
  }
  intervals.forEach((ms, i) => {
    svg.append(
      s(
        'circle',
        { class: deadline !== undefined && ms > deadline ? 'renew-point late' : 'renew-point', cx: x(i), cy: y(ms), r: 2.5 },
        tooltip(shortDuration(ms)),
      ),
    );
  });
  return figure;
}
