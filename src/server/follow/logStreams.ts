// Follows the logs of a followed Lease's candidate pods: the last lines on start, then new ones;
// reconnects when a container restarts or a stream breaks; one bounded buffer per pod.
import { matchLeadership, splitTimestamp } from '../../core/logLine';
import type { LeadershipMatcher } from '../../core/leadershipPatterns';
import type { LogLine, PodRef } from '../../shared/types';
import { Backoff, sleep } from '../kube/backoff';
import type { KubeClient } from '../kube/client';
import { LogBuffer } from './logBuffer';
import { t } from '../../shared/l10n';

export interface LogStreamsOptions {
  client: KubeClient;
  tailLines: number;
  bufferLines: number;
  /** A new line (called in arrival order). */
  line(line: LogLine): void;
  /** A problem reading logs (or undefined when it cleared). */
  message(text: string | undefined): void;
  note(text: string): void;
  nextSeq(): number;
  /** What a line says about leadership (leaseLens.logs.leadershipPatterns, then the built-in phrases); default the built-in phrases. */
  matchLeadership?: LeadershipMatcher;
}

const maxLineChars = 8 * 1024;
const maxContainersPerPod = 4;
const idleMs = Number(process.env.LEASE_LENS_LOG_IDLE_MS) || 5 * 60_000;

export class LogStreams {
  private readonly streams = new Map<string, ContainerStream>();
  private readonly buffers = new Map<string, LogBuffer>();
  private readonly problems = new Map<string, string>();

  constructor(private readonly opts: LogStreamsOptions) {}

  /** Streams exactly these pods' containers from now on. */
  setTargets(pods: PodRef[]): void {
    const wanted = new Map<string, { pod: PodRef; container: string }>();
    for (const pod of pods) {
      for (const container of pod.containers.slice(0, maxContainersPerPod)) {
        wanted.set(`${pod.namespace}/${pod.name}/${container}`, { pod, container });
      }
    }
    for (const [id, stream] of this.streams) {
      if (!wanted.has(id)) {
        stream.stop();
        this.streams.delete(id);
        this.setProblem(id, undefined);
      }
    }
    for (const [id, { pod, container }] of wanted) {
      if (this.streams.has(id)) {
        continue;
      }
      let buffer = this.buffers.get(pod.name);
      if (!buffer) {
        buffer = new LogBuffer(this.opts.bufferLines);
        this.buffers.set(pod.name, buffer);
      }
      const stream = new ContainerStream(this.opts, pod, container, buffer, (text) => this.setProblem(id, text));
      this.streams.set(id, stream);
      stream.start();
    }
  }

  /** Every buffered line of every pod, oldest first. */
  snapshot(): LogLine[] {
    const all = [...this.buffers.values()].flatMap((b) => b.toArray());
    return all.sort((a, b) => a.time - b.time || a.seq - b.seq);
  }

  get dropped(): number {
    let n = 0;
    for (const b of this.buffers.values()) {
      n += b.dropped;
    }
    return n;
  }

  get bufferedLines(): number {
    let n = 0;
    for (const b of this.buffers.values()) {
      n += b.length;
    }
    return n;
  }

  stop(): void {
    for (const stream of this.streams.values()) {
      stream.stop();
    }
    this.streams.clear();
  }

  private setProblem(id: string, text: string | undefined): void {
    const before = [...this.problems.values()].join(' ');
    if (text) {
      this.problems.set(id, text);
    } else {
      this.problems.delete(id);
    }
    const after = [...this.problems.values()].join(' ');
    if (after !== before) {
      this.opts.message(after || undefined);
    }
  }
}

class ContainerStream {
  private readonly abort = new AbortController();
  private lastTime = 0;
  private lastText = '';
  private started = false;

  constructor(
    private readonly opts: LogStreamsOptions,
    private readonly pod: PodRef,
    private readonly container: string,
    private readonly buffer: LogBuffer,
    private readonly problem: (text: string | undefined) => void,
  ) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.abort.abort();
  }

  private async loop(): Promise<void> {
    const backoff = new Backoff(1000, 30_000);
    const signal = this.abort.signal;
    const path = `/api/v1/namespaces/${encodeURIComponent(this.pod.namespace)}/pods/${encodeURIComponent(this.pod.name)}/log`;
    while (!signal.aborted) {
      const query = {
        container: this.container,
        follow: true,
        timestamps: true,
        // First the tail; after a break, what came since the last line we have.
        tailLines: this.started ? undefined : this.opts.tailLines,
        sinceSeconds: this.started && this.lastTime > 0 ? Math.max(1, Math.ceil((Date.now() - this.lastTime) / 1000) + 1) : undefined,
      };
      let got = 0;
      const end = await this.opts.client.stream(path, query, {
        signal,
        inactivityMs: idleMs,
        // Lines are shown clipped to maxLineChars: keep no more of a longer one than that needs.
        maxLineBytes: 64 * 1024,
        onOpen: () => {
          this.started = true;
          this.problem(undefined);
        },
        onLine: (raw) => {
          const line = this.toLine(raw);
          if (!line) {
            return;
          }
          got++;
          this.buffer.push(line);
          this.opts.line(line);
        },
      });
      if (signal.aborted) {
        return;
      }
      if (got > 0) {
        backoff.reset();
      }
      if (end.kind === 'error') {
        if (end.error.kind !== 'timeout') {
          const where = `${this.pod.name}/${this.container}`;
          this.problem(
            end.error.status === 403
              ? t('Lease Lens may not read the logs of {0}: {1}', where, end.error.message)
              : t('Lease Lens cannot read the logs of {0}: {1}', where, end.error.message),
          );
          this.opts.note(`logs ${this.pod.namespace}/${this.pod.name}/${this.container}: ${end.error.message}`);
        }
        await sleep(backoff.next(end.error.status === 403 ? 120_000 : undefined), signal);
      } else {
        // The stream ended: the container stopped or restarted. Pick up the next one.
        await sleep(backoff.next(), signal);
      }
    }
  }

  private toLine(raw: string): LogLine | undefined {
    const { time, text: full } = splitTimestamp(raw);
    const at = time ?? Date.now();
    const text = full.length > maxLineChars ? `${full.slice(0, maxLineChars)}…` : full;
    // After a reconnect the server repeats the last second; skip what we already have.
    if (at < this.lastTime || (at === this.lastTime && text === this.lastText)) {
      return undefined;
    }
    this.lastTime = at;
    this.lastText = text;
    return {
      seq: this.opts.nextSeq(),
      pod: this.pod.name,
      container: this.container,
      time: at,
      text,
      signal: (this.opts.matchLeadership ?? matchLeadership)(text),
    };
  }
}
