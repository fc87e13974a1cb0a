// A HealthRow as the table shows it: cluster strings clipped once when the row arrives (one line,
// no control or bidi characters, bounded length: src/core/untrustedText.ts), the text the filter
// matches, and the values the columns sort by. Rows are replaced, never changed, so a row element
// that shows the same ViewRow need not be redrawn. Pure.
import type { HealthRow } from '../../src/shared/health';
import { healthFlagOrder } from '../../src/shared/health';
import { shortHolder } from '../../src/core/identity';
import { clipText } from '../../src/core/untrustedText';
import { expiresAt } from './liveState';
import { t } from '../../src/shared/l10n';

/** The lock's marker in the Name column: ConfigMap, Endpoints, for life; undefined for a Lease. */
export function lockMarker(lock: HealthRow['lock']): string | undefined {
  switch (lock) {
    case 'configmap':
      return t('ConfigMap');
    case 'endpoints':
      return t('Endpoints');
    case 'leader-for-life':
      return t('for life');
    default:
      return undefined;
  }
}

/** Longest context, namespace or name shown (code points). */
export const maxFieldLength = 253;
/** Longest holder identity kept for the tooltip and the filter. */
export const maxHolderLength = 256;

export interface ViewRow {
  row: HealthRow;
  key: string;
  context: string;
  namespace: string;
  name: string;
  /** The holder for display (hostname without client-go's UUID, at most 40 code points). */
  holder: string;
  /** The holder clipped, for the tooltip. */
  holderFull: string;
  /** Lower-case text the filter searches: context, namespace, name, holder. */
  search: string;
  expiresAt?: number;
  /** healthFlagOrder index of the worst flag (flags.length when none): the Flags column sorts by it. */
  worstFlag: number;
  /** The lock's marker (lockMarker), when not a Lease. */
  lock?: string;
}

/** A context, namespace or name as shown. */
export function clipField(text: string): string {
  return clipText(text, maxFieldLength);
}

export function toViewRow(row: HealthRow): ViewRow {
  const holderFull = clipText(row.holder, maxHolderLength);
  const context = clipField(row.context);
  const namespace = clipField(row.namespace);
  const name = clipField(row.name);
  const lock = lockMarker(row.lock);
  const ranks = row.flags.map((flag) => healthFlagOrder.indexOf(flag)).filter((i) => i >= 0);
  return {
    row,
    key: row.key,
    context,
    namespace,
    name,
    holder: shortHolder(row.holder),
    holderFull,
    search: `${context}\n${namespace}\n${name}\n${holderFull}${lock ? `\n${lock}` : ''}`.toLowerCase(),
    expiresAt: expiresAt(row),
    worstFlag: ranks.length > 0 ? Math.min(...ranks) : healthFlagOrder.length,
    ...(lock ? { lock } : {}),
  };
}
