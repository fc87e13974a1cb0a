// One kubeconfig context's Leases: an informer-style cache over one or more scopes (the whole
// cluster, or the namespaces the user may read when cluster scope is forbidden, plus
// kube-node-lease when asked for), its connection state, and batched deltas for the client.
import type { KubeClient } from '../kube/client';
import type { KubeError } from '../kube/errors';
import { phaseFor } from '../kube/errors';
import { clip } from '../redact';
import { ListWatch, type ListWatchState, type WatchEventType } from '../kube/listWatch';
import { listPageSize, nodeLeaseNamespace } from '../../shared/constants';
import type { ContextState, LeaseDelta, LeaseInfo, LeaseKey, NodeLeaseMode } from '../../shared/types';
import { isRenewal } from '../../core/leaseRenewal';
import { DeltaBatcher } from './batcher';
import { shareUnchanged, toLeaseInfo, type RawLease } from './convert';
import { t } from '../../shared/l10n';
import { mergeElection } from '../../core/lockRecords';
import { lockKindSettings } from '../../shared/settings';
import { LockScopes } from './lockScopes';
import { CollectionCounter } from '../kube/collectionCounter';
import { NamespaceProbe } from '../kube/namespaceProbe';

const leasesPath = '/apis/coordination.k8s.io/v1';

export interface ContextSessionSink {
  /** A flush: deltas, and renewals (versions of Leases the client holds that changed only renewTime and resourceVersion). */
  deltas(context: string, deltas: LeaseDelta[], reset: boolean, renewals?: LeaseInfo[]): void;
  state(state: ContextState): void;
  note(message: string): void;
  /** A new version of a Lease the client sees (the leadership records' feed). */
  observed?(lease: LeaseInfo): void;
  /** A Lease the client saw is gone: `deleted` by the cluster, else no longer watched (a scope stopped). */
  gone?(key: LeaseKey, at: number, deleted: boolean): void;
}

export interface ContextSessionOptions {
  client: KubeClient;
  base: ContextState;
  /** Namespaces to try when cluster scope is forbidden, besides the context's own. */
  namespaces: string[];
  nodeLeases: NodeLeaseMode;
  sink: ContextSessionSink;
  flushIntervalMs?: number;
  /** leaseLens.lockKinds: the records watched besides Leases (default: all). */
  lockKinds?: readonly string[];
  /** A new LeaseInfo.id for an election of this context, never given before in this server run (default: counts from 1 per session). */
  nextId?: () => number;
}

interface Scope {
  name: string;
  watch: ListWatch<RawLease>;
  state: ListWatchState;
  /** Keys of the leases this scope last listed or saw. */
  keys: Set<LeaseKey>;
  node: boolean;
  /** True once the scope has listed or failed at least once. */
  settled: boolean;
}

export class ContextSession {
  /** What the client sees: one LeaseInfo per election (a Lease merged with its other records). */
  private readonly leases = new Map<LeaseKey, LeaseInfo>();
  /** The Leases as listed and watched. */
  private readonly leaseObjects = new Map<LeaseKey, LeaseInfo>();
  /** ConfigMap/Endpoints locks and LeaseCandidates (lockScopes.ts). */
  private readonly locks: LockScopes;
  private readonly scopes = new Map<string, Scope>();
  private readonly batcher: DeltaBatcher;
  private stateValue: ContextState;
  private nodeCount = 0;
  /** nodeLeases 'counted': a limit=1 list's remainingItemCount on a slow timer, no watch of heartbeats. */
  private nodeCounter: CollectionCounter | undefined;
  private fallback = false;
  /** Cluster scope forbidden: which namespaces answer (only those are watched), re-asking the others slowly. */
  private probe: NamespaceProbe | undefined;
  private disposed = false;
  /** The last LeaseInfo.id given when the options bring no `nextId`. */
  private lastId = 0;
  /** A state waits for the pending deltas to be sent. */
  private stateHeld = false;
  /** The context was connected (or partly) once: losing every main scope then makes it 'unknown since'. */
  private everConnected = false;
  private unknownSince: number | undefined;
  private readonly stopClock: () => void;

  constructor(private readonly opts: ContextSessionOptions) {
    this.stateValue = { ...opts.base, phase: 'connecting', synced: false, forbiddenNamespaces: [] };
    this.batcher = new DeltaBatcher(
      (deltas, renewals) => opts.sink.deltas(opts.base.context, deltas, false, renewals),
      opts.flushIntervalMs,
    );
    this.stopClock = opts.client.clock.onChange(() => this.publishState());
    this.locks = new LockScopes({
      client: opts.client,
      context: opts.base.context,
      kinds: opts.lockKinds ?? lockKindSettings,
      namespaces: () => this.fallbackNamespaces(),
      changed: (keys) => keys.forEach((key) => this.publish(key)),
      note: (message) => opts.sink.note(message),
    });
  }

  get context(): string {
    return this.opts.base.context;
  }

  get client(): KubeClient {
    return this.opts.client;
  }

  get state(): ContextState {
    return this.stateValue;
  }

  /** The namespaces whose Leases are watched one by one (cluster scope forbidden); undefined at cluster scope. */
  watchedNamespaces(): string[] | undefined {
    return this.fallback ? [...this.scopes.values()].filter((s) => !s.node).map((s) => s.name) : undefined;
  }

  /** The leases the client sees (node leases only when shown). */
  snapshot(): LeaseInfo[] {
    return [...this.leases.values()];
  }

  get(key: LeaseKey): LeaseInfo | undefined {
    return this.leases.get(key);
  }

  /** Sends a batch soon even if no Lease changed (the health flags ride with it). */
  requestBatch(): void {
    if (!this.disposed) {
      this.batcher.poke();
    }
  }

  start(): void {
    this.startScope('', `${leasesPath}/leases`, { fieldSelector: `metadata.namespace!=${nodeLeaseNamespace}` });
    this.startNodeScope();
    this.locks.start();
    this.publishState();
  }

  /** leaseLens.lockKinds changed. */
  async setLockKinds(kinds: readonly string[]): Promise<void> {
    await this.locks.setKinds(kinds);
  }

  /** Lists everything again; after a cluster-scope 403 it tries cluster scope once more. */
  refresh(): void {
    this.locks.refresh();
    this.nodeCounter?.recount();
    if (this.fallback) {
      void this.retryClusterScope();
      return;
    }
    for (const scope of this.scopes.values()) {
      scope.watch.relist();
    }
  }

  async setOptions(namespaces: string[], nodeLeases: NodeLeaseMode): Promise<void> {
    const nsChanged = namespaces.join(',') !== this.opts.namespaces.join(',');
    const nodeChanged = nodeLeases !== this.opts.nodeLeases;
    this.opts.namespaces = namespaces;
    this.opts.nodeLeases = nodeLeases;
    if (nodeChanged) {
      await this.stopScope(nodeLeaseNamespace);
      this.nodeCounter?.stop();
      this.nodeCounter = undefined;
      this.nodeCount = 0;
      this.startNodeScope();
    }
    if (nsChanged && this.fallback) {
      await this.startFallback();
    }
    this.publishState();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.nodeCounter?.stop();
    this.probe?.stop();
    this.stopClock();
    this.batcher.dispose();
    await Promise.all([...this.scopes.values()].map((s) => s.watch.stop()));
    await this.locks.dispose();
    this.scopes.clear();
    this.opts.client.dispose();
  }

  private startNodeScope(): void {
    if (this.opts.nodeLeases === 'counted') {
      this.nodeCounter = new CollectionCounter({
        client: this.opts.client,
        path: `${leasesPath}/namespaces/${nodeLeaseNamespace}/leases`,
        count: (n) => {
          this.nodeCount = n;
          this.publishState();
        },
        note: (message) => this.opts.sink.note(`[${this.context}] ${message}`),
      });
      this.nodeCounter.start();
    } else if (this.opts.nodeLeases === 'shown') {
      this.startScope(nodeLeaseNamespace, `${leasesPath}/namespaces/${nodeLeaseNamespace}/leases`, {}, true);
    }
  }

  /**
   * Starts watching a scope. `inherited` are keys an earlier scope held for the same leases: the
   * first list is diffed against them, so a change of scopes sends only real differences.
   */
  private startScope(name: string, path: string, query: Record<string, string>, node = false, inherited: Iterable<LeaseKey> = []): void {
    const scope: Scope = {
      name,
      node,
      state: { phase: 'listing' },
      keys: new Set(inherited),
      settled: false,
      watch: new ListWatch<RawLease>(
        { client: this.opts.client, path, query, pageSize: listPageSize, bookmarks: true },
        {
          replace: (items, at) => this.replace(scope, items, at),
          event: (type, obj, at) => this.event(scope, type, obj, at),
          state: (state) => this.scopeState(scope, state),
          note: (message) => this.opts.sink.note(`[${this.context}] ${message}`),
        },
      ),
    };
    this.scopes.set(name, scope);
    scope.watch.start();
  }

  /** Stops a scope; its leases are removed, or with `keep` handed back for a successor. */
  private async stopScope(name: string, keep = false): Promise<Set<LeaseKey>> {
    const scope = this.scopes.get(name);
    if (!scope) {
      return new Set();
    }
    this.scopes.delete(name);
    await scope.watch.stop();
    if (!keep) {
      for (const key of scope.keys) {
        this.remove(key, Date.now(), undefined, false);
      }
    }
    return scope.keys;
  }

  /** Stops every scope but kube-node-lease, keeping their leases for the scopes that follow. */
  private async stopMainScopes(): Promise<LeaseKey[]> {
    const kept: LeaseKey[] = [];
    for (const name of [...this.scopes.keys()]) {
      if (name !== nodeLeaseNamespace) {
        kept.push(...(await this.stopScope(name, true)));
      }
    }
    return kept;
  }

  private async retryClusterScope(): Promise<void> {
    this.fallback = false;
    this.probe?.stop();
    this.probe = undefined;
    const kept = await this.stopMainScopes();
    if (this.disposed) {
      return;
    }
    this.startScope('', `${leasesPath}/leases`, { fieldSelector: `metadata.namespace!=${nodeLeaseNamespace}` }, false, kept);
    this.publishState();
  }

  /** Cluster scope is forbidden: watch each namespace the user may read instead. */
  private async startFallback(): Promise<void> {
    this.fallback = true;
    const kept = await this.stopMainScopes();
    const wanted = await this.fallbackNamespaces();
    if (this.disposed || !this.fallback) {
      return;
    }
    // Only the namespaces that answer a limit=1 list are watched; the probe asks the others again slowly.
    this.probe?.stop();
    const probe = new NamespaceProbe({
      client: this.opts.client,
      refused: (count, first) =>
        this.opts.sink.note(`[${this.context}] leases: ${count} namespace(s) refused; the first: ${clip(first, 300)}`),
      path: (ns) => `${leasesPath}/namespaces/${encodeURIComponent(ns)}/leases`,
      answered: (open) => {
        for (const ns of open) {
          if (this.probe === probe && !this.scopes.has(ns)) {
            this.startScope(ns, `${leasesPath}/namespaces/${encodeURIComponent(ns)}/leases`, {});
          }
        }
        this.publishState();
      },
    });
    this.probe = probe;
    this.publishState();
    const namespaces = await probe.run(wanted);
    if (this.disposed || this.probe !== probe) {
      return;
    }
    const byNamespace = new Map<string, LeaseKey[]>();
    for (const key of kept) {
      const ns = this.leases.get(key)?.namespace;
      if (ns && namespaces.includes(ns)) {
        byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), key]);
      } else {
        this.remove(key, Date.now(), undefined, false);
      }
    }
    for (const ns of namespaces) {
      this.startScope(ns, `${leasesPath}/namespaces/${encodeURIComponent(ns)}/leases`, {}, false, byNamespace.get(ns));
    }
    this.publishState();
  }

  private async fallbackNamespaces(): Promise<string[]> {
    const wanted = new Set<string>([this.opts.base.namespace || 'default', ...this.opts.namespaces]);
    // A user who may list namespaces gets all of them tried; most users may not, and that is fine.
    const listed = await this.opts.client.getJson<{ items?: { metadata?: { name?: string } }[] }>(
      '/api/v1/namespaces',
      {},
      { timeoutMs: 15_000 },
    );
    if (listed.ok) {
      for (const item of listed.value.items ?? []) {
        if (item.metadata?.name) {
          wanted.add(item.metadata.name);
        }
      }
    }
    wanted.delete(nodeLeaseNamespace);
    return [...wanted].sort();
  }

  private replace(scope: Scope, items: RawLease[], observedAt: number): void {
    const seen = new Set<LeaseKey>();
    for (const raw of items) {
      const lease = toLeaseInfo(raw, this.context, observedAt);
      if (!lease) {
        continue;
      }
      seen.add(lease.key);
      this.upsert(scope, lease, true);
    }
    for (const key of scope.keys) {
      if (!seen.has(key)) {
        this.remove(key, observedAt, scope);
      }
    }
    scope.keys = seen;
    if (scope.node) {
      this.countNodes();
    }
  }

  private event(scope: Scope, type: WatchEventType, raw: RawLease, observedAt: number): void {
    const lease = toLeaseInfo(raw, this.context, observedAt);
    if (!lease) {
      return;
    }
    if (type === 'DELETED') {
      this.remove(lease.key, observedAt, scope);
    } else {
      scope.keys.add(lease.key);
      this.upsert(scope, lease, false);
    }
    if (scope.node && type !== 'MODIFIED') {
      this.countNodes();
    }
  }

  /** Records a lease; after a relist an unchanged resourceVersion is no change at all. */
  private upsert(scope: Scope, lease: LeaseInfo, fromList: boolean): void {
    if (scope.node && this.opts.nodeLeases !== 'shown') {
      return;
    }
    const existing = this.leaseObjects.get(lease.key);
    if (existing && existing.resourceVersion === lease.resourceVersion && (fromList || existing.uid === lease.uid)) {
      return;
    }
    // The previous version's unchanged strings and labels: a renewal keeps only what changed.
    this.leaseObjects.set(lease.key, shareUnchanged(lease, existing));
    this.publish(lease.key);
  }

  /**
   * Sends an election's LeaseInfo again: its Lease merged with its ConfigMap/Endpoints records and
   * LeaseCandidates (a Lease with neither is sent as it is, no merge). A version the client holds
   * that changed only renewTime and resourceVersion goes as a renewal. The health record hears only
   * of a new version of the record shown.
   */
  private publish(key: LeaseKey, at = Date.now(), deleted = true): void {
    if (this.disposed) {
      return;
    }
    const lease = this.leaseObjects.get(key);
    const merged =
      lease && this.locks.none(key)
        ? lease
        : mergeElection({
            context: this.context,
            lease,
            locks: this.locks.locksOf(key),
            candidates: lease ? this.locks.candidatesOf(key) : [],
            now: Date.now(),
          });
    const before = this.leases.get(key);
    if (!merged) {
      if (this.leases.delete(key)) {
        this.batcher.add({ type: 'delete', key, observedAt: at });
        this.opts.sink.gone?.(key, at, deleted);
      }
      return;
    }
    if (merged === before) {
      return; // a plain Lease published again unchanged
    }
    merged.id = before?.id ?? this.newId();
    this.leases.set(key, merged);
    if (before && isRenewal(before, merged)) {
      // The same labels: keep one object of them.
      merged.labels = before.labels;
      this.batcher.renew(merged);
    } else {
      this.batcher.add({ type: 'upsert', lease: merged });
    }
    if (!before || before.uid !== merged.uid || before.resourceVersion !== merged.resourceVersion || before.lock !== merged.lock) {
      this.opts.sink.observed?.(merged);
    }
  }

  private newId(): number {
    return this.opts.nextId ? this.opts.nextId() : ++this.lastId;
  }

  /** `deleted`: the cluster says the Lease is gone (a watch event or a list without it), not a scope that stopped. */
  private remove(key: LeaseKey, observedAt: number, scope?: Scope, deleted = true): void {
    scope?.keys.delete(key);
    if (this.leaseObjects.delete(key)) {
      this.publish(key, observedAt, deleted);
    }
  }

  private countNodes(): void {
    const scope = this.scopes.get(nodeLeaseNamespace);
    const count = scope ? scope.keys.size : 0;
    if (count !== this.nodeCount) {
      this.nodeCount = count;
      this.publishState();
    }
  }

  private scopeState(scope: Scope, state: ListWatchState): void {
    scope.state = state;
    if (state.phase !== 'listing') {
      scope.settled = true;
    }
    if (state.phase === 'error') {
      this.opts.sink.note(`[${this.context}] ${scope.name || 'cluster scope'}: ${state.error.message}`);
      if (scope.name === '' && state.error.status === 403 && !this.fallback) {
        void this.startFallback();
        return;
      }
    }
    this.publishState();
  }

  private publishState(): void {
    if (this.disposed) {
      return;
    }
    const main = [...this.scopes.values()].filter((s) => !s.node);
    const synced = main.filter((s) => s.state.phase === 'synced');
    const failed = main.filter(
      (s): s is Scope & { state: { phase: 'error'; error: KubeError; retryAt: number } } => s.state.phase === 'error',
    );
    const scopesForbidden = failed.filter((s) => s.state.error.status === 403 && s.name !== '').map((s) => s.name);
    // Namespaces the probe found forbidden are not watched, but they are forbidden all the same.
    const probed = this.fallback ? (this.probe?.forbiddenNamespaces ?? []) : [];
    const probing = this.fallback && !this.probe?.settled;
    const forbidden = [...new Set([...scopesForbidden, ...probed])];
    const others = failed.filter((s) => !(s.state.error.status === 403 && s.name !== ''));
    const next: ContextState = {
      ...this.opts.base,
      phase: 'connecting',
      synced: !probing && (main.length > 0 || probed.length > 0) && main.every((s) => s.settled),
      forbiddenNamespaces: forbidden.sort(),
      nodeLeaseCount: this.opts.nodeLeases === 'counted' ? this.nodeCount : undefined,
      clockSkewMs: this.opts.client.clock.skewMs(),
    };
    if (probing || (this.fallback && main.length === 0 && probed.length === 0)) {
      next.phase = 'connecting';
    } else if (others.length > 0 && synced.length === 0) {
      const error = others[0].state.error;
      next.phase = phaseFor(error);
      next.message = clip(error.message);
      next.hint = error.hint;
      next.retryAt = others[0].state.retryAt;
    } else if (synced.length === 0 && forbidden.length > 0 && scopesForbidden.length === main.length) {
      next.phase = 'forbidden';
      next.message = t('You may not list Leases at cluster scope or in {0}.', clip(forbidden.sort().join(', '), 500));
      next.hint = t('Ask for list/watch on leases, or name namespaces you may read in the setting leaseLens.namespaces.');
    } else if (synced.length > 0 && (forbidden.length > 0 || others.length > 0)) {
      next.phase = 'partial';
      const parts = [
        forbidden.length ? t('Forbidden: {0}.', clip(forbidden.sort().join(', '), 500)) : '',
        ...others.map((s) => `${s.name || t('cluster scope')}: ${clip(s.state.error.message, 200)}`),
      ];
      next.message = parts.filter((p) => p).join(' ');
      next.hint = this.fallback
        ? t(
            'Listing at cluster scope is forbidden; Lease Lens watches the namespaces it may read (the context namespace and leaseLens.namespaces).',
          )
        : t('Some namespaces could not be read.');
    } else if (synced.length === main.length && main.length > 0) {
      next.phase = 'connected';
      if (this.fallback) {
        next.message = t('Watching {0} (listing at cluster scope is forbidden).', main.map((s) => s.name).join(', '));
      }
    }
    // A context that was connected and now reaches none of its scopes: its Leases' present is unknown.
    if (synced.length > 0) {
      this.everConnected = true;
      this.unknownSince = undefined;
    } else if (this.everConnected && others.length > 0 && main.every((s) => s.state.phase !== 'synced')) {
      this.unknownSince ??= Date.now();
    }
    if (this.unknownSince !== undefined) {
      next.unknownSince = this.unknownSince;
    }
    const prev = this.stateValue;
    if (JSON.stringify(prev) === JSON.stringify(next)) {
      return;
    }
    this.stateValue = next;
    if (this.stateHeld) {
      return;
    } // sent with the flush, as it is then
    if (next.synced && !prev.synced) {
      // A client told "synced" must already hold the leases: the state follows the next flush.
      this.stateHeld = true;
      this.batcher.whenFlushed(() => {
        this.stateHeld = false;
        if (!this.disposed) {
          this.opts.sink.state(this.stateValue);
        }
      });
    } else {
      this.opts.sink.state(next);
    }
  }
}
