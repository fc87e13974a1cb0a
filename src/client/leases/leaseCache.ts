// What the client knows: the Lease server's status, the kubeconfig, per context its state and its
// Leases, which contexts are shown (the leaseLens.contexts setting) and which are watched. Fed by
// LeaseSync from the server's messages; read by the tree model, the commands, the documents and
// the progress indicator. Each change is answered and fired as a CacheChange. No vscode: tested in
// plain Node.
import { nodeLeaseNamespace } from '../../shared/constants';
import type { LeaseBatch, LeaseSnapshot } from '../../shared/protocol';
import { parseLeaseKey, type ContextState, type KubeconfigState, type LeaseInfo, type LeaseKey } from '../../shared/types';
import { Emitter, type DisposableLike } from '../lifecycle';
import { renewalsOf, renewedLease } from '../../core/leaseRenewal';
import type { CacheChange, LeaseChange, ServerStatus } from './cacheChange';

export type { CacheChange, LeaseChange, ServerStatus } from './cacheChange';

/** namespace → name → Lease */
export type NamespaceLeases = ReadonlyMap<string, ReadonlyMap<string, LeaseInfo>>;

interface ContextEntry {
  state: ContextState;
  namespaces: Map<string, Map<string, LeaseInfo>>;
  /** The Leases by LeaseInfo.id (the server's numbers of this run): renewals name them so. */
  ids: Map<number, LeaseInfo>;
}

function initialState(context: string): ContextState {
  return { context, current: false, phase: 'idle', synced: false, forbiddenNamespaces: [] };
}

export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Namespaces by name, kube-node-lease last. */
export function namespaceOrder(a: string, b: string): number {
  if (a === nodeLeaseNamespace || b === nodeLeaseNamespace) {
    return a === b ? 0 : a === nodeLeaseNamespace ? 1 : -1;
  }
  return byName(a, b);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export class LeaseCache implements DisposableLike {
  private server: ServerStatus = { state: 'starting' };
  private kubeconfig: KubeconfigState | undefined;
  private readonly entries = new Map<string, ContextEntry>();
  private shown: string[];
  private readonly watched = new Set<string>();
  private readonly emitter = new Emitter<CacheChange>();
  /** Renewals that named an id not held (counted; LeaseSync logs the first). */
  unknownRenewals = 0;
  /** Fired after every change, with what changed. */
  readonly onDidChange = this.emitter.event;

  /** `shownContexts`: the contexts to show; empty: all. */
  constructor(shownContexts: readonly string[] = []) {
    this.shown = [...shownContexts];
  }

  dispose(): void {
    this.emitter.dispose();
  }

  // ---- changes -----------------------------------------------------------------------------

  setServerStatus(status: ServerStatus): CacheChange {
    const message = (s: ServerStatus): string | undefined => ('message' in s ? s.message : undefined);
    const changed = status.state !== this.server.state || message(status) !== message(this.server);
    this.server = status;
    return this.fire({ kind: 'server', changed, leases: [] });
  }

  /** The kubeconfig (re)loaded: contexts no longer in it are dropped, with their Leases and watches. */
  setKubeconfig(state: KubeconfigState): CacheChange {
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
        this.entries.set(context.context, { state: context, namespaces: new Map(), ids: new Map() });
      }
    }
    for (const context of [...this.watched]) {
      if (!names.has(context)) {
        this.watched.delete(context);
      }
    }
    return this.fire({ kind: 'kubeconfig', leases: [] });
  }

  setContextState(state: ContextState): CacheChange {
    const entry = this.entry(state.context);
    const before = entry.state;
    entry.state = state;
    return this.fire({ kind: 'context-state', context: state.context, before, after: state, leases: [] });
  }

  applySnapshot(snapshot: LeaseSnapshot): CacheChange {
    const entry = this.entry(snapshot.context);
    entry.state = snapshot.state;
    return this.replace(snapshot.context, entry, snapshot.leases);
  }

  applyBatch(batch: LeaseBatch): CacheChange {
    const context = batch.context;
    const entry = this.entry(context);
    if (batch.reset) {
      return this.replace(
        context,
        entry,
        batch.deltas.flatMap((d) => (d.type === 'upsert' ? [d.lease] : [])),
      );
    }
    const changes: LeaseChange[] = [];
    for (const delta of batch.deltas) {
      if (delta.type === 'upsert') {
        const lease = delta.lease;
        if (lease.context === context) {
          const before = entry.namespaces.get(lease.namespace)?.get(lease.name);
          this.store(entry, lease);
          changes.push({ key: lease.key, namespace: lease.namespace, before, after: lease });
        }
      } else {
        const parsed = parseLeaseKey(delta.key);
        const leases = parsed?.context === context ? entry.namespaces.get(parsed.namespace) : undefined;
        const before = parsed && leases?.get(parsed.name);
        if (parsed && leases && before) {
          leases.delete(parsed.name);
          this.forgetId(entry, before);
          if (leases.size === 0) {
            entry.namespaces.delete(parsed.namespace);
          }
          changes.push({ key: delta.key, namespace: parsed.namespace, before });
        }
      }
    }
    // Renewals: the Lease held under that id with its new renewTime, resourceVersion and observedAt.
    for (const r of renewalsOf(batch.renewals, batch.sentAt)) {
      const before = entry.ids.get(r.id);
      if (!before) {
        this.unknownRenewals++;
        continue;
      }
      const after = renewedLease(before, r.resourceVersion, r.renewTime, r.observedAt);
      this.store(entry, after);
      changes.push({ key: after.key, namespace: after.namespace, before, after });
    }
    return this.fire({ kind: 'leases', context, changes, leases: unique(changes.map((c) => c.key)) });
  }

  /** The contexts to show (the leaseLens.contexts setting); empty: all. */
  setShownContexts(contexts: readonly string[]): CacheChange {
    const changed = contexts.join('\n') !== this.shown.join('\n');
    this.shown = [...contexts];
    return this.fire({ kind: 'shown-contexts', changed, leases: [] });
  }

  /** A new server run: its LeaseInfo ids start again, the ids held mean nothing to it. */
  newServerRun(): void {
    for (const entry of this.entries.values()) {
      entry.ids.clear();
    }
  }

  /** Marks a context watched; false when it was already. */
  watch(context: string): boolean {
    if (this.watched.has(context)) {
      return false;
    }
    this.watched.add(context);
    this.fire({ kind: 'watched', leases: [] });
    return true;
  }

  unwatch(contexts: readonly string[]): void {
    if (contexts.filter((c) => this.watched.delete(c)).length > 0) {
      this.fire({ kind: 'watched', leases: [] });
    }
  }

  // ---- queries -----------------------------------------------------------------------------

  get serverStatus(): ServerStatus {
    return this.server;
  }

  get kubeconfigState(): KubeconfigState | undefined {
    return this.kubeconfig;
  }

  /** The kubeconfig was read and names no file and no context: the view shows its welcome. */
  get noKubeconfig(): boolean {
    const k = this.kubeconfig;
    return k !== undefined && k.files.length === 0 && k.contexts.length === 0;
  }

  /** Every context of the kubeconfig, current first, then by name. */
  allContexts(): ContextState[] {
    return [...(this.kubeconfig?.contexts ?? [])].sort((a, b) => this.contextOrder(a, b));
  }

  /** The contexts shown, current first, then by name, with their latest states. */
  shownContexts(): ContextState[] {
    const wanted = this.shown;
    return this.allContexts()
      .filter((c) => wanted.length === 0 || wanted.includes(c.context))
      .map((c) => this.entries.get(c.context)?.state ?? c);
  }

  isShown(context: string): boolean {
    if (!this.kubeconfig?.contexts.some((c) => c.context === context)) {
      return false;
    }
    return this.shown.length === 0 || this.shown.includes(context);
  }

  contextState(context: string): ContextState | undefined {
    return this.entries.get(context)?.state;
  }

  lease(key: LeaseKey): LeaseInfo | undefined {
    const parsed = parseLeaseKey(key);
    return parsed && this.entries.get(parsed.context)?.namespaces.get(parsed.namespace)?.get(parsed.name);
  }

  /** The Leases of a context by namespace (undefined: the context is not known). */
  namespaces(context: string): NamespaceLeases | undefined {
    return this.entries.get(context)?.namespaces;
  }

  /** Every Lease of the shown contexts except node heartbeat leases, by context, namespace, name. */
  leases(): LeaseInfo[] {
    const out: LeaseInfo[] = [];
    for (const context of this.shownContexts()) {
      const namespaces = this.namespaces(context.context);
      for (const ns of [...(namespaces?.keys() ?? [])].sort(namespaceOrder)) {
        if (ns === nodeLeaseNamespace) {
          continue;
        }
        const leases = [...(namespaces?.get(ns)?.values() ?? [])].filter((l) => l.kind !== 'node');
        out.push(...leases.sort((a, b) => byName(a.name, b.name)));
      }
    }
    return out;
  }

  isWatched(context: string): boolean {
    return this.watched.has(context);
  }

  watchedContexts(): string[] {
    return [...this.watched];
  }

  /** Contexts watched and shown, with their states, while the server runs (for the progress indicator). */
  watchedStates(): ContextState[] {
    if (this.server.state !== 'running') {
      return [];
    }
    return [...this.watched]
      .filter((c) => this.isShown(c))
      .map((c) => this.contextState(c))
      .filter((s): s is ContextState => s !== undefined);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private fire(change: CacheChange): CacheChange {
    this.emitter.fire(change);
    return change;
  }

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
      entry = { state: initialState(context), namespaces: new Map(), ids: new Map() };
      this.entries.set(context, entry);
    }
    return entry;
  }

  private store(entry: ContextEntry, lease: LeaseInfo): void {
    let leases = entry.namespaces.get(lease.namespace);
    if (!leases) {
      leases = new Map();
      entry.namespaces.set(lease.namespace, leases);
    }
    const before = leases.get(lease.name);
    leases.set(lease.name, lease);
    if (before && before.id !== lease.id) {
      this.forgetId(entry, before);
    }
    if (lease.id !== undefined) {
      entry.ids.set(lease.id, lease);
    }
  }

  private forgetId(entry: ContextEntry, lease: LeaseInfo): void {
    if (lease.id !== undefined && entry.ids.get(lease.id) === lease) {
      entry.ids.delete(lease.id);
    }
  }

  /** Everything the context held is replaced by `leases`; every Lease dropped or stored changed. */
  private replace(context: string, entry: ContextEntry, leases: LeaseInfo[]): CacheChange {
    const keys: LeaseKey[] = [];
    for (const held of entry.namespaces.values()) {
      for (const lease of held.values()) {
        keys.push(lease.key);
      }
    }
    entry.namespaces = new Map();
    entry.ids = new Map();
    for (const lease of leases) {
      this.store(entry, lease);
      keys.push(lease.key);
    }
    return this.fire({ kind: 'context-leases', context, leases: unique(keys) });
  }
}
