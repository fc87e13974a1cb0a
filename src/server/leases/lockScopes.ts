// A context's election records besides Leases (issue 17): ConfigMap and Endpoints locks and
// leader-for-life ConfigMaps, watched metadata-only at cluster scope (or, after a 403, in the
// namespaces the Lease fallback watches), and coordination.k8s.io LeaseCandidates. Only the kinds
// the API server serves (discovery.ts) and leaseLens.lockKinds allows are watched. What it holds
// is merged into the context's LeaseInfos by ContextSession (src/core/lockRecords.ts).
import type { KubeClient } from '../kube/client';
import { discoverLocks } from '../kube/discovery';
import { ListWatch, type ListWatchState, type WatchEventType } from '../kube/listWatch';
import { listPageSize } from '../../shared/constants';
import { leaseKey, type LeaseCandidateInfo, type LeaseKey } from '../../shared/types';
import { lockObject, toLeaseCandidate, type LockObject } from '../../core/lockRecords';
import { clip } from '../redact';
import { t } from '../../shared/l10n';
import { NamespaceProbe } from '../kube/namespaceProbe';

/** Metadata only: a ConfigMap's `data` never travels (a server that sends whole objects anyway is read the same way). */
export const metadataListAccept = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
export const metadataAccept = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

type LockResource = 'configmaps' | 'endpoints';
type Resource = LockResource | 'leasecandidates';

/** What is kept of a listed or watched object: its name, and its record when it holds one. */
interface Slim {
  metadata: { name: string; namespace: string; resourceVersion?: string };
  lock?: LockObject;
  candidate?: LeaseCandidateInfo & { namespace: string };
}

interface LockScope {
  resource: Resource;
  namespace: string;
  watch: ListWatch<Slim>;
  /** `namespace/name` of the objects this scope holds a record of. */
  names: Set<string>;
  lastError?: string;
}

export interface LockScopesOptions {
  client: KubeClient;
  context: string;
  /** leaseLens.lockKinds. */
  kinds: readonly string[];
  /** The namespaces to watch one by one when cluster scope is forbidden (the Lease fallback's). */
  namespaces(): Promise<string[]>;
  /** The records of these elections changed. */
  changed(keys: LeaseKey[]): void;
  note(message: string): void;
}

export class LockScopes {
  private readonly locks = new Map<LeaseKey, Map<LockResource, LockObject>>();
  /** Candidates by `namespace/name` of the LeaseCandidate. */
  private readonly candidates = new Map<string, LeaseCandidateInfo & { namespace: string }>();
  private readonly candidatesByLease = new Map<LeaseKey, Set<string>>();
  private readonly scopes = new Map<string, LockScope>();
  /** Per resource after a cluster-scope 403: which namespaces answer (only those are watched). */
  private readonly probes = new Map<Resource, NamespaceProbe>();
  private readonly brokenNoted = new Set<string>();
  private kinds: Set<string>;
  private disposed = false;
  private starting: Promise<void> | undefined;

  constructor(private readonly opts: LockScopesOptions) {
    this.kinds = new Set(opts.kinds);
  }

  start(): void {
    this.starting = this.startAllowed();
  }

  /** True when an election has neither ConfigMap/Endpoints records nor LeaseCandidates here (a plain Lease: nothing to merge). */
  none(key: LeaseKey): boolean {
    return !this.locks.get(key)?.size && !this.candidatesByLease.get(key)?.size;
  }

  /** The ConfigMap and Endpoints records of one election. */
  locksOf(key: LeaseKey): LockObject[] {
    return [...(this.locks.get(key)?.values() ?? [])];
  }

  candidatesOf(key: LeaseKey): LeaseCandidateInfo[] {
    const names = this.candidatesByLease.get(key);
    if (!names) {
      return [];
    }
    const out: LeaseCandidateInfo[] = [];
    for (const n of names) {
      const c = this.candidates.get(n);
      if (c) {
        const { namespace: _ns, ...info } = c;
        out.push(info);
      }
    }
    return out;
  }

  /** Every election that has a record here. */
  keys(): LeaseKey[] {
    return [...this.locks.keys()];
  }

  refresh(): void {
    for (const scope of this.scopes.values()) {
      scope.watch.relist();
    }
  }

  async setKinds(kinds: readonly string[]): Promise<void> {
    const next = new Set(kinds);
    if ([...next].join(',') === [...this.kinds].join(',')) {
      return;
    }
    this.kinds = next;
    await this.starting;
    for (const [id, scope] of [...this.scopes]) {
      if (!next.has(scope.resource)) {
        await this.stopScope(id);
      }
    }
    for (const [resource, probe] of [...this.probes]) {
      if (!next.has(resource)) {
        probe.stop();
        this.probes.delete(resource);
      }
    }
    await this.startAllowed();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.probes.forEach((probe) => probe.stop());
    this.probes.clear();
    await this.starting;
    await Promise.all([...this.scopes.values()].map((s) => s.watch.stop()));
    this.scopes.clear();
  }

  private async startAllowed(): Promise<void> {
    const wanted = (['configmaps', 'endpoints', 'leasecandidates'] as const).filter((k) => this.kinds.has(k));
    if (wanted.length === 0 || this.disposed) {
      return;
    }
    const found = await discoverLocks(this.opts.client);
    if (this.disposed) {
      return;
    }
    for (const note of found.notes) {
      this.opts.note(`[${this.opts.context}] discovery: ${clip(note, 200)} (not served or not readable; skipped)`);
    }
    found.notes.length = 0; // one note per context
    for (const resource of wanted) {
      const served = resource === 'leasecandidates' ? found.leaseCandidates !== undefined : found[resource];
      if (!served || [...this.scopes.values()].some((s) => s.resource === resource)) {
        continue;
      }
      this.startScope(resource, '', found.leaseCandidates);
    }
  }

  private path(resource: Resource, namespace: string, version?: string): string {
    const base = resource === 'leasecandidates' ? `/apis/coordination.k8s.io/${version ?? 'v1beta1'}` : '/api/v1';
    return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource}` : `${base}/${resource}`;
  }

  private startScope(resource: Resource, namespace: string, version?: string): void {
    const apiVersion = `coordination.k8s.io/${version ?? 'v1beta1'}`;
    const scope: LockScope = {
      resource,
      namespace,
      names: new Set(),
      watch: new ListWatch<Slim>(
        {
          client: this.opts.client,
          path: this.path(resource, namespace, version),
          pageSize: listPageSize,
          bookmarks: true,
          accept: resource === 'leasecandidates' ? undefined : metadataListAccept,
          watchAccept: resource === 'leasecandidates' ? undefined : metadataAccept,
          slim: (raw, from) => this.slim(resource, raw, from, apiVersion),
        },
        {
          replace: (items) => this.replace(scope, items),
          event: (type, obj) => this.event(scope, type, obj),
          state: (state) => this.scopeState(scope, state, version),
          note: (message) => this.opts.note(`[${this.opts.context}] ${message}`),
        },
      ),
    };
    this.scopes.set(`${resource}/${namespace}`, scope);
    scope.watch.start();
  }

  private async stopScope(id: string): Promise<void> {
    const scope = this.scopes.get(id);
    if (!scope) {
      return;
    }
    this.scopes.delete(id);
    await scope.watch.stop();
    const changed = new Set<LeaseKey>();
    for (const name of scope.names) {
      this.forget(scope.resource, name, changed);
    }
    this.emit(changed);
  }

  /** Keeps what an object's record needs; a list drops objects without one at once. */
  private slim(resource: Resource, raw: unknown, from: 'list' | 'watch', apiVersion: string): Slim | undefined {
    const meta = (raw as { metadata?: { name?: unknown; namespace?: unknown; resourceVersion?: unknown } } | null)?.metadata;
    if (typeof meta?.name !== 'string' || typeof meta.namespace !== 'string') {
      return undefined;
    }
    const bare: Slim = {
      metadata: {
        name: meta.name,
        namespace: meta.namespace,
        resourceVersion: typeof meta.resourceVersion === 'string' ? meta.resourceVersion : undefined,
      },
    };
    if (resource === 'leasecandidates') {
      const candidate = toLeaseCandidate(raw, apiVersion);
      return candidate ? { ...bare, candidate } : from === 'watch' ? bare : undefined;
    }
    const result = lockObject(raw, resource === 'configmaps' ? 'configmap' : 'endpoints', Date.now());
    if ('lock' in result) {
      return { ...bare, lock: result.lock };
    }
    if ('reason' in result) {
      const id = `${resource}/${result.namespace}/${result.name}`;
      if (!this.brokenNoted.has(id) && this.brokenNoted.size < 1000) {
        this.brokenNoted.add(id);
        this.opts.note(`[${this.opts.context}] ${id}: ${result.reason}`);
      }
    }
    return from === 'watch' ? bare : undefined;
  }

  private replace(scope: LockScope, items: Slim[]): void {
    const changed = new Set<LeaseKey>();
    const seen = new Set<string>();
    for (const item of items) {
      const name = `${item.metadata.namespace}/${item.metadata.name}`;
      if (this.put(scope.resource, item, changed)) {
        seen.add(name);
      }
    }
    for (const name of scope.names) {
      if (!seen.has(name)) {
        this.forget(scope.resource, name, changed);
      }
    }
    scope.names = seen;
    this.emit(changed);
  }

  private event(scope: LockScope, type: WatchEventType, item: Slim): void {
    const changed = new Set<LeaseKey>();
    const name = `${item.metadata.namespace}/${item.metadata.name}`;
    if (type !== 'DELETED' && this.put(scope.resource, item, changed)) {
      scope.names.add(name);
    } else if (scope.names.delete(name) || type === 'DELETED') {
      this.forget(scope.resource, name, changed);
    }
    this.emit(changed);
  }

  /** Records an object's record; false when it holds none. */
  private put(resource: Resource, item: Slim, changed: Set<LeaseKey>): boolean {
    const name = `${item.metadata.namespace}/${item.metadata.name}`;
    if (resource === 'leasecandidates') {
      if (!item.candidate) {
        this.forget(resource, name, changed);
        return false;
      }
      const before = this.candidates.get(name);
      if (before && JSON.stringify(before) === JSON.stringify(item.candidate)) {
        return true;
      }
      if (before) {
        this.forget(resource, name, changed);
      }
      const key = leaseKey(this.opts.context, item.candidate.namespace, item.candidate.leaseName);
      this.candidates.set(name, item.candidate);
      let set = this.candidatesByLease.get(key);
      if (!set) {
        set = new Set();
        this.candidatesByLease.set(key, set);
      }
      set.add(name);
      changed.add(key);
      return true;
    }
    if (!item.lock) {
      this.forget(resource, name, changed);
      return false;
    }
    const key = leaseKey(this.opts.context, item.lock.namespace, item.lock.name);
    let byResource = this.locks.get(key);
    const before = byResource?.get(resource);
    if (before && before.uid === item.lock.uid && before.resourceVersion === item.lock.resourceVersion) {
      return true;
    }
    if (!byResource) {
      byResource = new Map();
      this.locks.set(key, byResource);
    }
    byResource.set(resource, item.lock);
    changed.add(key);
    return true;
  }

  private forget(resource: Resource, name: string, changed: Set<LeaseKey>): void {
    if (resource === 'leasecandidates') {
      const before = this.candidates.get(name);
      if (!before) {
        return;
      }
      this.candidates.delete(name);
      const key = leaseKey(this.opts.context, before.namespace, before.leaseName);
      const set = this.candidatesByLease.get(key);
      set?.delete(name);
      if (set?.size === 0) {
        this.candidatesByLease.delete(key);
      }
      changed.add(key);
      return;
    }
    const slash = name.indexOf('/');
    const key = leaseKey(this.opts.context, name.slice(0, slash), name.slice(slash + 1));
    const byResource = this.locks.get(key);
    if (byResource?.delete(resource)) {
      if (byResource.size === 0) {
        this.locks.delete(key);
      }
      changed.add(key);
    }
  }

  private emit(changed: Set<LeaseKey>): void {
    if (changed.size > 0 && !this.disposed) {
      this.opts.changed([...changed]);
    }
  }

  /** Errors are notes, never the context's state; a 403 at cluster scope watches the Lease fallback's namespaces. */
  private scopeState(scope: LockScope, state: ListWatchState, version?: string): void {
    if (state.phase !== 'error') {
      scope.lastError = undefined;
      return;
    }
    const where = scope.namespace || t('cluster scope');
    const text = `${state.error.status ?? state.error.kind} ${state.error.message}`;
    if (scope.lastError !== text) {
      scope.lastError = text;
      this.opts.note(`[${this.opts.context}] ${scope.resource} (${where}): ${clip(text, 200)}`);
    }
    if (scope.namespace === '' && state.error.status === 403) {
      void this.fallback(scope, version);
    }
  }

  private async fallback(scope: LockScope, version?: string): Promise<void> {
    const id = `${scope.resource}/`;
    if (this.scopes.get(id) !== scope) {
      return;
    }
    await this.stopScope(id);
    const wanted = await this.opts.namespaces();
    if (this.disposed || !this.kinds.has(scope.resource)) {
      return;
    }
    // One limit=1 list per namespace (a few at a time); only those that answer are watched, the others
    // are asked again slowly — 800 namespaces are 800 small requests once, not 800 retrying watches.
    this.probes.get(scope.resource)?.stop();
    const watchAll = (namespaces: string[]): void => {
      for (const ns of namespaces) {
        if (!this.disposed && this.kinds.has(scope.resource) && !this.scopes.has(`${scope.resource}/${ns}`)) {
          this.startScope(scope.resource, ns, version);
        }
      }
    };
    const probe = new NamespaceProbe({
      client: this.opts.client,
      refused: (count, first) =>
        this.opts.note(`[${this.opts.context}] ${scope.resource}: ${count} namespace(s) refused; the first: ${clip(first, 300)}`),
      path: (ns) => this.path(scope.resource, ns, version),
      accept: scope.resource === 'leasecandidates' ? undefined : metadataListAccept,
      answered: watchAll,
    });
    this.probes.set(scope.resource, probe);
    const open = await probe.run(wanted);
    if (this.disposed || this.probes.get(scope.resource) !== probe) {
      return;
    }
    this.opts.note(
      `[${this.opts.context}] ${scope.resource}: cluster scope is forbidden; watching ${clip(open.join(', ') || '-', 300)} (${probe.forbiddenNamespaces.length} forbidden)`,
    );
    watchAll(open);
  }
}
