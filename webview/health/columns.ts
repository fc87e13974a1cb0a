// The Health table's columns: heading, tooltip, and how a cell shows a row. Cells are text (cluster
// strings already clipped in viewRow.ts) or flag badges. `live` cells change with time (state,
// time left) and are refreshed every second; the others only when their row changes.
import type { HealthFlag } from '../../src/shared/health';
import { formatDuration } from '../../src/core/duration';
import { formatNumber, t } from '../../src/shared/l10n';
import { replace, setClass, setText } from '../dom';
import { flagBadges, type FlapRule } from '../flagBadges';
import { clockTime, isoTime } from '../format';
import { liveState, stateLabel, timeLeftText } from './liveState';
import type { ColumnId } from './sortFilter';
import type { ViewRow } from './viewRow';

/** client-go's renew deadline is 2/3 of the lease duration (10 s of 15 s). */
export const renewDeadlineRatio = 2 / 3;

export interface CellContext {
  now: number;
  rule: FlapRule;
}

export interface Column {
  id: ColumnId;
  label: () => string;
  title?: () => string;
  /** Right-aligned numbers. */
  numeric?: boolean;
  /** Changes with time: redrawn every second. */
  live?: boolean;
  fill(cell: HTMLElement, row: ViewRow, context: CellContext): void;
}

/** "2.4s", "850ms", "1m 05s": one decimal below a minute, where renew intervals live. */
export function shortDuration(ms: number): string {
  if (ms >= 1000 && ms < 60_000) {
    return t('{0}s', formatNumber(Math.round(ms / 100) / 10));
  }
  return formatDuration(ms);
}

function optionalDuration(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDuration(ms);
}

function text(cell: HTMLElement, value: string, title?: string): void {
  setText(cell, value);
  if (title !== undefined) {
    cell.title = title;
  } else if (cell.hasAttribute('title')) {
    cell.removeAttribute('title');
  }
}

/** The name as a link that follows the Lease (a click elsewhere in the row only selects it). */
function followLink(cell: HTMLElement, name: string, lock: string | undefined): void {
  let link = cell.firstElementChild as HTMLElement | null;
  if (link === null || !link.classList.contains('follow-link')) {
    link = document.createElement('span');
    link.className = 'follow-link';
    link.setAttribute('role', 'link');
    cell.replaceChildren(link);
  }
  setText(link, name);
  link.title = t('Follow {0}', name);
  // The lock kind (issue 17), so that ConfigMap and Endpoints locks are told apart from Leases.
  let marker = link.nextElementSibling as HTMLElement | null;
  if (lock === undefined) {
    marker?.remove();
    return;
  }
  if (marker === null) {
    marker = document.createElement('span');
    marker.className = 'lock-marker';
    cell.append(marker);
  }
  setText(marker, lock);
  marker.title = t('Lock: {0}', lock);
}

function renewText(row: ViewRow): { value: string; late: boolean } {
  const { renewMedianMs, renewMaxMs, durationMs } = row.row;
  if (renewMedianMs === undefined && renewMaxMs === undefined) {
    return { value: '—', late: false };
  }
  const median = renewMedianMs === undefined ? '—' : shortDuration(renewMedianMs);
  const max = renewMaxMs === undefined ? '—' : shortDuration(renewMaxMs);
  const late = renewMaxMs !== undefined && durationMs !== undefined && renewMaxMs > durationMs * renewDeadlineRatio;
  return {
    value: durationMs === undefined ? `${median} / ${max}` : t('{0} / {1} of {2}', median, max, shortDuration(durationMs)),
    late,
  };
}

export const columns: readonly Column[] = [
  { id: 'context', label: () => t('Context'), fill: (cell, row) => text(cell, row.context, row.context) },
  { id: 'namespace', label: () => t('Namespace'), fill: (cell, row) => text(cell, row.namespace, row.namespace) },
  { id: 'name', label: () => t('Name'), fill: (cell, row) => followLink(cell, row.name, row.lock) },
  {
    id: 'state',
    label: () => t('State'),
    live: true,
    fill: (cell, row, { now }) => {
      const live = liveState(row.row, now);
      if (cell.dataset.state !== live.state) {
        cell.dataset.state = live.state;
      }
      const since = row.row.unknownSince;
      text(
        cell,
        live.state === 'unknown' && since !== undefined ? t('unknown since {0}', clockTime(since, now)) : stateLabel(live.state),
        since !== undefined ? isoTime(since) : undefined,
      );
    },
  },
  {
    id: 'holder',
    label: () => t('Holder'),
    fill: (cell, row) => text(cell, row.holder || '—', row.holderFull || undefined),
  },
  {
    id: 'timeLeft',
    label: () => t('Time left'),
    title: () => t('renewTime + leaseDurationSeconds − now'),
    numeric: true,
    live: true,
    fill: (cell, row, { now }) => {
      const live = liveState(row.row, now);
      const forLife = row.row.lock === 'leader-for-life' && live.state === 'held';
      text(cell, live.state === 'unknown' || live.state === 'deleted' ? '—' : forLife ? t('never expires') : timeLeftText(live));
    },
  },
  {
    id: 'transitions',
    label: () => t('Changes (hour / day)'),
    title: () => t('Leadership changes within the last hour and the last day'),
    numeric: true,
    fill: (cell, row) => text(cell, `${formatNumber(row.row.transitionsHour)} / ${formatNumber(row.row.transitionsDay)}`),
  },
  {
    id: 'lastGap',
    label: () => t('Last gap'),
    title: () => t('Time without a leader before the current term'),
    numeric: true,
    fill: (cell, row) => text(cell, optionalDuration(row.row.lastGapMs)),
  },
  {
    id: 'longestGap',
    label: () => t('Longest gap'),
    title: () => t('Longest time without a leader in the record'),
    numeric: true,
    fill: (cell, row) => text(cell, optionalDuration(row.row.longestGapMs)),
  },
  {
    id: 'renew',
    label: () => t('Renew (median / max)'),
    title: () => t('Renew intervals of the current term against the lease duration; late above 2/3 of it (client-go’s renew deadline)'),
    numeric: true,
    fill: (cell, row) => {
      const renew = renewText(row);
      text(cell, renew.value);
      setClass(cell, 'late', renew.late);
    },
  },
  {
    id: 'flags',
    label: () => t('Flags'),
    fill: (cell, row, { rule }) => {
      const signature = row.row.flags.join(' ');
      if (cell.dataset.flags !== signature || cell.childElementCount !== row.row.flags.length) {
        cell.dataset.flags = signature;
        replace(cell, ...flagBadges(row.row.flags as HealthFlag[], rule));
      }
    },
  },
];
