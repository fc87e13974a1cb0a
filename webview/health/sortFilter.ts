// Which rows the table shows, in which order: the filter (words that must all appear in the
// context, namespace, name or holder; plain text, so no input can throw), "flagged only", and the
// sort by a column, ties broken by the LeaseKey so the order is stable. Values a row lacks sort
// last in either direction. Pure.
import type { ViewRow } from './viewRow';
import { stateRank, liveState } from './liveState';

export type ColumnId =
  'context' | 'namespace' | 'name' | 'state' | 'holder' | 'timeLeft' | 'transitions' | 'lastGap' | 'longestGap' | 'renew' | 'flags';

export const columnIds: readonly ColumnId[] = [
  'context',
  'namespace',
  'name',
  'state',
  'holder',
  'timeLeft',
  'transitions',
  'lastGap',
  'longestGap',
  'renew',
  'flags',
];

export function isColumnId(value: unknown): value is ColumnId {
  return typeof value === 'string' && (columnIds as readonly string[]).includes(value);
}

export interface SortOrder {
  column: ColumnId;
  descending: boolean;
}

export interface RowFilter {
  text: string;
  flaggedOnly: boolean;
}

/** The filter's words, lower case; empty: every row. */
export function filterWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
}

export function matchesFilter(row: ViewRow, words: readonly string[], flaggedOnly: boolean): boolean {
  if (flaggedOnly && row.row.flags.length === 0) {
    return false;
  }
  return words.every((word) => row.search.includes(word));
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

type SortValue = string | number | undefined;

function renewRatio(row: ViewRow): number | undefined {
  const { renewMaxMs, durationMs } = row.row;
  return renewMaxMs !== undefined && durationMs !== undefined && durationMs > 0 ? renewMaxMs / durationMs : renewMaxMs;
}

/** What a column sorts by (`now` only for State, whose rank moves with time). */
function sortValue(row: ViewRow, column: ColumnId, now: number): SortValue {
  switch (column) {
    case 'context':
      return row.context;
    case 'namespace':
      return row.namespace;
    case 'name':
      return row.name;
    case 'holder':
      return row.holder === '' ? undefined : row.holder;
    case 'state':
      return stateRank[liveState(row.row, now).state];
    case 'timeLeft':
      return row.expiresAt;
    case 'transitions':
      return row.row.transitionsHour * 1e6 + row.row.transitionsDay;
    case 'lastGap':
      return row.row.lastGapMs;
    case 'longestGap':
      return row.row.longestGapMs;
    case 'renew':
      return renewRatio(row);
    case 'flags':
      // Worst flag first, then more flags first: ascending puts the unhealthiest on top.
      return row.worstFlag * 100 - row.row.flags.length;
  }
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'string' && typeof b === 'string') {
    return collator.compare(a, b);
  }
  return (a as number) - (b as number);
}

/** The rows that pass the filter, sorted. */
export function sortAndFilter(rows: Iterable<ViewRow>, filter: RowFilter, order: SortOrder, now: number): ViewRow[] {
  const words = filterWords(filter.text);
  const shown: Array<{ row: ViewRow; value: SortValue }> = [];
  for (const row of rows) {
    if (matchesFilter(row, words, filter.flaggedOnly)) {
      shown.push({ row, value: sortValue(row, order.column, now) });
    }
  }
  const sign = order.descending ? -1 : 1;
  shown.sort((x, y) => {
    const a = x.value;
    const b = y.value;
    if (a === undefined || b === undefined) {
      if (a !== b) {
        return a === undefined ? 1 : -1;
      }
    } else {
      const c = compareValues(a, b);
      if (c !== 0) {
        return sign * c;
      }
    }
    return x.row.key < y.row.key ? -1 : x.row.key > y.row.key ? 1 : 0;
  });
  return shown.map((s) => s.row);
}
