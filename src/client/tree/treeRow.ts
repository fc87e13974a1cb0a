// The shapes the tree model answers with: a row (what one TreeItem shows, as plain data), and the
// rows a change affects. Pure.
import type { LeaseKey } from '../../shared/types';
import type { CommandId } from '../commands/commandIds';
import type { RowIcon } from './leaseRow';
import type { TreeId } from './treeIds';

export type { RowIcon } from './leaseRow';

export type RowAction = { kind: 'open-file'; file: string } | { kind: 'command'; command: CommandId };

export type RowKind = TreeId['kind'];

export interface TreeRow {
  id: string;
  kind: RowKind;
  label: string;
  description?: string;
  icon?: RowIcon;
  contextValue?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** What a click does, if anything. */
  action?: RowAction;
  /** For lease rows. */
  leaseKey?: LeaseKey;
  context?: string;
}

/** How a row looks: what a row kind builds; the model adds the id, kind, context and LeaseKey. */
export type RowLook = Pick<TreeRow, 'label' | 'description' | 'icon' | 'contextValue' | 'collapsible' | 'action'>;

export interface TreeChange {
  /** The root rows changed: refresh everything. */
  all: boolean;
  /** Rows to refresh, each with its subtree; no id lies under another. */
  ids: string[];
  /** Leases whose data changed, shown or not (for open documents). */
  leases: LeaseKey[];
}

export const noChange: TreeChange = Object.freeze({ all: false, ids: [], leases: [] }) as TreeChange;
export const allChanged: TreeChange = Object.freeze({ all: true, ids: [], leases: [] }) as TreeChange;
