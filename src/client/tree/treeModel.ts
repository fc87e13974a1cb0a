// The Leases view as data: which rows exist, their labels, descriptions, icons, tooltips (as
// markdown text), contextValues, order and ids, built from the lease cache by the table of row
// kinds (rowKinds.ts); and which rows a change touches, whether of the cache (treeChanges.ts) or
// of the view's own inputs (filter, followed Leases, options). Imports nothing from vscode so that
// it is tested with plain node:test; leaseTreeProvider.ts maps its rows to vscode.TreeItems.
import { nodeLeaseNamespace } from '../../shared/constants';
import type { LeaseKey, NodeLeaseMode } from '../../shared/types';
import type { CacheChange, LeaseCache } from '../leases/leaseCache';
import { holderOf, leaseDescription } from './leaseRow';
import { healthDescription } from '../health/healthDecoration';
import type { HealthFlag } from '../../shared/health';
import { parseLeaseFilter } from './leaseFilter';
import { rootChildren, rowKind } from './rowKinds';
import { treeChange } from './treeChanges';
import { parseTreeId, treeId } from './treeIds';
import { allChanged, noChange, type TreeChange, type TreeRow } from './treeRow';
import { TreeScope, type TreeModelOptions } from './treeScope';

export type { RowAction, RowIcon, RowKind, TreeChange, TreeRow } from './treeRow';
export type { TreeModelOptions } from './treeScope';
export { noChange } from './treeRow';

export class LeaseTreeModel {
  private readonly scope: TreeScope;

  constructor(
    readonly cache: LeaseCache,
    options: TreeModelOptions,
  ) {
    this.scope = new TreeScope(cache, { ...options });
  }

  // ---- inputs ------------------------------------------------------------------------------

  /** The rows a change of the cache touches (call it for every change, in order). */
  changed(change: CacheChange): TreeChange {
    return treeChange(this.scope, change);
  }

  /** Sets the filter text (blank clears it); answers the change. */
  setFilter(text: string): TreeChange {
    const next = parseLeaseFilter(text);
    if (next?.text === this.scope.filter?.text) {
      return noChange;
    }
    this.scope.filter = next;
    return allChanged;
  }

  setFollowed(keys: Iterable<LeaseKey>): TreeChange {
    const followed = this.scope.followed;
    const next = new Set(keys);
    const changed: string[] = [];
    for (const key of new Set([...next, ...followed])) {
      if (next.has(key) !== followed.has(key)) {
        const lease = this.cache.lease(key);
        if (lease && this.cache.isShown(lease.context) && this.scope.leaseVisible(lease)) {
          changed.push(treeId.lease(key));
        }
      }
    }
    followed.clear();
    for (const key of next) {
      followed.add(key);
    }
    return { all: false, ids: changed, leases: [] };
  }

  /** Sets Leases' health flags (empty: healthy); answers the rows to redraw. */
  setHealthFlags(changes: Iterable<[LeaseKey, readonly HealthFlag[]]>): TreeChange {
    const changed: string[] = [];
    for (const [key, flags] of changes) {
      if (flags.length === 0) {
        this.scope.healthFlags.delete(key);
      } else {
        this.scope.healthFlags.set(key, [...flags]);
      }
      const lease = this.cache.lease(key);
      if (lease && this.cache.isShown(lease.context) && this.scope.leaseVisible(lease)) {
        changed.push(treeId.lease(key));
      }
    }
    return changed.length === 0 ? noChange : { all: false, ids: changed, leases: [] };
  }

  setOptions(options: Partial<TreeModelOptions>): TreeChange {
    const before = this.scope.options;
    const next = { ...before, ...options };
    this.scope.options = next;
    return next.nodeLeases === before.nodeLeases && next.expiringSeconds === before.expiringSeconds ? noChange : allChanged;
  }

  // ---- queries -----------------------------------------------------------------------------

  get filterText(): string | undefined {
    return this.scope.filter?.text;
  }

  get nodeLeaseMode(): NodeLeaseMode {
    return this.scope.options.nodeLeases;
  }

  /** Ids of the rows under `parentId` (undefined: the root), in display order. */
  children(parentId?: string): string[] {
    if (parentId === undefined) {
      return rootChildren(this.scope);
    }
    const id = parseTreeId(parentId);
    return id ? rowKind(id).children(id, this.scope) : [];
  }

  parent(id: string): string | undefined {
    const parsed = parseTreeId(id);
    return parsed && rowKind(parsed).parent(parsed);
  }

  /** The row for an id, as of `now`; undefined when no such row exists any more. */
  row(id: string, now: number): TreeRow | undefined {
    const parsed = parseTreeId(id);
    const look = parsed && rowKind(parsed).look(parsed, this.scope, now);
    if (!parsed || !look) {
      return undefined;
    }
    const row: TreeRow = { id, kind: parsed.kind, ...look };
    if ('context' in parsed) {
      row.context = parsed.context;
    }
    if (parsed.kind === 'lease' || parsed.kind === 'candidate') {
      row.leaseKey = parsed.key;
    }
    return row;
  }

  /** The description of a row as of `now` (for the per-second refresh of countdowns). */
  description(id: string, now: number): string | undefined {
    const lease = this.cache.lease(id);
    if (lease) {
      const status = this.scope.statusOf(lease, now);
      return healthDescription(leaseDescription(lease, status, now), holderOf(lease, status), this.scope.healthOf(lease));
    }
    return this.row(id, now)?.description;
  }

  /** Lease rows under a namespace whose description counts time (never node heartbeat leases). */
  tickingLeaseIds(namespaceId: string): string[] {
    const parsed = parseTreeId(namespaceId);
    if (parsed?.kind !== 'namespace' || parsed.namespace === nodeLeaseNamespace || !this.cache.isShown(parsed.context)) {
      return [];
    }
    return this.scope
      .visibleLeases(parsed.context, parsed.namespace)
      .filter((l) => l.kind !== 'node')
      .map((l) => treeId.lease(l.key));
  }

  /** The tooltip of a row as markdown text: cluster strings escaped. */
  tooltip(id: string, now: number): string | undefined {
    const parsed = parseTreeId(id);
    return parsed && rowKind(parsed).tooltip(parsed, this.scope, now);
  }
}
