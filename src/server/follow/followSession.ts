// Everything the server keeps for one followed Lease: the Lease itself (its own watch, so it is
// followed whatever the tree shows), its Events, its leadership timeline, its candidate pods and
// their logs. Changes reach the client as batched FollowUpdates.
import { podSearchNames, resolveCandidatePods, type CandidateLease, type PodNameSearch, type PodSummary } from '../../core/podCandidates';
import { advanceTimeline, emptyTimeline } from '../../core/timeline';
import type { LeadershipMatcher } from '../../core/leadershipPatterns';
import { mergeEvents, toLeaseEvent } from '../../core/events';
import { flushIntervalMs, listPageSize, maxEvents } from '../../shared/constants';
import type {
  FollowSnapshot,
  FollowUpdate,
  LeaseEvent,
  LeaseInfo,
  LeaseKey,
  LeaseTimeline,
  LogLine,
  PodRef,
  PodResolution,
} from '../../shared/types';
import type { KubeClient } from '../kube/client';
import type { KubeError } from '../kube/errors';
import { clip } from '../redact';
import { ListWatch } from '../kube/listWatch';
import { toLeaseInfo, type RawLease } from '../leases/convert';
import { LogStreams } from './logStreams';
import { fateTerms } from '../../core/fateTerms';
import type { HealthTerm } from '../../shared/health';
import { TermFates } from './termFate';
import { SplitBrainWatch } from './splitBrainWatch';
import { toPodSummary, type RawPod } from './podSummary';
import { FollowTiming } from './followTiming';
import { searchPodByName } from './podSearch';
import type { ElectionTiming } from '../../shared/timing';
import { t } from '../../shared/l10n';
import { mergeElection } from '../../core/lockRecords';
import { electionEventKinds, FollowLocks } from './followLocks';

export interface FollowOptions {
  key: LeaseKey;
  context: string;
  namespace: string;
  name: string;
  client: KubeClient;
  /** Label selector override for candidate pods, from leaseLens.podSelectors. */
  podSelector?: string;
  /** Namespaces to look for candidate pods in besides the Lease's (leaseLens.podNamespaces). */
  podNamespaces?: readonly string[];
  /** Namespaces a search by name for the holder's pod tries when listing namespaces is forbidden. */
  searchNamespaces?: readonly string[];
  tailLines: number;
  bufferLines: number;
  update(update: FollowUpdate): void;
  note(text: string): void;
  flushIntervalMs?: number;
  /** leaseLens.metricsPorts' port for this Lease, when set. */
  metricsPort?: number;
  /** The election's retry period (ms) the split-brain alarm waits for; default client-go's 2 s. */
  retryPeriodMs?: number;
  /** The Lease server's leadership record of the Lease: its ended terms from before the follow get fates too. */
  recordTerms?: () => readonly HealthTerm[];
  /** What a log line says about leadership (the user's patterns, then the built-in phrases). */
  matchLeadership?: LeadershipMatcher;
  /** leaseLens.lockKinds: the ConfigMap/Endpoints records of the election are followed too. */
  lockKinds?: readonly string[];
}

export class FollowSession {
  /** The election as shown: the Lease merged with its ConfigMap/Endpoints records. */
  private lease: LeaseInfo | undefined;
  /** The Lease object itself, as watched. */
  private leaseObject: LeaseInfo | undefined;
  private readonly locks: FollowLocks;
  private deleted = false;
  private lastHolder: string | undefined;
  private timeline: LeaseTimeline = emptyTimeline();
  private events: LeaseEvent[] = [];
  private eventsMessage: string | undefined;
  /** The pods of every namespace watched, by `namespace/name`. */
  private readonly pods = new Map<string, PodSummary>();
  /** One pod watch per namespace: the Lease's, leaseLens.podNamespaces', and where a search found the holder's pod. */
  private readonly podScopes = new Map<string, { watch?: ListWatch<RawPod>; settled: boolean }>();
  /** The search by name for the holder's pod in other namespaces (one per set of names). */
  private search: { key: string; state: PodNameSearch } | undefined;
  private readonly searchAbort = new AbortController();
  /** The namespace where the search found the holder's pod, when it is watched for that. */
  private foundNamespace: string | undefined;
  private candidates: PodRef[] = [];
  private podResolution: PodResolution = 'resolving';
  private podMessage: string | undefined;
  private logsMessage: string | undefined;
  private readonly watches: ListWatch<RawLease | RawPod | Record<string, unknown>>[] = [];
  private readonly logs: LogStreams;
  private seq = 0;
  private pending: FollowUpdate | undefined;
  private pendingLines: LogLine[] = [];
  /** Lines that fell out of pendingLines before a flush. */
  private unsent = 0;
  /** The droppedLines value last sent. */
  private sentDropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private stopped = false;
  private podsListed = false;
  private readonly fates: TermFates;
  private readonly splitBrain: SplitBrainWatch;
  private readonly timingSource = new FollowTiming();
  private timing: ElectionTiming | undefined;

  constructor(private readonly opts: FollowOptions) {
    this.locks = new FollowLocks({
      client: opts.client,
      namespace: opts.namespace,
      name: opts.name,
      kinds: opts.lockKinds,
      changed: () => this.showElection(Date.now()),
      note: (text) => opts.note(`[${opts.key}] ${text}`),
    });
    this.fates = new TermFates({
      client: opts.client,
      namespace: opts.namespace,
      lease: opts.name,
      changed: (fates) => this.queue({ fates }),
      note: (text) => opts.note(`[${opts.key}] ${text}`),
      matchLeadership: opts.matchLeadership,
      podNamespace: () => this.candidates.find((p) => p.holder)?.namespace ?? this.candidates[0]?.namespace,
    });
    this.logs = new LogStreams({
      client: opts.client,
      tailLines: opts.tailLines,
      bufferLines: opts.bufferLines,
      line: (line) => {
        this.splitBrain.line(line);
        this.queueLine(line);
      },
      message: (text) => {
        this.logsMessage = text;
        this.queue({ logsMessage: text ?? '' });
      },
      note: (text) => opts.note(text),
      nextSeq: () => ++this.seq,
      matchLeadership: opts.matchLeadership,
    });
    this.splitBrain = new SplitBrainWatch({
      client: opts.client,
      namespace: opts.namespace,
      leaseName: opts.name,
      settingPort: opts.metricsPort,
      // The candidates' own --leader-elect-retry-period when read, else the option, else client-go's default.
      retryPeriodMs: () => this.timing?.retryPeriod.ms ?? opts.retryPeriodMs,
      current: () => ({ lease: this.lease, deleted: this.deleted, pods: this.candidates, events: this.events }),
      update: (change) => this.queue(change),
      note: (text) => opts.note(`[${opts.key}] ${text}`),
    });
  }

  start(): void {
    const ns = encodeURIComponent(this.opts.namespace);
    this.splitBrain.start();
    this.watch<RawLease>(
      `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`,
      { fieldSelector: `metadata.name=${this.opts.name}` },
      {
        replace: (items, at) => {
          const raw = items.find((i) => (i as RawLease | null)?.metadata?.name === this.opts.name);
          if (raw) {
            this.setLease(raw, at);
          } else if (this.leaseObject) {
            this.leaseObject = undefined;
            this.showElection(at);
          }
        },
        event: (type, raw, at) => {
          if (type === 'DELETED') {
            this.leaseObject = undefined;
            this.showElection(at);
          } else {
            this.setLease(raw, at);
          }
        },
      },
    );
    this.locks.start();
    this.startEvents('core');
    this.watchPods(this.opts.namespace);
    for (const namespace of this.opts.podNamespaces ?? []) {
      this.watchPods(namespace);
    }
  }

  /** Watches the pods of a namespace (the Lease's, or one where candidates may be). */
  private watchPods(namespace: string): void {
    if (this.podScopes.has(namespace)) {
      return;
    }
    const scope: { watch?: ListWatch<RawPod>; settled: boolean } = { settled: false };
    this.podScopes.set(namespace, scope);
    const own = namespace === this.opts.namespace;
    const podQuery: Record<string, string> = this.opts.podSelector ? { labelSelector: this.opts.podSelector } : {};
    scope.watch = this.watch<RawPod>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, podQuery, {
      replace: (items) => {
        this.dropPods(namespace);
        for (const raw of items) {
          this.podChanged('ADDED', raw);
        }
        scope.settled = true;
        this.podsListed = this.podScopes.get(this.opts.namespace)?.settled === true;
        this.resolvePods();
      },
      event: (type, raw) => {
        if (this.podChanged(type, raw)) {
          this.resolvePods();
        }
      },
      error: (error) => {
        if (!own) {
          // Another namespace that cannot be read adds no pods; the Lease's own still counts.
          scope.settled = true;
          this.resolvePods();
          return;
        }
        this.podResolution = 'error';
        this.podMessage =
          error.status === 403
            ? t('Cannot list pods in {0}: {1} Ask for list/watch on pods to see the controller logs.', this.opts.namespace, error.message)
            : t('Cannot list pods in {0}: {1}', this.opts.namespace, error.message);
        this.queue({ podResolution: this.podResolution, podMessage: this.podMessage });
      },
    });
  }

  /** A pod added, changed or deleted, for every part that keeps pods (keyed `namespace/name`); false when it is no pod. */
  private podChanged(type: 'ADDED' | 'MODIFIED' | 'DELETED', raw: RawPod): boolean {
    const pod = toPodSummary(raw);
    if (!pod) {
      return false;
    }
    const id = `${pod.namespace}/${pod.name}`;
    this.splitBrain.rawPod(type, raw);
    if (type === 'DELETED') {
      this.pods.delete(id);
      this.timingSource.deletePod(id);
    } else {
      this.pods.set(id, pod);
      this.timingSource.setPod(raw);
    }
    return true;
  }

  /** Forgets the pods of a namespace (before its list replaces them, or when it is no longer watched). */
  private dropPods(namespace: string): void {
    for (const pod of [...this.pods.values()]) {
      if (pod.namespace === namespace) {
        this.podChanged('DELETED', { metadata: { name: pod.name, namespace } });
      }
    }
  }

  /** Stops watching a namespace's pods. */
  private unwatchPods(namespace: string): void {
    const scope = this.podScopes.get(namespace);
    if (!scope) {
      return;
    }
    this.podScopes.delete(namespace);
    const at = this.watches.indexOf(scope.watch as unknown as (typeof this.watches)[number]);
    if (at >= 0) {
      this.watches.splice(at, 1);
    }
    void scope.watch?.stop();
    this.dropPods(namespace);
  }

  /**
   * No pod of the watched namespaces matched the holder: search the other namespaces for a pod of the
   * name the identity gives, once per set of names. True when a search started.
   */
  private startSearch(lease: CandidateLease): boolean {
    const { names, namespaces: hinted } = podSearchNames(lease);
    const key = names.join(',');
    if (names.length === 0 || this.search?.key === key) {
      return false;
    }
    const search = { key, state: { names, namespaces: [], skipped: 0, listed: false, running: true } as PodNameSearch };
    this.search = search;
    void searchPodByName({
      client: this.opts.client,
      names,
      hinted,
      fallback: this.opts.searchNamespaces ?? [],
      exclude: [...this.podScopes.keys()],
      signal: this.searchAbort.signal,
      note: (text) => this.opts.note(`[${this.opts.key}] ${text}`),
    }).then(
      (outcome) => {
        if (this.stopped || this.search !== search) {
          return;
        }
        search.state = { names, ...outcome };
        const found = outcome.foundIn;
        if (found === undefined) {
          this.resolvePods();
          return;
        }
        if (
          this.foundNamespace !== undefined &&
          this.foundNamespace !== found &&
          !(this.opts.podNamespaces ?? []).includes(this.foundNamespace)
        ) {
          this.unwatchPods(this.foundNamespace);
        }
        this.foundNamespace = found;
        this.watchPods(found);
      },
      (err: unknown) => this.opts.note(`[${this.opts.key}] pod search: ${err instanceof Error ? err.message : String(err)}`),
    );
    return true;
  }

  snapshot(): FollowSnapshot {
    return {
      key: this.opts.key,
      lease: this.lease,
      deleted: this.deleted,
      events: this.events,
      eventsMessage: this.eventsMessage,
      timeline: this.timeline,
      pods: this.candidates,
      podResolution: this.podResolution,
      podMessage: this.podMessage,
      logs: this.logs.snapshot(),
      logsMessage: this.logsMessage,
      droppedLines: this.droppedLines,
      ...(this.fates.list().length > 0 ? { fates: this.fates.list() } : {}),
      ...(this.splitBrain.podMetrics ? { podMetrics: this.splitBrain.podMetrics } : {}),
      ...(this.splitBrain.splitBrain ? { splitBrain: this.splitBrain.splitBrain } : {}),
      ...(this.timing ? { timing: this.timing } : {}),
    };
  }

  /** Memory-relevant numbers, for tests and the server log. */
  stats(): { bufferedLines: number; dropped: number; pods: number } {
    return { bufferedLines: this.logs.bufferedLines, dropped: this.droppedLines, pods: this.candidates.length };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.searchAbort.abort();
    this.logs.stop();
    this.fates.stop();
    this.splitBrain.stop();
    await Promise.all([...this.watches.map((w) => w.stop()), this.locks.stop()]);
  }

  private watch<T extends RawLease | RawPod | Record<string, unknown>>(
    path: string,
    query: Record<string, string>,
    on: {
      replace(items: T[], at: number): void;
      event(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T, at: number): void;
      error?(error: KubeError): boolean | void;
    },
  ): ListWatch<T> {
    const lw = new ListWatch<T>(
      { client: this.opts.client, path, query, pageSize: listPageSize, bookmarks: true },
      {
        replace: (items, at) => on.replace(items, at),
        event: (type, obj, at) => on.event(type, obj, at),
        state: (state) => {
          if (state.phase === 'error') {
            this.opts.note(`[${this.opts.key}] ${path}: ${state.error.message}`);
            on.error?.(state.error);
          }
        },
        note: (text) => this.opts.note(`[${this.opts.key}] ${text}`),
      },
    );
    this.watches.push(lw as unknown as ListWatch<RawLease | RawPod | Record<string, unknown>>);
    lw.start();
    return lw;
  }

  /** core/v1 Events first; events.k8s.io/v1 when core Events are forbidden. */
  private startEvents(api: 'core' | 'events.k8s.io'): void {
    const ns = encodeURIComponent(this.opts.namespace);
    const path = api === 'core' ? `/api/v1/namespaces/${ns}/events` : `/apis/events.k8s.io/v1/namespaces/${ns}/events`;
    const prefix = api === 'core' ? 'involvedObject' : 'regarding';
    const lw: ListWatch<Record<string, unknown>> = this.watch<Record<string, unknown>>(
      path,
      // By name only: the election's Events may be on its Lease, ConfigMap or Endpoints (kinds filtered here).
      { fieldSelector: `${prefix}.name=${this.opts.name}` },
      {
        replace: (items) => {
          this.events = mergeEvents(
            [],
            items
              .filter((i) => electionEventKinds.includes(involvedKind(i, prefix)))
              .map(toLeaseEvent)
              .filter((e): e is LeaseEvent => e !== undefined),
            maxEvents,
          );
          this.setEventsMessage(undefined);
          this.queue({ events: this.events });
        },
        event: (type, obj) => {
          const event = electionEventKinds.includes(involvedKind(obj, prefix)) ? toLeaseEvent(obj) : undefined;
          if (!event) {
            return;
          }
          this.events = type === 'DELETED' ? this.events.filter((e) => e.uid !== event.uid) : mergeEvents(this.events, [event], maxEvents);
          this.queue({ events: this.events });
        },
        error: (error) => {
          if (error.status === 403 && api === 'core') {
            void lw.stop();
            this.startEvents('events.k8s.io');
            return;
          }
          this.setEventsMessage(
            error.status === 403
              ? t(
                  'You may not list Events in {0}: {1}. The leadership history is built from the Lease itself.',
                  this.opts.namespace,
                  error.message,
                )
              : t('Events cannot be read now: {0}', error.message),
          );
        },
      },
    );
  }

  private setEventsMessage(text: string | undefined): void {
    if (text === this.eventsMessage) {
      return;
    }
    this.eventsMessage = text;
    this.queue({ eventsMessage: text ?? '' });
  }

  private setLease(raw: RawLease, observedAt: number): void {
    const lease = toLeaseInfo(raw, this.opts.context, observedAt);
    if (!lease) {
      return;
    }
    const before = this.leaseObject;
    if (before && before.resourceVersion === lease.resourceVersion && before.uid === lease.uid) {
      return;
    }
    this.leaseObject = lease;
    this.showElection(observedAt);
  }

  /** The election again from its Lease and its other records; gone from all of them: deleted. */
  private showElection(observedAt: number): void {
    const next = mergeElection({ context: this.opts.context, lease: this.leaseObject, locks: this.locks.locks(), now: observedAt });
    if (!next) {
      if (this.lease) {
        this.markDeleted();
      }
      return;
    }
    const previous = this.lease;
    const sameRecord =
      previous !== undefined &&
      previous.resourceVersion === next.resourceVersion &&
      previous.uid === next.uid &&
      previous.lock === next.lock;
    if (
      sameRecord &&
      JSON.stringify([previous.otherRecords, previous.recordsDisagree]) === JSON.stringify([next.otherRecords, next.recordsDisagree])
    ) {
      return;
    }
    if (sameRecord) {
      // Only another record changed: the same version of the record shown, no step in the timeline.
      this.lease = next;
      this.queue({ lease: next });
      return;
    }
    this.timeline = advanceTimeline(this.timeline, previous, next);
    this.lease = next;
    this.fates.timeline(fateTerms(this.timeline.terms, this.opts.recordTerms?.() ?? []));
    this.timingSource.observeLease(next);
    const update: Omit<FollowUpdate, 'key'> = { lease: next, timeline: this.timeline };
    if (this.deleted) {
      this.deleted = false;
      update.deleted = false;
    }
    this.queue(update);
    const holder = next.spec.holderIdentity;
    if (holder && holder !== this.lastHolder) {
      this.lastHolder = holder;
      this.resolvePods();
    }
    this.refreshTiming();
  }

  /** The election's timing again; queued only when it changed. */
  private refreshTiming(): void {
    const timing = this.timingSource.timing(this.candidates, this.lease, this.timeline);
    if (timing === undefined || JSON.stringify(timing) === JSON.stringify(this.timing)) {
      return;
    }
    this.timing = timing;
    this.queue({ timing });
  }

  private markDeleted(): void {
    if (this.deleted) {
      return;
    }
    this.deleted = true;
    this.queue({ deleted: true });
  }

  private resolvePods(): void {
    if (!this.podsListed || [...this.podScopes.values()].some((s) => !s.settled)) {
      return;
    }
    this.fates.pods(this.pods.values());
    const lease: CandidateLease = {
      namespace: this.opts.namespace,
      name: this.opts.name,
      holderIdentity: this.lastHolder ?? this.lease?.spec.holderIdentity,
      labels: this.lease?.labels,
    };
    const resolve = () =>
      resolveCandidatePods({
        lease,
        pods: [...this.pods.values()],
        selector: this.opts.podSelector,
        namespaces: [...this.podScopes.keys()],
        settingNamespaces: this.opts.podNamespaces,
        search: this.search?.key === podSearchNames(lease).names.join(',') ? this.search.state : undefined,
      });
    let result = resolve();
    if (result.resolution === 'none' && !this.opts.podSelector && this.startSearch(lease)) {
      result = resolve();
    }
    const changed =
      JSON.stringify(result.pods) !== JSON.stringify(this.candidates) ||
      result.resolution !== this.podResolution ||
      result.message !== this.podMessage;
    this.candidates = result.pods;
    this.podResolution = result.resolution;
    // Bounded by its parts (each clipped, at most a dozen namespaces named): long enough for the rules tried and the hint.
    this.podMessage = result.message ? clip(result.message, 2000) : undefined;
    if (changed) {
      this.queue({ pods: this.candidates, podResolution: this.podResolution, podMessage: this.podMessage ?? '' });
    }
    this.logs.setTargets(this.candidates.filter((p) => p.phase !== 'Pending'));
    this.splitBrain.setCandidates(this.candidates);
    this.refreshTiming();
  }

  /** Merges a change into the pending update and flushes at most every interval. */
  private queue(change: Omit<FollowUpdate, 'key'>): void {
    if (this.stopped) {
      return;
    }
    this.pending = Object.assign(this.pending ?? { key: this.opts.key }, change);
    this.schedule();
  }

  /** A new log line: it waits in a bounded list for the next flush. */
  private queueLine(line: LogLine): void {
    if (this.stopped) {
      return;
    }
    this.pendingLines.push(line);
    // Trimmed in batches so the hot path stays O(1); what falls out never reaches the client.
    const bound = this.opts.bufferLines;
    if (this.pendingLines.length > 2 * bound) {
      this.unsent += this.pendingLines.splice(0, this.pendingLines.length - bound).length;
    }
    this.schedule();
  }

  /** Lines the client can no longer get: dropped from the buffers, or never sent. */
  private get droppedLines(): number {
    return this.logs.dropped + this.unsent;
  }

  private schedule(): void {
    if (!this.timer) {
      const wait = Math.max(0, this.lastFlush + (this.opts.flushIntervalMs ?? flushIntervalMs) - Date.now());
      this.timer = setTimeout(() => this.flush(), wait);
    }
  }

  private flush(): void {
    this.timer = undefined;
    if (this.stopped) {
      return;
    }
    const update = this.pending ?? { key: this.opts.key };
    this.pending = undefined;
    const bound = this.opts.bufferLines;
    if (this.pendingLines.length > bound) {
      this.unsent += this.pendingLines.splice(0, this.pendingLines.length - bound).length;
    }
    if (this.pendingLines.length > 0) {
      update.logs = this.pendingLines;
      this.pendingLines = [];
    }
    if (this.droppedLines !== this.sentDropped) {
      update.droppedLines = this.droppedLines;
      this.sentDropped = this.droppedLines;
    }
    if (Object.keys(update).length === 1) {
      return;
    } // nothing but the key
    this.lastFlush = Date.now();
    this.opts.update(update);
  }
}

/** The kind of the object an Event is about (core: involvedObject, events.k8s.io: regarding). */
function involvedKind(event: Record<string, unknown>, prefix: 'involvedObject' | 'regarding'): string {
  const ref = event[prefix];
  return typeof ref === 'object' && ref !== null && typeof (ref as { kind?: unknown }).kind === 'string'
    ? (ref as { kind: string }).kind
    : '';
}
