// The Lease server ↔ extension host protocol: LSP plus these typed requests and notifications.
// Methods are named `leaseLens/<noun>/<verb>`. Errors are data (states), never thrown across.
// Every request and notification names its parameter and result types.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { ContextState, FollowSnapshot, FollowUpdate, KubeconfigState, LeaseDelta, LeaseInfo, LeaseKey, ServerSettings } from './types';
import type { L10nSettings } from './l10n';
import type { HealthDetail, HealthFlag, HealthRow, HealthStats, LeadershipEvent } from './health';

/** Sent as `initializationOptions` when the client starts the server. */
export interface InitializationOptions {
  settings: ServerSettings;
  /** The extension host's clock at start, so the server can note large differences. */
  clientNow: number;
  /**
   * The UI language (`vscode.env.language`) and the host's bundle (`vscode.l10n.bundle`), which
   * holds the server's messages too: states, hints, hovers and diagnostics read in that language.
   */
  l10n?: L10nSettings;
  /**
   * A folder the server may keep files in (the extension's global storage): the leadership records
   * are persisted there. Absent: records live in memory only.
   */
  storagePath?: string;
}

export namespace Settings {
  /** Client → server: the settings changed. */
  export const changed = new NotificationType<ServerSettings>('leaseLens/settings/changed');
}

export namespace Kubeconfig {
  /** Client → server: what the kubeconfig holds now (contexts, files, problems). */
  export const get = new RequestType0<KubeconfigState, never>('leaseLens/kubeconfig/get');
  /** Server → client: the kubeconfig was (re)loaded. */
  export const changed = new NotificationType<KubeconfigState>('leaseLens/kubeconfig/changed');
}

export interface ContextParams {
  context: string;
}

export interface LeaseSnapshot {
  context: string;
  state: ContextState;
  leases: LeaseInfo[];
}

export interface LeaseBatch {
  context: string;
  deltas: LeaseDelta[];
  /** When true, `deltas` replace everything the client held for the context. */
  reset: boolean;
  /** When the server sent the batch (ms since the epoch). */
  sentAt: number;
  /**
   * Leases of this context whose health flags changed: they ride with the context's batches (a
   * batch may carry only these), so flags cost no message of their own.
   */
  flags?: HealthFlagChange[];
  /**
   * Renewals (issue 18 §3): versions of Leases the client holds whose only changes are
   * spec.renewTime and the resourceVersion. Columns, one entry per renewal, so a renewal costs a few
   * dozen bytes instead of a whole LeaseInfo. Applied after `deltas`.
   */
  renewals?: LeaseRenewals;
}

/** Renewals in columns: entry i of each array belongs to the same renewal. */
export interface LeaseRenewals {
  /** LeaseInfo.id of the renewed Lease, as the server numbered it in an earlier upsert of this context. */
  ids: number[];
  resourceVersions: string[];
  /** spec.renewTime exactly as the API server sent it. */
  renewTimes: string[];
  /** observedAt − the batch's sentAt (ms, ≤ 0). */
  observedOffsets: number[];
}

export interface ContextsParams {
  contexts: string[];
}

/** The current states of the contexts asked for. */
export type WatchContextsResult = ContextState[];

export interface RefreshParams {
  /** The contexts to list again; absent: every watched context. */
  contexts?: string[];
}

export namespace Contexts {
  /** Client → server: start watching these contexts (idempotent); answers their current states. */
  export const watch = new RequestType<ContextsParams, WatchContextsResult, never>('leaseLens/contexts/watch');
  /** Client → server: stop watching these contexts. */
  export const unwatch = new NotificationType<ContextsParams>('leaseLens/contexts/unwatch');
  /** Client → server: drop caches and list again. */
  export const refresh = new NotificationType<RefreshParams>('leaseLens/contexts/refresh');
  /** Server → client: a context's connection state changed. */
  export const state = new NotificationType<ContextState>('leaseLens/contexts/state');
}

/** Names one Lease. */
export interface LeaseParams {
  key: LeaseKey;
}

export interface GetLeaseResult {
  lease?: LeaseInfo;
  /** The Lease as the API server sent it. */
  raw?: unknown;
  /** Why the Lease could not be read now. */
  message?: string;
}

export namespace Leases {
  /** Client → server: everything cached for a context now. */
  export const snapshot = new RequestType<ContextParams, LeaseSnapshot, never>('leaseLens/leases/snapshot');
  /** Server → client: batched, coalesced changes; at most one flush per 250 ms per context. */
  export const changed = new NotificationType<LeaseBatch>('leaseLens/leases/changed');
  /** Client → server: one Lease as YAML-ready JSON (for the read-only document). */
  export const get = new RequestType<LeaseParams, GetLeaseResult, never>('leaseLens/leases/get');
}

export type FollowParams = LeaseParams;

/** The full snapshot of the Lease now followed. */
export type FollowResult = FollowSnapshot;

/** The full snapshot of a followed Lease; null when it is not followed. */
export type FollowSnapshotResult = FollowSnapshot | null;

export namespace Follow {
  /** Client → server: follow a Lease (idempotent); answers a full snapshot. */
  export const start = new RequestType<FollowParams, FollowResult, never>('leaseLens/follow/start');
  /** Client → server: the full snapshot of a followed Lease. */
  export const snapshot = new RequestType<FollowParams, FollowSnapshotResult, never>('leaseLens/follow/snapshot');
  /** Client → server: stop following; all watches and log streams of it end. */
  export const stop = new NotificationType<FollowParams>('leaseLens/follow/stop');
  /** Server → client: something about a followed Lease changed (batched). */
  export const update = new NotificationType<FollowUpdate>('leaseLens/follow/update');
}

export type ServerLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface ServerLogLine {
  level: ServerLogLevel;
  message: string;
}

export namespace ServerLog {
  /** Server → client: a line for the output channel; never carries credentials. */
  export const line = new NotificationType<ServerLogLine>('leaseLens/log/line');
}

/** One followed Lease's buffers. */
export interface FollowStats {
  key: LeaseKey;
  bufferedLines: number;
  droppedLines: number;
  pods: number;
}

export interface ServerStats {
  pid: number;
  rssBytes: number;
  heapUsedBytes: number;
  contexts: number;
  follows: FollowStats[];
  /** GET requests sent to clusters since the server started (it sends no other verb). */
  requests: number;
  /** The leadership records' memory. */
  health: HealthStats;
  /** What the server sent the client on the language-server channel since it started (issue 18 §1). */
  ipc?: IpcStats;
}

export interface IpcStats {
  /** Bytes of JSON-RPC messages written to the client (headers included). */
  bytesSent: number;
  messagesSent: number;
  /** Lease versions sent as renewals (LeaseBatch.renewals) and as whole LeaseInfos (upserts). */
  renewalsSent: number;
  upsertsSent: number;
}

export interface StatsOptions {
  /** Run a full GC first (when the process was started with --expose-gc). */
  collectGarbage?: boolean;
}

export type StatsParams = StatsOptions | null;

export namespace Diagnostics {
  /**
   * Client → server: memory and buffer figures, for the output channel, tests and benchmarks.
   * `collectGarbage` runs a full GC first when the process was started with --expose-gc.
   */
  export const stats = new RequestType<StatsParams, ServerStats, never>('leaseLens/diagnostics/stats');
}

export interface HealthRowsParams {
  /** The contexts whose rows to send; absent: every watched context. */
  contexts?: string[];
}

export interface HealthSubscribeParams {
  /** True while a Health view is open: the server then pushes changed rows. */
  rows: boolean;
}

export interface HealthRowsChanged {
  rows: HealthRow[];
  /** Leases whose rows are gone (pruned, or their context unwatched). */
  removed: LeaseKey[];
}

export interface HealthFlagChange {
  key: LeaseKey;
  /** The Lease's flags now (worst first); empty: healthy. */
  flags: HealthFlag[];
}

export interface HealthFlagsChanged {
  changes: HealthFlagChange[];
}

export namespace Health {
  /** Client → server: every row of the contexts asked for. */
  export const rows = new RequestType<HealthRowsParams, HealthRow[], never>('leaseLens/health/rows');
  /** Client → server: start or stop pushing changed rows (a Health view is open or not). */
  export const subscribe = new NotificationType<HealthSubscribeParams>('leaseLens/health/subscribe');
  /** Server → client, while subscribed: rows that changed, at most one batch a second. */
  export const rowsChanged = new NotificationType<HealthRowsChanged>('leaseLens/health/rowsChanged');
  /**
   * Server → client: flags cleared for the Leases of a context no longer watched. Changed flags of
   * watched contexts ride with their Lease batches (LeaseBatch.flags).
   */
  export const flags = new NotificationType<HealthFlagsChanged>('leaseLens/health/flags');
  /** Client → server: one Lease's terms; null when the server keeps no record of it. */
  export const detail = new RequestType<LeaseParams, HealthDetail | null, never>('leaseLens/health/detail');
}

export interface LeadershipEventsResult {
  context: string;
  /** Oldest first. */
  events: LeadershipEvent[];
  /** Why some or all Events could not be read (forbidden, unreachable), with what to do. */
  message?: string;
}

export namespace LeadershipEvents {
  /** Client → server: the leadership Events of a context, all namespaces it may read. */
  export const list = new RequestType<ContextParams, LeadershipEventsResult, never>('leaseLens/leadershipEvents/list');
  /** Server → client: a context's leadership Events changed (sent for contexts listed before). */
  export const changed = new NotificationType<LeadershipEventsResult>('leaseLens/leadershipEvents/changed');
}
