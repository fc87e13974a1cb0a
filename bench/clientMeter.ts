// What the client (the extension host's side of the IPC channel) receives from the Lease server,
// measured at arrival: every IPC message from the server process is seen here as it arrives
// (`child.on('message')`), before vscode-jsonrpc dispatches it.
//
// - Messages and bytes: every message the server sends (notifications and answers), its size as
//   the JSON text Node's IPC channel carries, counted in the open window.
// - Leases held: the keys of one context from the Leases.snapshot answer and Leases.changed
//   batches (resets included), and whether the context's state says synced; `completeAt` is the
//   arrival of the message after which all expected leases are held and the context is synced.
// - Delta latency: for every upserted or renewed Lease whose renewTime is at or after `stampFrom`, the
//   arrival time minus renewTime (the writer puts its Date.now() there; both processes read
//   the same clock). `sentAt` of the batch splits it into server and IPC parts.
// - Log latency: for every followed log line whose time is at or after `logFrom`, arrival minus
//   the line's kubelet timestamp (the writer's Date.now()).
import { parseMicroTime } from '../src/core/microTime';
import { renewalsOf } from '../src/core/leaseRenewal';
import { Contexts, Follow, Leases, ServerLog, type LeaseBatch, type LeaseSnapshot } from '../src/shared/protocol';
import type { ContextState, FollowUpdate } from '../src/shared/types';

interface IpcMessage {
  jsonrpc?: string;
  method?: string;
  id?: number | string;
  params?: unknown;
  result?: unknown;
}

export interface WindowFigures {
  seconds: number;
  messages: number;
  bytes: number;
  /** Messages that belong to the measured context (lease batches and its state). */
  contextMessages: number;
  leaseBatches: number;
  followUpdates: number;
  logLines: number;
  byMethod: Record<string, { messages: number; bytes: number }>;
}

interface OpenWindow extends WindowFigures {
  startedAt: number;
}

export class ClientMeter {
  readonly keys = new Set<string>();
  synced = false;
  /** performance.now() of the message that completed the first snapshot. */
  completeAt: number | undefined;
  syncedAt: number | undefined;
  /** Lease deltas with a renewTime at or after stampFrom, and their latencies (ms). */
  deltas = 0;
  latencies: number[] = [];
  serverLatencies: number[] = [];
  stampFrom = Number.POSITIVE_INFINITY;
  /** Followed log lines with a time at or after logFrom, and their latencies (ms). */
  logLines = 0;
  logLatencies: number[] = [];
  logFrom = Number.POSITIVE_INFINITY;
  readonly logPods = new Set<string>();
  warnings: string[] = [];
  largestMessageBytes = 0;
  /** Bytes of the context's Leases.changed batches and its Leases.snapshot answer until the first snapshot was complete. */
  firstSnapshotBytes = 0;
  private window: OpenWindow | undefined;

  constructor(
    private readonly context: string,
    private readonly expected: number,
  ) {}

  /** Feed every IPC message from the server process here, as it arrives. */
  onMessage(message: unknown): void {
    const at = performance.now();
    const now = Date.now();
    if (typeof message !== 'object' || message === null) {
      return;
    }
    const m = message as IpcMessage;
    const bytes = Buffer.byteLength(JSON.stringify(m));
    this.largestMessageBytes = Math.max(this.largestMessageBytes, bytes);
    const method = m.method ?? 'answer';
    const w = this.window;
    if (w) {
      w.messages++;
      w.bytes += bytes;
      const entry = (w.byMethod[method] ??= { messages: 0, bytes: 0 });
      entry.messages++;
      entry.bytes += bytes;
    }
    switch (m.method) {
      case Leases.changed.method: {
        const batch = m.params as LeaseBatch;
        if (batch.context !== this.context) {
          return;
        }
        if (w) {
          w.contextMessages++;
          w.leaseBatches++;
          // What the batches' bytes go to: whole LeaseInfos, renewals (times only), health flags.
          for (const part of ['deltas', 'renewals', 'flags'] as const) {
            const value = batch[part];
            if (value !== undefined) {
              const entry = (w.byMethod[`${Leases.changed.method} ${part}`] ??= { messages: 0, bytes: 0 });
              entry.messages++;
              entry.bytes += Buffer.byteLength(JSON.stringify(value));
            }
          }
        }
        if (this.completeAt === undefined) {
          this.firstSnapshotBytes += bytes;
        }
        if (batch.reset) {
          this.keys.clear();
        }
        for (const d of batch.deltas) {
          if (d.type === 'delete') {
            this.keys.delete(d.key);
            continue;
          }
          this.keys.add(d.lease.key);
          const stamp = parseMicroTime(d.lease.spec.renewTime);
          if (stamp !== undefined && stamp >= this.stampFrom) {
            this.deltas++;
            this.latencies.push(now - stamp);
            this.serverLatencies.push(batch.sentAt - stamp);
          }
        }
        // Renewals (issue 18 §3) carry only times: their latency counts the same.
        for (const r of renewalsOf(batch.renewals, batch.sentAt)) {
          const stamp = parseMicroTime(r.renewTime);
          if (stamp !== undefined && stamp >= this.stampFrom) {
            this.deltas++;
            this.latencies.push(now - stamp);
            this.serverLatencies.push(batch.sentAt - stamp);
          }
        }
        break;
      }
      case Contexts.state.method: {
        const state = m.params as ContextState;
        if (state.context !== this.context) {
          return;
        }
        if (w) {
          w.contextMessages++;
        }
        this.synced = state.synced;
        if (state.synced) {
          this.syncedAt ??= at;
        }
        break;
      }
      case Follow.update.method: {
        const update = m.params as FollowUpdate;
        if (w) {
          w.followUpdates++;
        }
        for (const line of update.logs ?? []) {
          if (w) {
            w.logLines++;
          }
          if (line.time >= this.logFrom) {
            this.logLines++;
            this.logPods.add(line.pod);
            this.logLatencies.push(now - line.time);
          }
        }
        break;
      }
      case ServerLog.line.method: {
        const line = m.params as { level: string; message: string };
        if (line.level === 'warn' || line.level === 'error') {
          this.warnings.push(`${line.level}: ${line.message}`);
        }
        break;
      }
      case undefined: {
        // An answer: the Leases.snapshot answer carries the context's leases.
        const result = m.result as Partial<LeaseSnapshot> | undefined;
        if (result && result.context === this.context && Array.isArray(result.leases) && result.state) {
          if (this.completeAt === undefined) {
            this.firstSnapshotBytes += bytes;
          }
          for (const lease of result.leases) {
            this.keys.add(lease.key);
          }
          this.synced = result.state.synced;
          if (result.state.synced) {
            this.syncedAt ??= at;
          }
        }
        break;
      }
    }
    if (this.completeAt === undefined && this.synced && this.keys.size >= this.expected) {
      this.completeAt = at;
    }
  }

  openWindow(): void {
    this.window = {
      startedAt: performance.now(),
      seconds: 0,
      messages: 0,
      bytes: 0,
      contextMessages: 0,
      leaseBatches: 0,
      followUpdates: 0,
      logLines: 0,
      byMethod: {},
    };
  }

  closeWindow(): WindowFigures {
    const w = this.window;
    if (!w) {
      throw new Error('no window is open');
    }
    this.window = undefined;
    const { startedAt, ...figures } = w;
    return { ...figures, seconds: (performance.now() - startedAt) / 1000 };
  }

  /** Starts counting deltas and latencies afresh for writes stamped from now on. */
  resetDeltas(from: number): void {
    this.stampFrom = from;
    this.deltas = 0;
    this.latencies = [];
    this.serverLatencies = [];
  }

  resetLogs(from: number): void {
    this.logFrom = from;
    this.logLines = 0;
    this.logLatencies = [];
    this.logPods.clear();
  }
}
