// Every kind of row of the Leases view in one table: per kind, its parent, its children, how it
// looks (label, description, icon, contextValue, collapsible state, click) and its tooltip, all
// read from the lease cache through the view's scope. The tree model only dispatches on the
// table. Pure.
//
// Shape: [server status] [kubeconfig problems] contexts (current first, then by name)
//          → [messages] namespaces (by name, kube-node-lease last) | forbidden namespaces
//              → leases (by name)
import { nodeLeaseNamespace } from '../../shared/constants';
import { namespaceOrder } from '../leases/leaseCache';
import { contextContextValue, contextDescription, contextIcon, contextTooltip, isFailed, isLoading } from './contextRow';
import { holderOf, leaseContextValue, leaseDescription, leaseIcon, leaseTooltip } from './leaseRow';
import { healthDescription, healthIcon, healthTooltip } from '../health/healthDecoration';
import { escapeMarkdown } from './markdown';
import { candidateLook, candidatesOf, candidateTooltip } from './lockRow';
import { coordinatedPick } from '../../core/coordinatedElection';
import {
  contextMessageLook,
  contextMessageTooltip,
  forbiddenLook,
  forbiddenTooltip,
  noContextsLook,
  nodeCountTooltip,
  problemLook,
  problemTooltip,
  serverLook,
  serverTooltip,
} from './messageRows';
import { treeId, type TreeId } from './treeIds';
import type { RowKind, RowLook } from './treeRow';
import type { TreeScope } from './treeScope';
import { t, tn } from '../../shared/l10n';

type IdOf<K extends RowKind> = Extract<TreeId, { kind: K }>;

export interface RowKindSpec<K extends RowKind> {
  /** The parent row's id; undefined: a root row. */
  parent(id: IdOf<K>): string | undefined;
  /** Ids of the rows under this one, in display order. */
  children(id: IdOf<K>, scope: TreeScope): string[];
  /** How the row looks as of `now`; undefined when no such row exists (any more). */
  look(id: IdOf<K>, scope: TreeScope, now: number): RowLook | undefined;
  /** The tooltip as markdown text, every cluster string escaped. */
  tooltip(id: IdOf<K>, scope: TreeScope, now: number): string | undefined;
}

const root = (): undefined => undefined;
const underContext = (id: { context: string }): string => treeId.context(id.context);
const none = (): string[] => [];

export const rowKinds: { readonly [K in RowKind]: RowKindSpec<K> } = {
  server: {
    parent: root,
    children: none,
    look: (_id, scope) => serverLook(scope.cache.serverStatus),
    tooltip: (_id, scope) => serverTooltip(scope.cache.serverStatus),
  },
  'no-contexts': {
    parent: root,
    children: none,
    look: (_id, scope) => noContextsLook((scope.cache.kubeconfigState?.contexts.length ?? 0) > 0),
    tooltip: () => undefined,
  },
  problem: {
    parent: root,
    children: none,
    look: (id, scope) => {
      const problem = scope.cache.kubeconfigState?.problems[id.index];
      return problem && problemLook(problem);
    },
    tooltip: (id, scope) => {
      const problem = scope.cache.kubeconfigState?.problems[id.index];
      return problem && problemTooltip(problem);
    },
  },
  context: {
    parent: root,
    children: (id, scope) => contextChildren(id.context, scope),
    look: (id, scope) => {
      const state = scope.cache.contextState(id.context);
      if (!state || !scope.cache.isShown(id.context)) {
        return undefined;
      }
      return {
        label: id.context,
        description: contextDescription(state),
        icon: contextIcon(state),
        contextValue: contextContextValue(state),
        collapsible: state.current ? 'expanded' : 'collapsed',
      };
    },
    tooltip: (id, scope, now) => {
      const state = scope.cache.contextState(id.context);
      return state && contextTooltip(state, now);
    },
  },
  message: {
    parent: underContext,
    children: none,
    look: (id, scope) => {
      const state = scope.cache.contextState(id.context);
      return state && contextMessageLook(state, id.message, scope.filter?.text);
    },
    tooltip: (id, scope) => {
      const state = scope.cache.contextState(id.context);
      return state && contextMessageTooltip(state);
    },
  },
  namespace: {
    parent: underContext,
    children: (id, scope) => scope.visibleLeases(id.context, id.namespace).map((l) => treeId.lease(l.key)),
    look: (id, scope) => {
      const node = id.namespace === nodeLeaseNamespace;
      if (!scope.cache.namespaces(id.context) || !scope.cache.isShown(id.context) || (node && scope.options.nodeLeases !== 'shown')) {
        return undefined;
      }
      const n = scope.visibleCount(id.context, id.namespace);
      if (n === 0) {
        return undefined;
      }
      return {
        label: id.namespace,
        description: node ? tn(n, '{0} node lease|{0} node leases') : tn(n, '{0} lease|{0} leases'),
        icon: { id: 'symbol-namespace' },
        contextValue: node ? 'namespace.node' : 'namespace',
        collapsible: !node && scope.namespacesOpen(id.context) ? 'expanded' : 'collapsed',
      };
    },
    tooltip: (id, scope) => {
      const n = scope.visibleLeases(id.context, id.namespace).length;
      return t('**{0}** in context {1}: {2}', escapeMarkdown(id.namespace), escapeMarkdown(id.context), tn(n, '{0} Lease|{0} Leases'));
    },
  },
  'node-count': {
    parent: underContext,
    children: none,
    look: (id, scope) => {
      if (!scope.cache.namespaces(id.context) || !scope.cache.isShown(id.context) || !scope.countRowShown(id.context)) {
        return undefined;
      }
      return {
        label: nodeLeaseNamespace,
        description: tn(scope.nodeLeaseCount(id.context), '{0} node lease|{0} node leases'),
        icon: { id: 'symbol-namespace', color: 'disabledForeground' },
        contextValue: 'namespace.node.counted',
        collapsible: 'none',
      };
    },
    tooltip: () => nodeCountTooltip(),
  },
  forbidden: {
    parent: underContext,
    children: none,
    look: (id) => forbiddenLook(id.namespace),
    tooltip: (id) => forbiddenTooltip(id.context, id.namespace),
  },
  lease: {
    parent: (id) => treeId.namespace(id.context, id.namespace),
    children: (id, scope) => candidatesOf(scope.cache.lease(id.key)).map((c) => treeId.candidate(id.key, c.name)),
    look: (id, scope, now) => {
      const lease = scope.cache.lease(id.key);
      if (!lease || !scope.cache.isShown(lease.context) || !scope.leaseVisible(lease)) {
        return undefined;
      }
      const status = scope.statusOf(lease, now);
      const health = scope.healthOf(lease);
      return {
        label: lease.name,
        description: healthDescription(leaseDescription(lease, status, now), holderOf(lease, status), health),
        icon: healthIcon(leaseIcon(lease, status), health),
        contextValue: leaseContextValue(lease, scope.followed.has(id.key)),
        collapsible: (lease.candidates?.length ?? 0) > 0 ? 'collapsed' : 'none',
      };
    },
    tooltip: (id, scope, now) => {
      const lease = scope.cache.lease(id.key);
      if (!lease) {
        return undefined;
      }
      const health = healthTooltip(scope.healthOf(lease));
      const tooltip = leaseTooltip(lease, scope.statusOf(lease, now), now, scope.followed.has(id.key));
      return health ? `${health}\n\n${tooltip}` : tooltip;
    },
  },
  candidate: {
    parent: (id) => treeId.lease(id.key),
    children: none,
    look: (id, scope, now) => {
      const lease = scope.cache.lease(id.key);
      const candidate = lease?.candidates?.find((c) => c.name === id.candidate);
      if (!lease || !candidate || !scope.cache.isShown(lease.context) || !scope.leaseVisible(lease)) {
        return undefined;
      }
      return { ...candidateLook(candidate, coordinatedPick(lease.spec, lease.candidates, now), now), collapsible: 'none' };
    },
    tooltip: (id, scope, now) => {
      const lease = scope.cache.lease(id.key);
      const candidate = lease?.candidates?.find((c) => c.name === id.candidate);
      return lease && candidate && candidateTooltip(lease, candidate, coordinatedPick(lease.spec, lease.candidates, now), now);
    },
  },
};

/** The entry of the table for an id's kind. */
export function rowKind(id: TreeId): RowKindSpec<RowKind> {
  // Each entry takes the ids of its own kind; `id.kind` picks that entry.
  return rowKinds[id.kind] as RowKindSpec<RowKind>;
}

/**
 * The root rows: the server's status unless it runs, kubeconfig problems, the shown contexts. None
 * in Restricted Mode: the view's welcome content says why Lease Lens is off.
 */
export function rootChildren(scope: TreeScope): string[] {
  const rows: string[] = [];
  const cache = scope.cache;
  if (cache.serverStatus.state === 'untrusted') {
    return rows;
  }
  if (cache.serverStatus.state !== 'running') {
    rows.push(treeId.server);
  }
  const k = cache.kubeconfigState;
  if (!k) {
    return rows;
  }
  k.problems.forEach((_, index) => rows.push(treeId.problem(index)));
  if (cache.noKubeconfig) {
    return rows;
  }
  const shown = cache.shownContexts();
  if (shown.length === 0) {
    rows.push(treeId.noContexts);
  }
  rows.push(...shown.map((c) => treeId.context(c.context)));
  return rows;
}

/** [error, hint] namespaces, node count and forbidden namespaces in namespace order | [loading, empty, no match] */
function contextChildren(context: string, scope: TreeScope): string[] {
  const state = scope.cache.contextState(context);
  const held = scope.cache.namespaces(context);
  if (!state || !held || !scope.cache.isShown(context)) {
    return [];
  }
  const rows: string[] = [];
  if (isFailed(state)) {
    rows.push(treeId.message(context, 'error'));
    if (state.hint) {
      rows.push(treeId.message(context, 'hint'));
    }
  }
  const namespaces: Array<[string, string]> = [];
  for (const ns of held.keys()) {
    if (ns === nodeLeaseNamespace && scope.options.nodeLeases !== 'shown') {
      continue;
    }
    if (scope.visibleCount(context, ns) > 0) {
      namespaces.push([ns, treeId.namespace(context, ns)]);
    }
  }
  if (scope.countRowShown(context)) {
    namespaces.push([nodeLeaseNamespace, treeId.nodeCount(context)]);
  }
  if (!scope.filter) {
    for (const ns of state.forbiddenNamespaces) {
      if (!held.has(ns)) {
        namespaces.push([ns, treeId.forbidden(context, ns)]);
      }
    }
  }
  namespaces.sort((a, b) => namespaceOrder(a[0], b[0]));
  if (namespaces.length === 0 && !isFailed(state)) {
    if (isLoading(state)) {
      rows.push(treeId.message(context, 'loading'));
    } else {
      rows.push(treeId.message(context, scope.filter ? 'no-match' : 'empty'));
    }
  }
  rows.push(...namespaces.map(([, id]) => id));
  return rows;
}
