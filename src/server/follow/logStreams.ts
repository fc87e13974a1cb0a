// Follows the logs of a followed Lease's candidate pods: the last lines on start, then new ones;
// reconnects when a container restarts or a stream breaks; one bounded buffer per pod. At most
// maxLogStreams containers per follow (the holder's first, then every replica's first container,
// then their second, …); the logs message names the ones left out. Followed logs use the client's
// `logs` pool of sockets, never the one of the Lease watches.
import { matchLeadership, splitTimestamp } from '../../core/logLine';
import type { LeadershipMatcher } from '../../core/leadershipPatterns';
import type { LogLine, PodRef } from '../../shared/types';
import { Backoff, sleep } from '../kube/backoff';
import type { KubeClient } from '../kube/client';
import { LogBuffer } from './logBuffer';
import { clipText } from '../../core/untrustedText';
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
/** Containers streamed at most per follow: a Deployment of many replicas with sidecars must not open a stream for each. */
export const maxLogStreams = 24;
/** Containers named at most in the message that says which are not streamed. */
const maxNamedLeftOut = 8;
const idleMs = Number(process.env.LEASE_LENS_LOG_IDLE_MS) || 5 * 60_000;

export class LogStreams {
  private readonly streams = new Map<string, ContainerStream>();
  private readonly buffers = new Map<string, LogBuffer>();
  private readonly problems = new Map<string, string>();

  constructor(private readonly opts: LogStreamsOptions) {}

  /** Streams exactly these pods' containers from now on. */
  setTargets(pods: PodRef[]): void {
    const wanted = new Map<string, { pod: PodRef; container: string }>();
    const leftOut: string[] = [];
    for (const { pod, container } of streamOrder(pods)) {
      if (wanted.size < maxLogStreams) {
        wanted.set(`${pod.namespace}/${pod.name}/${container}`, { pod, container });
      } else {
        leftOut.push(`${pod.name}/${container}`);
      }
    }
    this.setProblem(
      leftOutId,
      leftOut.length === 0
        ? undefined
        : t(
            'Streaming the logs of {0} of {1} containers; not streamed: {2}.',
            maxLogStreams,
            maxLogStreams + leftOut.length,
            leftOut.length > maxNamedLeftOut
              ? t(
                  '{0} and {1} more',
                  leftOut
                    .slice(0, maxNamedLeftOut)
                    .map((c) => clipText(c, 120))
                    .join(', '),
                  leftOut.length - maxNamedLeftOut,
                )
              : leftOut.map((c) => clipText(c, 120)).join(', '),
          ),
    );
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
      // One buffer per pod, by namespace and name: candidates may live in several namespaces.
      const podId = `${pod.namespace}/${pod.name}`;
      let buffer = this.buffers.get(podId);
      if (!buffer) {
        buffer = new LogBuffer(this.opts.bufferLines);
        this.buffers.set(podId, buffer);
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
    const before = this.messageText();
    if (text) {
      this.problems.set(id, text);
    } else {
      this.problems.delete(id);
    }
    const after = this.messageText();
    if (after !== before) {
      this.opts.message(after || undefined);
    }
  }

  /** The containers left out first, then the streams' problems. */
  private messageText(): string {
    const leftOut = this.problems.get(leftOutId);
    return [leftOut ?? '', ...[...this.problems].filter(([id]) => id !== leftOutId).map(([, text]) => text)].filter((p) => p).join(' ');
  }
}

/** The problems' key of the message about containers not streamed (no container id has no slash). */
const leftOutId = 'left-out';

/**
 * The candidates' containers in the order they get a stream: every container of the holder's pod,
 * then the first container of each other pod, then the second, … (at most maxContainersPerPod each).
 */
function streamOrder(pods: PodRef[]): { pod: PodRef; container: string }[] {
  const out: { pod: PodRef; container: string }[] = [];
  const holders = pods.filter((p) => p.holder);
  const others = pods.filter((p) => !p.holder);
  for (const pod of holders) {
    for (const container of pod.containers.slice(0, maxContainersPerPod)) {
      out.push({ pod, container });
    }
  }
  for (let i = 0; i < maxContainersPerPod; i++) {
    for (const pod of others) {
      const container = pod.containers[i];
      if (container !== undefined) {
        out.push({ pod, container });
      }
    }
  }
  return out;
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
        pool: 'logs',
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
