// Which rows of the Leases view a change of the lease cache touches: as few as possible, so that a
// renewal redraws one Lease row, a new namespace its context row, a kubeconfig change everything.
// Pure.
import { nodeLeaseNamespace } from '../../shared/constants';
import type { ContextState } from '../../shared/types';
import type { CacheChange, LeaseChange } from '../leases/cacheChange';
import { rowKind } from './rowKinds';
import { parseTreeId, treeId } from './treeIds';
import { allChanged, noChange, type TreeChange } from './treeRow';
import type { TreeScope } from './treeScope';

function sameState(a: ContextState, b: ContextState): boolean {
  return (
    a.phase === b.phase &&
    a.synced === b.synced &&
    a.current === b.current &&
    a.message === b.message &&
    a.hint === b.hint &&
    a.cluster === b.cluster &&
    a.user === b.user &&
    a.namespace === b.namespace &&
    a.server === b.server &&
    a.unknownSince === b.unknownSince &&
    a.forbiddenNamespaces.join('\n') === b.forbiddenNamespaces.join('\n')
  );
}

export function treeChange(scope: TreeScope, change: CacheChange): TreeChange {
  switch (change.kind) {
    case 'server':
    case 'shown-contexts':
      return change.changed ? allChanged : noChange;
    case 'kubeconfig':
      return allChanged;
    case 'watched':
      return noChange;
    case 'context-state':
      return stateChange(scope, change.context, change.before, change.after);
    case 'context-leases':
      return { all: false, ids: scope.cache.isShown(change.context) ? [treeId.context(change.context)] : [], leases: change.leases };
    case 'leases': {
      if (!scope.cache.isShown(change.context)) {
        return { all: false, ids: [], leases: change.leases };
      }
      return { all: false, ids: normalize(change.context, leaseRows(scope, change.context, change.changes)), leases: change.leases };
    }
  }
}

function stateChange(scope: TreeScope, context: string, before: ContextState, after: ContextState): TreeChange {
  if (!scope.cache.isShown(context)) {
    return noChange;
  }
  if (!sameState(before, after)) {
    return { all: false, ids: [treeId.context(context)], leases: [] };
  }
  if (before.nodeLeaseCount !== after.nodeLeaseCount && scope.options.nodeLeases === 'counted') {
    const stored = scope.storedNodeLeases(context);
    const had = scope.countRowShownWith(before.nodeLeaseCount, stored);
    const has = scope.countRowShownWith(after.nodeLeaseCount, stored);
    if (had && has) {
      return { all: false, ids: [treeId.nodeCount(context)], leases: [] };
    }
    return had === has ? noChange : { all: false, ids: [treeId.context(context)], leases: [] };
  }
  return noChange;
}

/**
 * The rows a batch's Lease changes touch. The cache holds the state after the whole batch; the
 * counts before each change (visible Leases per namespace, node leases held) are worked back
 * from it, then the changes are replayed in order.
 */
function leaseRows(scope: TreeScope, context: string, changes: LeaseChange[]): Set<string> {
  const visible = (lease: LeaseChange['before']): boolean => lease !== undefined && scope.leaseVisible(lease);
  const added = (c: LeaseChange): number =>
    c.namespace !== nodeLeaseNamespace ? 0 : c.before === undefined ? 1 : c.after === undefined ? -1 : 0;
  const counts = new Map<string, number>();
  let stored = scope.storedNodeLeases(context);
  for (const c of changes) {
    const count = counts.get(c.namespace) ?? scope.visibleCount(context, c.namespace);
    counts.set(c.namespace, count - Number(visible(c.after)) + Number(visible(c.before)));
    stored -= added(c);
  }
  const nodeCountSettled = scope.options.nodeLeases !== 'counted' || scope.cache.contextState(context)?.nodeLeaseCount !== undefined;
  const nodeLeaseCount = scope.cache.contextState(context)?.nodeLeaseCount;
  const ids = new Set<string>();
  for (const c of changes) {
    const was = visible(c.before);
    const is = visible(c.after);
    const countRowBefore = scope.countRowShownWith(nodeLeaseCount, stored);
    stored += added(c);
    if (was && is) {
      ids.add(treeId.lease(c.key));
    } else if (was !== is) {
      const before = counts.get(c.namespace) ?? 0;
      const after = before + Number(is) - Number(was);
      counts.set(c.namespace, after);
      ids.add(treeId.namespace(context, c.namespace));
      if ((before === 0) !== (after === 0)) {
        ids.add(treeId.context(context));
      }
    }
    if (added(c) !== 0 && !nodeCountSettled) {
      const countRowAfter = scope.countRowShownWith(nodeLeaseCount, stored);
      ids.add(countRowBefore === countRowAfter ? treeId.nodeCount(context) : treeId.context(context));
    }
  }
  return ids;
}

/** Drops ids that lie under another changed id: refreshing a row refreshes its subtree. */
function normalize(context: string, ids: Set<string>): string[] {
  const contextId = treeId.context(context);
  if (ids.has(contextId)) {
    return [contextId];
  }
  return [...ids].filter((id) => {
    const parsed = parseTreeId(id);
    const parent = parsed && rowKind(parsed).parent(parsed);
    return parent === undefined || !ids.has(parent);
  });
}
