// The fate of the old leader, for each ended term of a followed Lease: GETs the holder's pod, its
// node, the pod's and node's Events, its ReplicaSet and the Deployment's other ReplicaSets, and
// the leadership lines of its log (the previous container's too when it restarted), then lets
// src/core/leaderFate.ts name the cause. Bounded: the newest MAX_FATES ended terms, one look at a
// time, at most MAX_LOOKS looks per term (at the end, when the pod changes, and twice later);
// only GET.
import { deriveFate, type EventEvidence, type FateInput, type LogEvidence, type RolloutEvidence } from '../../core/leaderFate';
import { looksLikeHostname, parseHolderIdentity } from '../../core/identity';
import { matchLeadership, splitTimestamp } from '../../core/logLine';
import type { LeadershipMatcher } from '../../core/leadershipPatterns';
import { resolveCandidatePods, type PodSummary } from '../../core/podCandidates';
import { termFateKey, type TermFate } from '../../shared/fate';
import { t } from '../../shared/l10n';
import type { LeadershipTerm } from '../../shared/types';
import type { KubeClient } from '../kube/client';
import type { KubeError } from '../kube/errors';
import {
  rolloutOf,
  toEventEvidence,
  toNodeEvidence,
  toPodEvidence,
  type RawEvent,
  type RawFatePod,
  type RawNode,
  type RawReplicaSet,
} from './fateEvidence';

/** Ended terms whose fate is kept (the newest). */
export const MAX_FATES = 10;
/** Looks per term: at the end, on changes of its pod, and later. */
const MAX_LOOKS = 5;
/** Later looks after the first, for restarts and Events that come after the end. */
const LATER_LOOKS_MS = [10_000, 60_000];
const REQUEST_MS = 10_000;
const LOG_TAIL = 300;
const MAX_LOG_CONTAINERS = 3;
const MAX_SEEN_PODS = 2_000;

export interface TermFatesOptions {
  client: KubeClient;
  namespace: string;
  lease: string;
  /** The fates changed (all of them, oldest term first). */
  changed(fates: TermFate[]): void;
  note(text: string): void;
  /** What a line says about leadership; default the built-in phrases. */
  matchLeadership?: LeadershipMatcher;
  /** Where a holder's pod that was never seen is looked for: the current candidates' namespace; default the Lease's. */
  podNamespace?: () => string | undefined;
}

interface Job {
  term: LeadershipTerm;
  looks: number;
  podName?: string;
  podNamespace?: string;
  /** What the pod looked like at the last look (restarts, phase, deletion). */
  podState?: string;
  timers: NodeJS.Timeout[];
  queued: boolean;
}

function podState(p: PodSummary | undefined): string {
  return p ? `${p.restarts}/${p.phase ?? ''}/${p.deleting === true}` : 'gone';
}

/** Pods are known by namespace and name: candidates may live in several namespaces. */
function podId(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function isEnded(term: LeadershipTerm): boolean {
  return term.lostAt !== undefined || term.end !== undefined;
}

export class TermFates {
  private readonly jobs = new Map<string, Job>();
  private readonly fates = new Map<string, TermFate>();
  private readonly seen = new Map<string, PodSummary>();
  private readonly live = new Set<string>();
  private readonly queue: string[] = [];
  private running = false;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(private readonly o: TermFatesOptions) {}

  /**
   * The pods the follow sees now, of every namespace it watches (a pod that left stays known by
   * namespace and name, for its node and owner).
   */
  pods(all: Iterable<PodSummary>): void {
    this.live.clear();
    for (const p of all) {
      const id = podId(p.namespace, p.name);
      this.live.add(id);
      this.seen.delete(id);
      this.seen.set(id, p);
    }
    while (this.seen.size > MAX_SEEN_PODS) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.seen.delete(oldest);
    }
    for (const [key, job] of this.jobs) {
      if (job.podName !== undefined && job.looks < MAX_LOOKS) {
        const id = podId(job.podNamespace ?? this.o.namespace, job.podName);
        const now = this.live.has(id) ? podState(this.seen.get(id)) : 'gone';
        if (job.podState !== undefined && now !== job.podState) {
          this.enqueue(key);
        }
      }
    }
  }

  /** The follow's timeline changed: look at every newly ended term (the newest MAX_FATES). */
  timeline(terms: readonly LeadershipTerm[]): void {
    const ended = terms.filter(isEnded).slice(-MAX_FATES);
    const keep = new Set(ended.map(termFateKey));
    for (const [key, job] of this.jobs) {
      if (!keep.has(key)) {
        job.timers.forEach(clearTimeout);
        this.jobs.delete(key);
        this.fates.delete(key);
      }
    }
    for (const term of ended) {
      const key = termFateKey(term);
      const job = this.jobs.get(key);
      if (job) {
        job.term = term;
        continue;
      }
      const fresh: Job = { term, looks: 0, timers: [], queued: false };
      this.jobs.set(key, fresh);
      this.enqueue(key);
      for (const delay of LATER_LOOKS_MS) {
        fresh.timers.push(setTimeout(() => this.enqueue(key), delay));
      }
    }
  }

  /** Oldest term first. */
  list(): TermFate[] {
    return [...this.fates.values()].sort((a, b) => (a.acquiredAt ?? a.lostAt ?? 0) - (b.acquiredAt ?? b.lostAt ?? 0));
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    for (const job of this.jobs.values()) {
      job.timers.forEach(clearTimeout);
    }
  }

  private enqueue(key: string): void {
    const job = this.jobs.get(key);
    if (this.stopped || !job || job.queued || job.looks >= MAX_LOOKS) {
      return;
    }
    job.queued = true;
    this.queue.push(key);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = true;
    try {
      for (let key = this.queue.shift(); key !== undefined && !this.stopped; key = this.queue.shift()) {
        const job = this.jobs.get(key);
        if (!job) {
          continue;
        }
        job.queued = false;
        job.looks++;
        const settled = job.looks >= MAX_LOOKS || job.looks > LATER_LOOKS_MS.length;
        let fate: TermFate;
        try {
          fate = await this.look(job, settled);
        } catch (err) {
          this.o.note(`fate of ${job.term.holder}: ${err instanceof Error ? err.message : String(err)}`);
          continue;
        }
        if (this.stopped || !this.jobs.has(key)) {
          continue;
        }
        const before = this.fates.get(key);
        if (JSON.stringify(before) !== JSON.stringify(fate)) {
          this.fates.set(key, fate);
          this.o.changed(this.list());
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** The holder's pod: the candidate rules with the pods seen so far, else the identity's hostname. */
  private locate(job: Job): { name?: string; namespace: string } {
    const result = resolveCandidatePods({
      lease: { namespace: this.o.namespace, name: this.o.lease, holderIdentity: job.term.holder },
      pods: [...this.seen.values()],
    });
    const holder = result.pods.find((p) => p.holder);
    if (holder) {
      return { name: holder.name, namespace: holder.namespace };
    }
    const hostname = parseHolderIdentity(job.term.holder).hostname?.toLowerCase();
    return {
      name: hostname !== undefined && looksLikeHostname(hostname) ? hostname : undefined,
      namespace: this.o.podNamespace?.() ?? this.o.namespace,
    };
  }

  private get<T>(
    path: string,
    query: Record<string, string | number | boolean | undefined> = {},
  ): Promise<{ ok: true; value: T } | { ok: false; error: KubeError }> {
    return this.o.client.getJson<T>(path, query, { timeoutMs: REQUEST_MS, signal: this.abort.signal });
  }

  private async look(job: Job, settled: boolean): Promise<TermFate> {
    const notes: string[] = [];
    const located = job.podName !== undefined ? { name: job.podName, namespace: job.podNamespace ?? this.o.namespace } : this.locate(job);
    job.podName = located.name;
    job.podNamespace = located.namespace;
    const input: FateInput = { term: job.term, pod: 'unknown', events: [], logs: [], notes, settled };
    if (located.name === undefined) {
      notes.push(t('No pod found for the holder {0}.', job.term.holder));
      return deriveFate(input);
    }
    input.podName = located.name;
    const id = podId(located.namespace, located.name);
    const seen = this.seen.get(id);
    job.podState = this.live.has(id) ? podState(seen) : 'gone';
    const ns = encodeURIComponent(located.namespace);
    const podPath = `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(located.name)}`;

    const pod = await this.get<RawFatePod>(podPath);
    let raw: RawFatePod | undefined;
    if (pod.ok) {
      raw = pod.value;
      input.pod = toPodEvidence(raw);
    } else if (pod.error.status === 404) {
      input.pod = 'gone';
    } else {
      notes.push(this.problem(t('the pod {0}', located.name), pod.error));
    }
    const nodeName = raw?.spec?.nodeName ?? seen?.nodeName;
    if (nodeName !== undefined && nodeName !== '') {
      input.nodeName = nodeName;
      const node = await this.get<RawNode>(`/api/v1/nodes/${encodeURIComponent(nodeName)}`);
      if (node.ok) {
        input.node = toNodeEvidence(node.value, nodeName);
      } else if (node.error.status === 404) {
        input.node = 'gone';
      } else {
        notes.push(this.problem(t('the node {0}', nodeName), node.error));
      }
    }

    input.events = await this.events(located.namespace, located.name, nodeName, notes);
    input.rollout = await this.rollout(located.namespace, located.name, raw, seen, notes);
    input.logs = await this.logs(podPath, raw, notes);
    return deriveFate(input);
  }

  private problem(what: string, error: KubeError): string {
    return error.status === 403
      ? t('Lease Lens may not read {0}: {1}', what, error.message)
      : error.status === 404
        ? t('{0} was not found.', what)
        : t('Lease Lens cannot read {0}: {1}', what, error.message);
  }

  private async events(namespace: string, pod: string, node: string | undefined, notes: string[]): Promise<EventEvidence[]> {
    const out: EventEvidence[] = [];
    const read = async (path: string, selector: string, what: string): Promise<void> => {
      const list = await this.get<{ items?: RawEvent[] }>(path, { fieldSelector: selector, limit: 200 });
      if (!list.ok) {
        notes.push(this.problem(what, list.error));
        return;
      }
      for (const item of list.value.items ?? []) {
        const e = toEventEvidence(item);
        if (e) {
          out.push(e);
        }
      }
    };
    await read(`/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, `involvedObject.name=${pod}`, t('the Events of pod {0}', pod));
    if (node !== undefined && node !== '') {
      await read('/api/v1/events', `involvedObject.kind=Node,involvedObject.name=${node}`, t('the Events of node {0}', node));
    }
    return out;
  }

  private async rollout(
    namespace: string,
    podName: string,
    raw: RawFatePod | undefined,
    seen: PodSummary | undefined,
    notes: string[],
  ): Promise<RolloutEvidence | undefined> {
    const refs = raw?.metadata?.ownerReferences ?? seen?.ownerReferences ?? [];
    const owner = refs.find((o) => o.controller === true) ?? refs[0];
    // A pod gone before it was seen: a ReplicaSet's pods are named `<replicaset>-<5 characters>`.
    const guessed = raw === undefined && seen === undefined ? /^(.+)-[a-z0-9]{5}$/.exec(podName)?.[1] : undefined;
    const rsName = owner?.kind === 'ReplicaSet' && owner.name ? owner.name : guessed;
    if (rsName === undefined) {
      return undefined;
    }
    const base = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/replicasets`;
    const rs = await this.get<RawReplicaSet>(`${base}/${encodeURIComponent(rsName)}`);
    if (!rs.ok) {
      if (rsName !== guessed || rs.error.status !== 404) {
        notes.push(this.problem(t('the ReplicaSet {0}', rsName), rs.error));
      }
      return undefined;
    }
    const all = await this.get<{ items?: RawReplicaSet[] }>(base, { limit: 500 });
    if (!all.ok) {
      notes.push(this.problem(t('the ReplicaSets in {0}', namespace), all.error));
      return undefined;
    }
    return rolloutOf(rs.value, all.value.items ?? []);
  }

  /** The leadership lines of each container's log; the previous instance's too when it restarted. */
  private async logs(podPath: string, raw: RawFatePod | undefined, notes: string[]): Promise<LogEvidence[]> {
    if (!raw) {
      return [];
    }
    const out: LogEvidence[] = [];
    for (const c of (raw.status?.containerStatuses ?? []).slice(0, MAX_LOG_CONTAINERS)) {
      if (!c.name) {
        continue;
      }
      const instances: boolean[] = c.lastState?.terminated ? [true, false] : [false];
      for (const previous of instances) {
        const lines: LogEvidence[] = [];
        const end = await this.o.client.stream(
          `${podPath}/log`,
          { container: c.name, tailLines: LOG_TAIL, timestamps: true, previous: previous ? true : undefined },
          {
            inactivityMs: REQUEST_MS,
            signal: this.abort.signal,
            maxLineBytes: 16 * 1024,
            onLine: (line) => {
              const { time, text } = splitTimestamp(line);
              const signal = (this.o.matchLeadership ?? matchLeadership)(text);
              if (signal !== undefined && time !== undefined) {
                lines.push({ at: time, text, signal, previous });
              }
            },
          },
        );
        if (end.kind === 'error') {
          notes.push(this.problem(previous ? t('the previous log of {0}', c.name) : t('the log of {0}', c.name), end.error));
        }
        out.push(...lines.slice(-20));
      }
    }
    return out;
  }
}
