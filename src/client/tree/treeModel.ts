// The Leases view as data: which rows exist, their labels, descriptions, icons, tooltips (as
// markdown text), contextValues, order and ids, and which rows each server message changes.
// Imports nothing from vscode (types from src/shared, logic from src/core) so that it is tested
// with plain node:test; leaseTreeProvider.ts maps its rows to vscode.TreeItems.
//
// Shape: [server status] [kubeconfig problems] contexts (current first, then by name)
//          → [messages] namespaces (by name, kube-node-lease last) | forbidden namespaces
//              → leases (by name)
import type { LeaseBatch, LeaseSnapshot } from '../../shared/protocol';
import type { ContextState, KubeconfigState, LeaseInfo, LeaseKey, NodeLeaseMode } from '../../shared/types';
import { parseLeaseKey } from '../../shared/types';
import {
  contextContextValue,
  contextDescription,
  contextIcon,
  contextTooltip,
  isFailed,
  isLoading,
} from './contextRow';
import { matchesLease, namespaceAllowed, parseLeaseFilter, type LeaseFilter } from './leaseFilter';
import { leaseContextValue, leaseDescription, leaseIcon, leaseTooltip, statusOf } from './leaseRow';
import { escapeMarkdown } from './markdown';
import {
  contextMessageRow,
  contextMessageTooltip,
  forbiddenRow,
  forbiddenTooltip,
  noContextsRow,
  nodeCountTooltip,
  problemRow,
  problemTooltip,
  serverRow,
  serverTooltip,
} from './messageRows';
import { nodeLeaseNamespace, parseTreeId, treeId } from './treeIds';
import { allChanged, noChange, type ServerStatus, type TreeChange, type TreeRow } from './treeRow';

export type { RowAction, RowIcon, RowKind, ServerStatus, TreeChange, TreeRow } from './treeRow';
export { noChange } from './treeRow';

export interface TreeModelOptions {
  nodeLeases: NodeLeaseMode;
  expiringSeconds: number;
  /** Contexts to show; empty: all. */
  contexts: readonly string[];
}

interface ContextEntry {
  state: ContextState;
  /** namespace → name → Lease */
  namespaces: Map<string, Map<string, LeaseInfo>>;
}

function initialState(context: string): ContextState {
  return { context, current: false, phase: 'idle', synced: false, forbiddenNamespaces: [] };
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function namespaceOrder(a: string, b: string): number {
  if (a === nodeLeaseNamespace || b === nodeLeaseNamespace) {
    return a === b ? 0 : a === nodeLeaseNamespace ? 1 : -1;
  }
  return byName(a, b);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}


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
    a.forbiddenNamespaces.join('\n') === b.forbiddenNamespaces.join('\n')
  );
}


export class LeaseTreeModel {
  private kubeconfig: KubeconfigState | undefined;
  private readonly entries = new Map<string, ContextEntry>();
  private filter: LeaseFilter | undefined;
  private readonly followed = new Set<LeaseKey>();
  private server: ServerStatus = { state: 'starting' };
  private options: TreeModelOptions;

  constructor(options: TreeModelOptions) {
    this.options = { ...options, contexts: [...options.contexts] };
  }

  // ---- inputs ------------------------------------------------------------------------------

  setServerStatus(status: ServerStatus): TreeChange {
    const same =
      status.state === this.server.state &&
      ('message' in status ? status.message : undefined) === ('message' in this.server ? this.server.message : undefined);
    this.server = status;
    return same ? noChange : allChanged;
  }

  setKubeconfig(state: KubeconfigState): TreeChange {
    this.kubeconfig = state;
    const names = new Set(state.contexts.map((c) => c.context));
    for (const name of [...this.entries.keys()]) {
      if (!names.has(name)) {
        this.entries.delete(name);
      }
    }
    for (const context of state.contexts) {
      const entry = this.entries.get(context.context);
      if (entry) {
        entry.state = context;
      } else {
        this.entries.set(context.context, { state: context, namespaces: new Map() });
      }
    }
    return allChanged;
  }

  setContextState(state: ContextState): TreeChange {
    const entry = this.entry(state.context);
    const old = entry.state;
    const hadCountRow = this.countRowShown(entry);
    entry.state = state;
    if (!this.isShown(state.context)) {
      return noChange;
    }
    if (!sameState(old, state)) {
      return { all: false, ids: [treeId.context(state.context)], leases: [] };
    }
    if (old.nodeLeaseCount !== state.nodeLeaseCount && this.options.nodeLeases === 'counted') {
      const hasCountRow = this.countRowShown(entry);
      if (hadCountRow && hasCountRow) {
        return { all: false, ids: [treeId.nodeCount(state.context)], leases: [] };
      }
      return hadCountRow === hasCountRow ? noChange : { all: false, ids: [treeId.context(state.context)], leases: [] };
    }
    return noChange;
  }

  applySnapshot(snapshot: LeaseSnapshot): TreeChange {
    const entry = this.entry(snapshot.context);
    const leases = this.keysOf(entry);
    entry.state = snapshot.state;
    entry.namespaces = new Map();
    for (const lease of snapshot.leases) {
      this.store(entry, lease);
      leases.push(lease.key);
    }
    return this.contextChanged(snapshot.context, leases);
  }

  applyBatch(batch: LeaseBatch): TreeChange {
    const context = batch.context;
    const entry = this.entry(context);
    if (batch.reset) {
      const leases = this.keysOf(entry);
      entry.namespaces = new Map();
      for (const delta of batch.deltas) {
        if (delta.type === 'upsert') {
          this.store(entry, delta.lease);
          leases.push(delta.lease.key);
        }
      }
      return this.contextChanged(context, leases);
    }
    const ids = new Set<string>();
    const leases: LeaseKey[] = [];
    for (const delta of batch.deltas) {
      if (delta.type === 'upsert') {
        if (delta.lease.context === context) {
          this.upsert(entry, delta.lease, ids);
          leases.push(delta.lease.key);
        }
      } else {
        const parsed = parseLeaseKey(delta.key);
        if (parsed && parsed.context === context && this.remove(entry, parsed.namespace, parsed.name, ids)) {
          leases.push(delta.key);
        }
      }
    }
    return this.isShown(context) ? this.normalize(context, ids, leases) : { all: false, ids: [], leases: unique(leases) };
  }

  /** Sets the filter text (blank clears it); answers the change. */
  setFilter(text: string): TreeChange {
    const next = parseLeaseFilter(text);
    if (next?.text === this.filter?.text) {
      return noChange;
    }
    this.filter = next;
    return allChanged;
  }

  setFollowed(keys: Iterable<LeaseKey>): TreeChange {
    const next = new Set(keys);
    const changed: string[] = [];
    for (const key of new Set([...next, ...this.followed])) {
      if (next.has(key) !== this.followed.has(key)) {
        const lease = this.lease(key);
        if (lease && this.isShown(lease.context) && this.leaseVisible(lease)) {
          changed.push(treeId.lease(key));
        }
      }
    }
    this.followed.clear();
    for (const key of next) {
      this.followed.add(key);
    }
    return { all: false, ids: changed, leases: [] };
  }

  setOptions(options: Partial<TreeModelOptions>): TreeChange {
    const next = { ...this.options, ...options };
    const same =
      next.nodeLeases === this.options.nodeLeases &&
      next.expiringSeconds === this.options.expiringSeconds &&
      next.contexts.join('\n') === this.options.contexts.join('\n');
    this.options = { ...next, contexts: [...next.contexts] };
    return same ? noChange : allChanged;
  }

  // ---- queries -----------------------------------------------------------------------------

  get filterText(): string | undefined {
    return this.filter?.text;
  }

  get nodeLeaseMode(): NodeLeaseMode {
    return this.options.nodeLeases;
  }

  /** The kubeconfig was read and names no file and no context: the view shows its welcome. */
  get noKubeconfig(): boolean {
    const k = this.kubeconfig;
    return k !== undefined && k.files.length === 0 && k.contexts.length === 0;
  }

  get kubeconfigState(): KubeconfigState | undefined {
    return this.kubeconfig;
  }

  /** Every context of the kubeconfig, current first. */
  allContexts(): ContextState[] {
    return [...(this.kubeconfig?.contexts ?? [])].sort((a, b) => this.contextOrder(a, b));
  }

  /** The contexts the view lists, current first, then by name. */
  shownContexts(): ContextState[] {
    const wanted = this.options.contexts;
    return this.allContexts()
      .filter((c) => wanted.length === 0 || wanted.includes(c.context))
      .map((c) => this.entries.get(c.context)?.state ?? c);
  }

  isShown(context: string): boolean {
    if (!this.kubeconfig?.contexts.some((c) => c.context === context)) {
      return false;
    }
    return this.options.contexts.length === 0 || this.options.contexts.includes(context);
  }

  contextState(context: string): ContextState | undefined {
    return this.entries.get(context)?.state;
  }

  lease(key: LeaseKey): LeaseInfo | undefined {
    const parsed = parseLeaseKey(key);
    return parsed && this.entries.get(parsed.context)?.namespaces.get(parsed.namespace)?.get(parsed.name);
  }

  /** Every Lease of the shown contexts except node heartbeat leases, by context, namespace, name. */
  leases(): LeaseInfo[] {
    const out: LeaseInfo[] = [];
    for (const context of this.shownContexts()) {
      const entry = this.entries.get(context.context);
      for (const ns of [...(entry?.namespaces.keys() ?? [])].sort(namespaceOrder)) {
        if (ns === nodeLeaseNamespace) {
          continue;
        }
        const leases = [...(entry?.namespaces.get(ns)?.values() ?? [])].filter((l) => l.kind !== 'node');
        out.push(...leases.sort((a, b) => byName(a.name, b.name)));
      }
    }
    return out;
  }

  /** Ids of the rows under `parentId` (undefined: the root), in display order. */
  children(parentId?: string): string[] {
    if (parentId === undefined) {
      return this.rootChildren();
    }
    const id = parseTreeId(parentId);
    if (!id) {
      return [];
    }
    if (id.kind === 'context') {
      return this.contextChildren(id.context);
    }
    if (id.kind === 'namespace') {
      return this.visibleLeases(id.context, id.namespace).map((l) => treeId.lease(l.key));
    }
    return [];
  }

  parent(id: string): string | undefined {
    const parsed = parseTreeId(id);
    switch (parsed?.kind) {
      case 'lease':
        return treeId.namespace(parsed.context, parsed.namespace);
      case 'namespace':
      case 'forbidden':
      case 'node-count':
      case 'message':
        return treeId.context(parsed.context);
      default:
        return undefined;
    }
  }

  /** The row for an id, as of `now`; undefined when no such row exists any more. */
  row(id: string, now: number): TreeRow | undefined {
    const parsed = parseTreeId(id);
    if (!parsed) {
      return undefined;
    }
    switch (parsed.kind) {
      case 'server':
        return serverRow(this.server);
      case 'no-contexts':
        return noContextsRow((this.kubeconfig?.contexts.length ?? 0) > 0);
      case 'problem': {
        const problem = this.kubeconfig?.problems[parsed.index];
        return problem && problemRow(parsed.index, problem);
      }
      case 'context':
        return this.contextRow(parsed.context);
      case 'message': {
        const state = this.entries.get(parsed.context)?.state;
        return state && contextMessageRow(state, parsed.message, this.filter?.text);
      }
      case 'namespace':
        return this.namespaceRow(parsed.context, parsed.namespace);
      case 'node-count':
        return this.nodeCountRow(parsed.context);
      case 'forbidden':
        return forbiddenRow(parsed.context, parsed.namespace);
      case 'lease':
        return this.leaseRow(parsed.key, now);
    }
  }

  /** The description of a row as of `now` (for the per-second refresh of countdowns). */
  description(id: string, now: number): string | undefined {
    const lease = this.lease(id);
    if (lease) {
      return leaseDescription(lease, statusOf(lease, now, this.options.expiringSeconds), now);
    }
    return this.row(id, now)?.description;
  }

  /** Lease rows under a namespace whose description counts time (never node heartbeat leases). */
  tickingLeaseIds(namespaceId: string): string[] {
    const parsed = parseTreeId(namespaceId);
    if (parsed?.kind !== 'namespace' || parsed.namespace === nodeLeaseNamespace || !this.isShown(parsed.context)) {
      return [];
    }
    return this.visibleLeases(parsed.context, parsed.namespace)
      .filter((l) => l.kind !== 'node')
      .map((l) => treeId.lease(l.key));
  }

  /** The tooltip of a row as markdown text: cluster strings escaped. */
  tooltip(id: string, now: number): string | undefined {
    const parsed = parseTreeId(id);
    if (!parsed) {
      return undefined;
    }
    switch (parsed.kind) {
      case 'lease': {
        const lease = this.lease(parsed.key);
        if (!lease) {
          return undefined;
        }
        const status = statusOf(lease, now, this.options.expiringSeconds);
        return leaseTooltip(lease, status, now, this.followed.has(parsed.key));
      }
      case 'context': {
        const state = this.entries.get(parsed.context)?.state;
        return state && contextTooltip(state, now);
      }
      case 'namespace': {
        const n = this.visibleLeases(parsed.context, parsed.namespace).length;
        return `**${escapeMarkdown(parsed.namespace)}** in context ${escapeMarkdown(parsed.context)}: ${plural(n, 'Lease')}`;
      }
      case 'node-count':
        return nodeCountTooltip();
      case 'forbidden':
        return forbiddenTooltip(parsed.context, parsed.namespace);
      case 'message': {
        const state = this.entries.get(parsed.context)?.state;
        return state && contextMessageTooltip(state);
      }
      case 'problem': {
        const problem = this.kubeconfig?.problems[parsed.index];
        return problem && problemTooltip(problem);
      }
      case 'server':
        return serverTooltip(this.server);
      case 'no-contexts':
        return undefined;
    }
  }

  // ---- rows --------------------------------------------------------------------------------

  private rootChildren(): string[] {
    const rows: string[] = [];
    if (this.server.state !== 'running') {
      rows.push(treeId.server);
    }
    const k = this.kubeconfig;
    if (!k) {
      return rows;
    }
    k.problems.forEach((_, index) => rows.push(treeId.problem(index)));
    if (this.noKubeconfig) {
      return rows;
    }
    const shown = this.shownContexts();
    if (shown.length === 0) {
      rows.push(treeId.noContexts);
    }
    rows.push(...shown.map((c) => treeId.context(c.context)));
    return rows;
  }

  private contextRow(context: string): TreeRow | undefined {
    const state = this.entries.get(context)?.state;
    if (!state || !this.isShown(context)) {
      return undefined;
    }
    return {
      id: treeId.context(context),
      kind: 'context',
      label: context,
      description: contextDescription(state),
      icon: contextIcon(state),
      contextValue: contextContextValue(state),
      collapsible: state.current ? 'expanded' : 'collapsed',
      context,
    };
  }

  private contextChildren(context: string): string[] {
    const entry = this.entries.get(context);
    if (!entry || !this.isShown(context)) {
      return [];
    }
    const state = entry.state;
    const rows: string[] = [];
    if (isFailed(state)) {
      rows.push(treeId.message(context, 'error'));
      if (state.hint) {
        rows.push(treeId.message(context, 'hint'));
      }
    }
    const namespaces: Array<[string, string]> = [];
    for (const ns of entry.namespaces.keys()) {
      if (ns === nodeLeaseNamespace && this.options.nodeLeases !== 'shown') {
        continue;
      }
      if (this.visibleCount(entry, ns) > 0) {
        namespaces.push([ns, treeId.namespace(context, ns)]);
      }
    }
    if (this.countRowShown(entry)) {
      namespaces.push([nodeLeaseNamespace, treeId.nodeCount(context)]);
    }
    if (!this.filter) {
      for (const ns of state.forbiddenNamespaces) {
        if (!entry.namespaces.has(ns)) {
          namespaces.push([ns, treeId.forbidden(context, ns)]);
        }
      }
    }
    namespaces.sort((a, b) => namespaceOrder(a[0], b[0]));
    if (namespaces.length === 0 && !isFailed(state)) {
      if (isLoading(state)) {
        rows.push(treeId.message(context, 'loading'));
      } else {
        rows.push(treeId.message(context, this.filter ? 'no-match' : 'empty'));
      }
    }
    rows.push(...namespaces.map(([, id]) => id));
    return rows;
  }

  private namespaceRow(context: string, namespace: string): TreeRow | undefined {
    const entry = this.entries.get(context);
    if (!entry || !this.isShown(context)) {
      return undefined;
    }
    const node = namespace === nodeLeaseNamespace;
    if (node && this.options.nodeLeases !== 'shown') {
      return undefined;
    }
    const n = this.visibleCount(entry, namespace);
    if (n === 0) {
      return undefined;
    }
    return {
      id: treeId.namespace(context, namespace),
      kind: 'namespace',
      label: namespace,
      description: node ? plural(n, 'node lease') : plural(n, 'lease'),
      icon: { id: 'symbol-namespace' },
      contextValue: node ? 'namespace.node' : 'namespace',
      collapsible: node ? 'collapsed' : 'expanded',
      context,
    };
  }

  private nodeCountRow(context: string): TreeRow | undefined {
    const entry = this.entries.get(context);
    if (!entry || !this.isShown(context) || !this.countRowShown(entry)) {
      return undefined;
    }
    return {
      id: treeId.nodeCount(context),
      kind: 'node-count',
      label: nodeLeaseNamespace,
      description: plural(this.nodeLeaseCount(entry), 'node lease'),
      icon: { id: 'symbol-namespace', color: 'disabledForeground' },
      contextValue: 'namespace.node.counted',
      collapsible: 'none',
      context,
    };
  }

  private leaseRow(key: LeaseKey, now: number): TreeRow | undefined {
    const lease = this.lease(key);
    if (!lease || !this.isShown(lease.context) || !this.leaseVisible(lease)) {
      return undefined;
    }
    const status = statusOf(lease, now, this.options.expiringSeconds);
    const followed = this.followed.has(key);
    return {
      id: treeId.lease(key),
      kind: 'lease',
      label: lease.name,
      description: leaseDescription(lease, status, now),
      icon: leaseIcon(lease, status),
      contextValue: leaseContextValue(lease, followed),
      collapsible: 'none',
      leaseKey: key,
      context: lease.context,
    };
  }

  // ---- helpers -----------------------------------------------------------------------------

  private contextOrder(a: ContextState, b: ContextState): number {
    const current = this.kubeconfig?.currentContext;
    const ac = a.current || a.context === current;
    const bc = b.current || b.context === current;
    if (ac !== bc) {
      return ac ? -1 : 1;
    }
    return byName(a.context, b.context);
  }

  private entry(context: string): ContextEntry {
    let entry = this.entries.get(context);
    if (!entry) {
      entry = { state: initialState(context), namespaces: new Map() };
      this.entries.set(context, entry);
    }
    return entry;
  }

  private keysOf(entry: ContextEntry): LeaseKey[] {
    const keys: LeaseKey[] = [];
    for (const leases of entry.namespaces.values()) {
      for (const lease of leases.values()) {
        keys.push(lease.key);
      }
    }
    return keys;
  }

  private store(entry: ContextEntry, lease: LeaseInfo): Map<string, LeaseInfo> {
    let leases = entry.namespaces.get(lease.namespace);
    if (!leases) {
      leases = new Map();
      entry.namespaces.set(lease.namespace, leases);
    }
    leases.set(lease.name, lease);
    return leases;
  }

  private namespaceListed(namespace: string): boolean {
    return namespace !== nodeLeaseNamespace || this.options.nodeLeases === 'shown';
  }

  private leaseVisible(lease: LeaseInfo): boolean {
    return this.namespaceListed(lease.namespace) && matchesLease(this.filter, lease);
  }

  private visibleLeases(context: string, namespace: string): LeaseInfo[] {
    const leases = this.entries.get(context)?.namespaces.get(namespace);
    if (!leases || !this.namespaceListed(namespace)) {
      return [];
    }
    return [...leases.values()].filter((l) => matchesLease(this.filter, l)).sort((a, b) => byName(a.name, b.name));
  }

  private visibleCount(entry: ContextEntry, namespace: string): number {
    const leases = entry.namespaces.get(namespace);
    if (!leases || !this.namespaceListed(namespace)) {
      return 0;
    }
    if (!this.filter) {
      return leases.size;
    }
    let n = 0;
    for (const lease of leases.values()) {
      if (matchesLease(this.filter, lease)) {
        n++;
      }
    }
    return n;
  }

  private storedNodeLeases(entry: ContextEntry): number {
    return entry.namespaces.get(nodeLeaseNamespace)?.size ?? 0;
  }

  private nodeLeaseCount(entry: ContextEntry): number {
    return entry.state.nodeLeaseCount ?? this.storedNodeLeases(entry);
  }

  private countRowShown(entry: ContextEntry): boolean {
    if (this.options.nodeLeases !== 'counted') {
      return false;
    }
    if (this.filter && (this.filter.terms.length > 0 || !namespaceAllowed(this.filter, nodeLeaseNamespace))) {
      return false;
    }
    return entry.state.nodeLeaseCount !== undefined || this.storedNodeLeases(entry) > 0;
  }

  private upsert(entry: ContextEntry, lease: LeaseInfo, ids: Set<string>): void {
    const old = entry.namespaces.get(lease.namespace)?.get(lease.name);
    const wasVisible = old !== undefined && this.leaseVisible(old);
    const countBefore = this.countRowShown(entry);
    this.store(entry, lease);
    const isVisible = this.leaseVisible(lease);
    if (wasVisible && isVisible) {
      ids.add(treeId.lease(lease.key));
    } else if (wasVisible !== isVisible) {
      this.namespaceCountChanged(entry, lease.namespace, wasVisible, isVisible, ids);
    }
    if (old === undefined && lease.namespace === nodeLeaseNamespace) {
      this.nodeCountChanged(entry, countBefore, ids);
    }
  }

  private remove(entry: ContextEntry, namespace: string, name: string, ids: Set<string>): boolean {
    const leases = entry.namespaces.get(namespace);
    const old = leases?.get(name);
    if (!leases || !old) {
      return false;
    }
    const wasVisible = this.leaseVisible(old);
    const countBefore = this.countRowShown(entry);
    leases.delete(name);
    if (leases.size === 0) {
      entry.namespaces.delete(namespace);
    }
    if (wasVisible) {
      this.namespaceCountChanged(entry, namespace, true, false, ids);
    }
    if (namespace === nodeLeaseNamespace) {
      this.nodeCountChanged(entry, countBefore, ids);
    }
    return true;
  }

  private namespaceCountChanged(entry: ContextEntry, namespace: string, was: boolean, is: boolean, ids: Set<string>): void {
    const context = entry.state.context;
    ids.add(treeId.namespace(context, namespace));
    const after = this.visibleCount(entry, namespace);
    const before = after - (is ? 1 : 0) + (was ? 1 : 0);
    if ((before === 0) !== (after === 0)) {
      ids.add(treeId.context(context));
    }
  }

  private nodeCountChanged(entry: ContextEntry, before: boolean, ids: Set<string>): void {
    if (this.options.nodeLeases !== 'counted' || entry.state.nodeLeaseCount !== undefined) {
      return;
    }
    const after = this.countRowShown(entry);
    ids.add(before === after ? treeId.nodeCount(entry.state.context) : treeId.context(entry.state.context));
  }

  private contextChanged(context: string, leases: LeaseKey[]): TreeChange {
    return { all: false, ids: this.isShown(context) ? [treeId.context(context)] : [], leases: unique(leases) };
  }

  /** Drops ids that lie under another changed id: refreshing a row refreshes its subtree. */
  private normalize(context: string, ids: Set<string>, leases: LeaseKey[]): TreeChange {
    const contextId = treeId.context(context);
    if (ids.has(contextId)) {
      return { all: false, ids: [contextId], leases: unique(leases) };
    }
    const out: string[] = [];
    for (const id of ids) {
      const parent = this.parent(id);
      if (parent === undefined || !ids.has(parent)) {
        out.push(id);
      }
    }
    return { all: false, ids: out, leases: unique(leases) };
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
