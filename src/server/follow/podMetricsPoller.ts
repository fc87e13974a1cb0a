// Reads the candidate pods' Prometheus metrics through the API server's pod proxy (GET
// /api/v1/namespaces/{ns}/pods/{name}:{port}/proxy/metrics), slowly and within bounds: one round
// every 10 s while the Lease is followed, at most `maxPods` pods a round, each answer at most
// `maxBytes` and `timeoutMs`, parsed strictly (src/core/promText.ts). A pod without a port, a 403
// and a 404 each give a note for that pod instead of numbers.
import { parsePromText } from '../../core/promText';
import { electionMetricNames, readElectionMetrics } from '../../core/electionMetrics';
import { formatNumber, t } from '../../shared/l10n';
import type { PodMetrics } from '../../shared/splitBrain';
import type { PodRef } from '../../shared/types';
import type { KubeClient } from '../kube/client';
import type { KubeError } from '../kube/errors';
import { clip } from '../redact';
import { metricsPortOf, podProxyMetricsPath, type MetricsPort, type RawPodPorts } from './metricsPort';

export interface PodMetricsPollerOptions {
  client: KubeClient;
  namespace: string;
  /** The Lease's name: the `name` label of leader_election_master_status. */
  leaseName: string;
  /** leaseLens.metricsPorts' port for this Lease, if any. */
  settingPort?: number;
  /** A round's readings, holder first. */
  read(metrics: PodMetrics[]): void;
  note(text: string): void;
  intervalMs?: number;
  maxPods?: number;
  maxBytes?: number;
  timeoutMs?: number;
}

export const metricsPollIntervalMs = 10_000;
const defaultMaxPods = 10;
const defaultMaxBytes = 4 * 1024 * 1024;
const defaultTimeoutMs = 5_000;

type Fetched = { ok: true; text: string } | { ok: false; error?: KubeError; tooLarge?: boolean; timedOut?: boolean };

export class PodMetricsPoller {
  private readonly raw = new Map<string, RawPodPorts>();
  private candidates: PodRef[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private rounds = 0;
  private readonly abort = new AbortController();

  constructor(private readonly opts: PodMetricsPollerOptions) {}

  /** Every pod of the list (replaces what was known). */
  setRawPods(items: readonly RawPodPorts[]): void {
    this.raw.clear();
    for (const item of items) {
      this.rawPod('ADDED', item);
    }
  }

  /** A pod of any namespace the follow watches (kept by `namespace/name`). */
  rawPod(type: 'ADDED' | 'MODIFIED' | 'DELETED', item: RawPodPorts): void {
    const name = item.metadata?.name;
    if (!name) {
      return;
    }
    const id = `${item.metadata?.namespace ?? this.opts.namespace}/${name}`;
    if (type === 'DELETED') {
      this.raw.delete(id);
    } else {
      this.raw.set(id, item);
    }
  }

  /** The candidate pods now; the first round starts as soon as there are some. */
  setCandidates(pods: readonly PodRef[]): void {
    this.candidates = [...pods];
    if (this.rounds === 0 && !this.running && !this.timer && pods.length > 0) {
      this.schedule(0);
    }
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.round();
    }, ms);
  }

  private async round(): Promise<void> {
    if (this.stopped || this.running) {
      return;
    }
    this.running = true;
    try {
      const pods = [...this.candidates]
        .filter((p) => p.phase !== 'Pending')
        .sort((a, b) => Number(b.holder) - Number(a.holder) || a.name.localeCompare(b.name))
        .slice(0, this.opts.maxPods ?? defaultMaxPods);
      const readings = await Promise.all(pods.map((p) => this.readPod(p)));
      this.rounds++;
      if (!this.stopped) {
        this.opts.read(readings);
      }
    } finally {
      this.running = false;
      this.schedule(this.opts.intervalMs ?? metricsPollIntervalMs);
    }
  }

  private async readPod(pod: PodRef): Promise<PodMetrics> {
    const raw = this.raw.get(`${pod.namespace}/${pod.name}`);
    const port = raw ? metricsPortOf(raw, this.opts.settingPort) : undefined;
    if (!port) {
      return {
        pod: pod.name,
        readAt: Date.now(),
        note: t(
          'No metrics port: no container port named like "metrics", no prometheus.io/port annotation and no leaseLens.metricsPorts entry for this Lease.',
        ),
      };
    }
    const base = { pod: pod.name, port: port.port, portSource: port.source };
    const fetched = await this.fetch(podProxyMetricsPath(pod.namespace, pod.name, port));
    const readAt = Date.now();
    if (!fetched.ok) {
      return { ...base, readAt, note: this.failure(fetched, pod.name, port) };
    }
    const parsed = parsePromText(fetched.text, { names: electionMetricNames });
    if (!parsed.ok) {
      return {
        ...base,
        readAt,
        note: t('The metrics on port {0} do not parse (line {1}: {2}).', port.port, parsed.line, clip(parsed.error)),
      };
    }
    const numbers = readElectionMetrics(parsed.samples, this.opts.leaseName);
    const out: PodMetrics = { ...base, readAt, ...numbers };
    if (numbers.masterStatus === undefined) {
      out.note = t('No leader_election_master_status for {0} in the metrics on port {1}.', clip(this.opts.leaseName), port.port);
    }
    return out;
  }

  private failure(f: Exclude<Fetched, { ok: true }>, pod: string, port: MetricsPort): string {
    if (f.tooLarge) {
      return t(
        'The metrics on port {0} are larger than {1} bytes; they were not read.',
        port.port,
        formatNumber(this.opts.maxBytes ?? defaultMaxBytes),
      );
    }
    if (f.timedOut) {
      return t(
        'The metrics on port {0} did not arrive within {1} s.',
        port.port,
        Math.round((this.opts.timeoutMs ?? defaultTimeoutMs) / 1000),
      );
    }
    const e = f.error;
    if (e?.status === 403) {
      return t('You may not read metrics through the pod proxy (get on pods/proxy): {0}', e.message);
    }
    if (e?.status === 404) {
      return t(
        'The pod proxy answered 404 for {0} port {1}: the pod is gone, or it serves no /metrics there. {2}',
        pod,
        port.port,
        e.message,
      );
    }
    return t('The metrics on port {0} cannot be read: {1}', port.port, e?.message ?? '');
  }

  /** One bounded GET, read as text through the client's line reader (which counts the GET). */
  private async fetch(path: string): Promise<Fetched> {
    const maxBytes = this.opts.maxBytes ?? defaultMaxBytes;
    const timeoutMs = this.opts.timeoutMs ?? defaultTimeoutMs;
    const local = new AbortController();
    const onStop = (): void => local.abort();
    this.abort.signal.addEventListener('abort', onStop, { once: true });
    let bytes = 0;
    let tooLarge = false;
    let timedOut = false;
    const lines: string[] = [];
    const timer = setTimeout(() => {
      timedOut = true;
      local.abort();
    }, timeoutMs);
    try {
      const end = await this.opts.client.stream(
        path,
        {},
        {
          signal: local.signal,
          inactivityMs: timeoutMs,
          maxLineBytes: 64 * 1024,
          onLine: (line) => {
            bytes += line.length + 1;
            if (bytes > maxBytes) {
              tooLarge = true;
              local.abort();
              return;
            }
            lines.push(line);
          },
        },
      );
      if (tooLarge || timedOut) {
        return { ok: false, tooLarge, timedOut };
      }
      if (end.kind === 'error') {
        if (end.error.kind === 'timeout') {
          return { ok: false, timedOut: true };
        }
        this.opts.note(`metrics ${path}: ${end.error.message}`);
        return { ok: false, error: end.error };
      }
      return { ok: true, text: lines.join('\n') };
    } finally {
      clearTimeout(timer);
      this.abort.signal.removeEventListener('abort', onStop);
    }
  }
}
