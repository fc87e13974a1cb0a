// One context's leadership Events: one cluster-wide list/watch of core/v1 Events with
// `fieldSelector=reason=LeaderElection`, or, when that is forbidden, one per namespace whose Leases
// the context watches. Keeps the newest `maxKept` by uid and says which Leases' Events changed, so
// their records can be seeded (seedFromEvents) and a listed context's clients told.
import { electionEventKinds } from '../../core/lockRecords';
import { leaseKey, type LeaseKey } from '../../shared/types';
import type { LeadershipEvent } from '../../shared/health';
import { t } from '../../shared/l10n';
import type { KubeClient } from '../kube/client';
import type { KubeError } from '../kube/errors';
import { ListWatch, type KubeObject, type ListWatchState, type WatchEventType } from '../kube/listWatch';
import { clip } from '../redact';
import { toLeadershipEvent } from './leadershipEvent';

/** Most leadership Events kept per context (the newest). */
export const maxLeadershipEvents = 2000;

const selector = { fieldSelector: 'reason=LeaderElection' };

export interface LeadershipEventsSink {
  /** Events changed; `leases`: the Leases whose Events did. */
  changed(leases: Set<LeaseKey>): void;
  note(message: string): void;
}

export interface LeadershipEventsOptions {
  context: string;
  client: KubeClient;
  /** The namespaces to watch one by one when cluster scope is forbidden. */
  namespaces(): string[];
  sink: LeadershipEventsSink;
  maxKept?: number;
}

interface Scope {
  name: string;
  watch: ListWatch<KubeObject>;
  state: ListWatchState;
  uids: Set<string>;
}

export class LeadershipEventsWatch {
  private readonly events = new Map<string, LeadershipEvent>();
  private readonly scopes = new Map<string, Scope>();
  private fallback = false;
  private stopped = false;

  constructor(private readonly opts: LeadershipEventsOptions) {}

  start(): void {
    this.startScope('', '/api/v1/events');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.scopes.values()].map((s) => s.watch.stop()));
    this.scopes.clear();
  }

  /** Oldest first. */
  list(): LeadershipEvent[] {
    return [...this.events.values()].sort((a, b) => a.time - b.time);
  }

  get size(): number {
    return this.events.size;
  }

  /** The Events of one election (on its Lease, or its ConfigMap/Endpoints lock). */
  forLease(namespace: string, name: string): LeadershipEvent[] {
    return this.list().filter((e) => electionEventKinds.includes(e.kind ?? '') && e.namespace === namespace && e.name === name);
  }

  /** Every Lease with Events, and its Events (oldest first). */
  byLease(): Map<LeaseKey, LeadershipEvent[]> {
    const out = new Map<LeaseKey, LeadershipEvent[]>();
    for (const event of this.list()) {
      if (electionEventKinds.includes(event.kind ?? '') && event.namespace && event.name) {
        const key = leaseKey(this.opts.context, event.namespace, event.name);
        const list = out.get(key);
        if (list) {
          list.push(event);
        } else {
          out.set(key, [event]);
        }
      }
    }
    return out;
  }

  /** Why some or all Events cannot be read, with what to do; undefined when all can. */
  message(): string | undefined {
    const failed = [...this.scopes.values()].filter(
      (s): s is Scope & { state: { phase: 'error'; error: KubeError; retryAt: number } } => s.state.phase === 'error',
    );
    if (failed.length === 0) {
      return this.fallback && this.scopes.size === 0
        ? t('Listing Events at cluster scope is forbidden and no namespace is watched.')
        : undefined;
    }
    const forbidden = failed.filter((s) => s.state.error.status === 403);
    if (forbidden.length > 0 && forbidden.length === this.scopes.size) {
      return t(
        'You may not list Events with reason LeaderElection at cluster scope or in {0}. Ask for list and watch on events (core/v1) to see leadership Events and history from before Lease Lens watched.',
        forbidden.map((s) => s.name || t('cluster scope')).join(', '),
      );
    }
    return failed.map((s) => `${s.name || t('cluster scope')}: ${clip(s.state.error.message, 200)}`).join(' ');
  }

  private startScope(name: string, path: string): void {
    const scope: Scope = {
      name,
      state: { phase: 'listing' },
      uids: new Set(),
      watch: new ListWatch<KubeObject>(
        { client: this.opts.client, path, query: selector },
        {
          replace: (items) => this.replace(scope, items),
          event: (type, obj) => this.event(scope, type, obj),
          state: (state) => this.scopeState(scope, state),
          note: (message) => this.opts.sink.note(`[${this.opts.context}] events: ${message}`),
        },
      ),
    };
    this.scopes.set(name, scope);
    scope.watch.start();
  }

  private scopeState(scope: Scope, state: ListWatchState): void {
    scope.state = state;
    if (state.phase === 'error' && scope.name === '' && state.error.status === 403 && !this.fallback) {
      void this.startFallback();
    }
  }

  /** Cluster-wide Events are forbidden: one list/watch per namespace whose Leases are watched. */
  private async startFallback(): Promise<void> {
    this.fallback = true;
    const cluster = this.scopes.get('');
    this.scopes.delete('');
    await cluster?.watch.stop();
    if (this.stopped) {
      return;
    }
    this.opts.sink.note(`[${this.opts.context}] events: cluster scope is forbidden; watching ${this.opts.namespaces().join(', ')}`);
    this.syncNamespaces();
  }

  /** When watching per namespace: one scope for each namespace `namespaces()` names now (the Leases' namespaces change). */
  syncNamespaces(): void {
    if (!this.fallback || this.stopped) {
      return;
    }
    const wanted = new Set(this.opts.namespaces());
    for (const ns of wanted) {
      if (!this.scopes.has(ns)) {
        this.startScope(ns, `/api/v1/namespaces/${encodeURIComponent(ns)}/events`);
      }
    }
  }

  private keyOf(event: LeadershipEvent): LeaseKey | undefined {
    return electionEventKinds.includes(event.kind ?? '') && event.namespace && event.name
      ? leaseKey(this.opts.context, event.namespace, event.name)
      : undefined;
  }

  private replace(scope: Scope, items: KubeObject[]): void {
    const changed = new Set<LeaseKey>();
    const seen = new Set<string>();
    for (const raw of items) {
      const event = toLeadershipEvent(raw);
      if (event && event.reason === 'LeaderElection') {
        seen.add(event.uid);
        this.put(event, changed);
      }
    }
    for (const uid of scope.uids) {
      if (!seen.has(uid)) {
        this.drop(uid, changed);
      }
    }
    scope.uids = seen;
    this.bound(changed);
    this.opts.sink.changed(changed);
  }

  private event(scope: Scope, type: WatchEventType, raw: KubeObject): void {
    const event = toLeadershipEvent(raw);
    if (!event || event.reason !== 'LeaderElection') {
      return;
    }
    const changed = new Set<LeaseKey>();
    if (type === 'DELETED') {
      // Gone from the cluster (Events expire): gone from the list; the records keep what it told.
      scope.uids.delete(event.uid);
      this.drop(event.uid, changed);
    } else {
      scope.uids.add(event.uid);
      this.put(event, changed);
      this.bound(changed);
    }
    this.opts.sink.changed(changed);
  }

  private put(event: LeadershipEvent, changed: Set<LeaseKey>): void {
    const existing = this.events.get(event.uid);
    if (existing && existing.time > event.time) {
      return;
    }
    if (existing && JSON.stringify(existing) === JSON.stringify(event)) {
      return;
    }
    this.events.set(event.uid, event);
    const key = this.keyOf(event);
    if (key) {
      changed.add(key);
    }
  }

  private drop(uid: string, changed: Set<LeaseKey>): void {
    const event = this.events.get(uid);
    if (event && this.events.delete(uid)) {
      const key = this.keyOf(event);
      if (key) {
        changed.add(key);
      }
    }
  }

  /** The newest `maxKept` only. */
  private bound(changed: Set<LeaseKey>): void {
    const max = this.opts.maxKept ?? maxLeadershipEvents;
    if (this.events.size <= max) {
      return;
    }
    const oldest = [...this.events.values()].sort((a, b) => a.time - b.time).slice(0, this.events.size - max);
    for (const event of oldest) {
      this.drop(event.uid, changed);
    }
  }
}
