// A followed Lease's split-brain watch: the candidate pods' metrics (PodMetricsPoller), the
// latest leadership log line of each pod, the Lease and its Events, put through the pure rules of
// src/core/splitBrain.ts once a second (no request: the inputs arrive by themselves). The readings
// and the state go to the client in the follow's updates, only when they changed.
import { parseMicroTime } from '../../core/microTime';
import {
  advanceSplitBrain,
  defaultRetryPeriodMs,
  findSplitBrainEvidence,
  isDecisive,
  splitBrainChanged,
  type PodLeadershipLine,
} from '../../core/splitBrain';
import type { PodMetrics, SplitBrainState } from '../../shared/splitBrain';
import type { FollowUpdate, LeaseEvent, LeaseInfo, LogLine, PodRef } from '../../shared/types';
import type { KubeClient } from '../kube/client';
import type { RawPodPorts } from './metricsPort';
import { metricsPollIntervalMs, PodMetricsPoller } from './podMetricsPoller';

export interface SplitBrainWatchOptions {
  client: KubeClient;
  namespace: string;
  leaseName: string;
  settingPort?: number;
  /** The election's retry period (ms) as known now (the candidates' flags); undefined: client-go's 2 s. */
  retryPeriodMs?: () => number | undefined;
  /** What the follow session knows now. */
  current(): { lease?: LeaseInfo; deleted: boolean; pods: readonly PodRef[]; events: readonly LeaseEvent[] };
  update(change: Pick<FollowUpdate, 'podMetrics' | 'splitBrain'>): void;
  note(text: string): void;
}

const evaluateEveryMs = 1_000;

export class SplitBrainWatch {
  private readonly poller: PodMetricsPoller;
  private metrics: PodMetrics[] = [];
  private readonly lines = new Map<string, PodLeadershipLine>();
  private state: SplitBrainState | undefined;
  private holder: string | undefined;
  private holderSeenAt: number | undefined;
  /** True once a Lease version has been evaluated. */
  private evaluated = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: SplitBrainWatchOptions) {
    this.poller = new PodMetricsPoller({
      client: opts.client,
      namespace: opts.namespace,
      leaseName: opts.leaseName,
      settingPort: opts.settingPort,
      note: (text) => opts.note(text),
      read: (metrics) => {
        this.metrics = metrics;
        this.opts.update({ podMetrics: metrics });
        this.evaluate();
      },
    });
  }

  get podMetrics(): PodMetrics[] | undefined {
    return this.metrics.length > 0 ? this.metrics : undefined;
  }

  get splitBrain(): SplitBrainState | undefined {
    return this.state;
  }

  start(): void {
    this.timer = setInterval(() => this.evaluate(), evaluateEveryMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = undefined;
    this.poller.stop();
  }

  setRawPods(items: readonly RawPodPorts[]): void {
    this.poller.setRawPods(items);
  }

  rawPod(type: 'ADDED' | 'MODIFIED' | 'DELETED', item: RawPodPorts): void {
    this.poller.rawPod(type, item);
  }

  setCandidates(pods: readonly PodRef[]): void {
    this.poller.setCandidates(pods);
  }

  /** Every log line as it arrives; only decisive leadership lines are kept, the latest per pod. */
  line(line: LogLine): void {
    if (!line.signal || !isDecisive(line.signal)) {
      return;
    }
    const held = this.lines.get(line.pod);
    if (held && held.time > line.time) {
      return;
    }
    const pod = this.opts.current().pods.find((p) => p.name === line.pod);
    this.lines.set(line.pod, { pod: line.pod, signal: line.signal, time: line.time, restarts: pod?.restarts ?? 0 });
  }

  private evaluate(): void {
    const now = Date.now();
    const { lease, deleted, pods, events } = this.opts.current();
    const holder = deleted ? undefined : lease?.spec.holderIdentity || undefined;
    if (holder !== this.holder) {
      // The holder found when the follow starts held before any reading; a new one from when its version was seen.
      this.holderSeenAt = holder ? (this.evaluated ? Math.min(now, lease?.observedAt ?? now) : 0) : undefined;
      this.holder = holder;
    }
    this.evaluated ||= lease !== undefined;
    for (const pod of this.lines.keys()) {
      if (!pods.some((p) => p.name === pod)) {
        this.lines.delete(pod);
      }
    }
    const duration = lease?.spec.leaseDurationSeconds;
    const found = findSplitBrainEvidence({
      now,
      lease:
        lease && holder
          ? {
              holder,
              acquiredAt: parseMicroTime(lease.spec.acquireTime),
              renewedAt: parseMicroTime(lease.spec.renewTime),
              durationMs: typeof duration === 'number' && duration > 0 ? duration * 1000 : undefined,
              observedAt: lease.observedAt,
            }
          : undefined,
      holderSeenAt: this.holderSeenAt,
      pods: pods.map((p) => ({ name: p.name, holder: p.holder, restarts: p.restarts, running: p.phase === 'Running' })),
      metrics: this.metrics,
      metricsMaxAgeMs: 3 * metricsPollIntervalMs,
      lines: [...this.lines.values()],
      events,
    });
    const next = advanceSplitBrain(this.state, found, now, this.opts.retryPeriodMs?.() ?? defaultRetryPeriodMs);
    if (splitBrainChanged(this.state, next)) {
      this.state = next;
      this.opts.update({ splitBrain: next });
    }
  }
}
