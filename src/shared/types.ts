// Data shapes shared by the Lease server, the extension host and the webview.
// Plain JSON only: these cross process boundaries. No vscode, no Node built-ins.
import { nodeLeaseModes, settingTable } from './settings';
import type { ElectionTiming } from './timing';
import type { PodMetrics, SplitBrainState } from './splitBrain';
import type { TermFate } from './fate';

/** `context/namespace/name`: a Lease's identity across every kubeconfig context. */
export type LeaseKey = string;

export function leaseKey(context: string, namespace: string, name: string): LeaseKey {
  return `${context}/${namespace}/${name}`;
}

/** Splits a LeaseKey. Context names may contain '/', namespaces and names may not. */
export function parseLeaseKey(key: LeaseKey): { context: string; namespace: string; name: string } | undefined {
  const last = key.lastIndexOf('/');
  const middle = key.lastIndexOf('/', last - 1);
  if (middle <= 0 || last <= middle + 1 || last === key.length - 1) {
    return undefined;
  }
  return { context: key.slice(0, middle), namespace: key.slice(middle + 1, last), name: key.slice(last + 1) };
}

/** What a Lease is for, judged from where it lives and its labels. */
export type LeaseKind = 'leader' | 'node' | 'apiserver-identity';

/** The spec of a coordination.k8s.io/v1 Lease as the API server sent it; MicroTimes stay strings. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
  strategy?: string;
  preferredHolder?: string;
}

/**
 * Where an election's record is kept (issue 17): a coordination.k8s.io Lease, the JSON annotation
 * `control-plane.alpha.kubernetes.io/leader` of a ConfigMap or an Endpoints object (client-go's
 * older locks), or a ConfigMap owned by the leader pod (operator-framework's leader-for-life).
 */
export type LockKind = 'lease' | 'configmap' | 'endpoints' | 'leader-for-life';

/** The annotation the ConfigMap and Endpoints locks keep their LeaderElectionRecord in. */
export const leaderAnnotation = 'control-plane.alpha.kubernetes.io/leader';

/** One object holding an election's record; a migration lock keeps one election in two. */
export interface LockRecord {
  lock: LockKind;
  uid: string;
  resourceVersion: string;
  spec: LeaseSpec;
  /** When the Lease server saw this version (ms since the epoch). */
  observedAt: number;
}

/** A coordination.k8s.io LeaseCandidate (v1beta1 or v1alpha2): one candidate of a coordinated election. */
export interface LeaseCandidateInfo {
  name: string;
  uid: string;
  /** The API version it was read from, e.g. `coordination.k8s.io/v1beta1`. */
  apiVersion: string;
  /** spec.leaseName: the Lease it is a candidate for (same namespace). */
  leaseName: string;
  binaryVersion?: string;
  emulationVersion?: string;
  /** spec.strategy, e.g. OldestEmulationVersion. */
  strategy?: string;
  /** MicroTimes as sent. */
  pingTime?: string;
  renewTime?: string;
  creationTimestamp?: string;
}

/** One version of a Lease, stamped with the time the Lease server observed it. */
export interface LeaseInfo {
  key: LeaseKey;
  context: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp?: string;
  labels: Record<string, string>;
  kind: LeaseKind;
  spec: LeaseSpec;
  /** Milliseconds since the epoch when the server saw this version (ListWatch arrival time). */
  observedAt: number;
  /**
   * Where the record shown (`spec`) lives when it is not a Lease. uid/resourceVersion/labels are that
   * object's; `key` stays `context/namespace/name` (the election's name).
   */
  lock?: Exclude<LockKind, 'lease'>;
  /**
   * The same election recorded in other objects of the same namespace and name (migration locks
   * `configmapsleases` / `endpointsleases`, or a record left from before a migration).
   */
  otherRecords?: LockRecord[];
  /** Set when the records disagree: each difference in words (holder, renewTime, …), for the tree and the panel. */
  recordsDisagree?: string[];
  /** Leader-for-life: the pod that owns the lock ConfigMap. It never expires: a dead leader holds it until its pod is deleted. */
  ownerPod?: string;
  /** Coordinated leader election: the LeaseCandidates naming this Lease (only when the server serves them). */
  candidates?: LeaseCandidateInfo[];
  /**
   * The server's number for this election within its context, stable for a key during one server run
   * (issue 18 §3): LeaseBatch.renewals name Leases by it.
   */
  id?: number;
}

export type LeaseDelta = { type: 'upsert'; lease: LeaseInfo } | { type: 'delete'; key: LeaseKey; observedAt: number };

/** How a context's connection stands. */
export type ContextPhase =
  | 'idle' // not asked for yet
  | 'connecting'
  | 'connected'
  | 'partial' // connected, some namespaces forbidden
  | 'unauthorized'
  | 'forbidden'
  | 'unreachable'
  | 'misconfigured';

export interface ContextState {
  context: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  server?: string;
  current: boolean;
  phase: ContextPhase;
  /** What happened, with the API server's own words where there are any. */
  message?: string;
  /** What to do about it. */
  hint?: string;
  /** True once the first complete list of the context's Leases has arrived. */
  synced: boolean;
  /** Namespaces the user may not list Leases in (empty when none known). */
  forbiddenNamespaces: string[];
  /** Number of node heartbeat leases when counted but not shown. */
  nodeLeaseCount?: number;
  /** When a retry is scheduled after a failure (ms since the epoch). */
  retryAt?: number;
  /**
   * Set while a context that was connected has lost its connection: since when (ms) its Leases'
   * present is unknown. They are shown "unknown since …", never as expired.
   */
  unknownSince?: number;
  /** The API server's clock minus ours (ms, from its responses' Date header), once measured. */
  clockSkewMs?: number;
}

/** A problem in a kubeconfig file: names the file and says what is wrong. */
export interface KubeconfigProblem {
  file: string;
  message: string;
  context?: string;
}

export interface KubeconfigState {
  files: string[];
  currentContext?: string;
  contexts: ContextState[];
  problems: KubeconfigProblem[];
}

/** A core/v1 (or events.k8s.io) Event recorded on a Lease. */
export interface LeaseEvent {
  uid: string;
  /** Milliseconds since the epoch: lastTimestamp, eventTime or creationTimestamp. */
  time: number;
  type: string;
  reason: string;
  message: string;
  source: string;
  count: number;
}

/** One holder's term in a Lease's leadership history. */
export interface LeadershipTerm {
  holder: string;
  /** acquireTime of the term (ms), or when it was first observed when the Lease has none. */
  acquiredAt?: number;
  /** The last renewTime seen for this holder (ms). */
  lastRenewedAt?: number;
  /** When the term ended: the next holder's acquireTime, or the release. */
  lostAt?: number;
  /** How the term ended. */
  end?: 'taken-over' | 'released' | 'expired';
  /** Time without a valid leader before this term started (ms). */
  gapBeforeMs?: number;
  /** leaseTransitions when the term started. */
  transitions?: number;
  /** Number of renewals observed during the term. */
  renewals: number;
}

export interface RenewStats {
  count: number;
  meanMs?: number;
  maxMs?: number;
  lastMs?: number;
}

export interface LeaseTimeline {
  terms: LeadershipTerm[];
  renew: RenewStats;
}

export type PodResolution = 'resolving' | 'found' | 'none' | 'error';

export interface PodRef {
  namespace: string;
  name: string;
  containers: string[];
  node?: string;
  phase?: string;
  /** True for the pod whose name the holder identity names. */
  holder: boolean;
  restarts: number;
}

/** What a leadership log line says, when it says anything about leadership. */
export type LeadershipSignal =
  'attempting' | 'acquired' | 'renew-failed' | 'lock-update-failed' | 'lock-get-failed' | 'lost' | 'new-leader' | 'released';

export interface LogLine {
  /** Monotonic per followed lease, so clients can merge and deduplicate. */
  seq: number;
  pod: string;
  container: string;
  /** Milliseconds since the epoch, from `--timestamps`, or arrival time. */
  time: number;
  text: string;
  signal?: LeadershipSignal;
}

export interface FollowSnapshot {
  key: LeaseKey;
  lease?: LeaseInfo;
  /** The Lease was deleted while followed; its history is kept. */
  deleted: boolean;
  events: LeaseEvent[];
  eventsMessage?: string;
  timeline: LeaseTimeline;
  pods: PodRef[];
  podResolution: PodResolution;
  podMessage?: string;
  logs: LogLine[];
  logsMessage?: string;
  droppedLines: number;
  /** The candidate pods' metrics at the last read (issue 16 §2). */
  podMetrics?: PodMetrics[];
  /** Split-brain evidence and alarm (issue 16 §2). */
  splitBrain?: SplitBrainState;
  /** The election's timing read from the candidate pods' flags, and its checks (issue 16 §3). */
  timing?: ElectionTiming;
  /** The old holder's fate for each ended term, oldest first (issue 16 §1). */
  fates?: TermFate[];
}

/** A change to a followed Lease's view; absent fields did not change, and an empty message clears it. */
export interface FollowUpdate {
  key: LeaseKey;
  lease?: LeaseInfo;
  deleted?: boolean;
  events?: LeaseEvent[];
  eventsMessage?: string;
  timeline?: LeaseTimeline;
  pods?: PodRef[];
  podResolution?: PodResolution;
  podMessage?: string;
  /** New log lines, oldest first. */
  logs?: LogLine[];
  logsMessage?: string;
  droppedLines?: number;
  podMetrics?: PodMetrics[];
  splitBrain?: SplitBrainState;
  timing?: ElectionTiming;
  /** Every fate known (replaces the snapshot's), oldest term first. */
  fates?: TermFate[];
}

/** The node-lease setting: hide them, count them, or list them like others. */
export type NodeLeaseMode = (typeof nodeLeaseModes)[number];

export interface ServerSettings {
  kubeconfig?: string;
  namespaces: string[];
  nodeLeases: NodeLeaseMode;
  /** Per-lease label selector overrides for pod resolution, keyed by `namespace/name` or LeaseKey. */
  podSelectors: Record<string, string>;
  logTailLines: number;
  logBufferLines: number;
  /** How long an exec credential plugin may run (seconds). */
  execTimeoutSeconds: number;
  /** Flapping: more than `flapChanges` leadership changes within `flapWindowMinutes`. */
  flapChanges: number;
  flapWindowMinutes: number;
  /** Seconds left below which a held Lease counts as expiring. */
  expiringSeconds: number;
  /** Per-Lease metrics port for the pod proxy, keyed by `namespace/name` or LeaseKey (leaseLens.metricsPorts). */
  metricsPorts?: Record<string, number>;
  /** The user's leadership log patterns: regular expression → LeadershipSignal (leaseLens.logs.leadershipPatterns). */
  leadershipPatterns?: Record<string, string>;
  /**
   * Per-Lease namespaces (comma-separated) to look for candidate pods in besides the Lease's own,
   * keyed by `namespace/name` or LeaseKey (leaseLens.podNamespaces).
   */
  podNamespaces?: Record<string, string>;
  /** Which other lock kinds to discover besides Leases (leaseLens.lockKinds): configmaps, endpoints, leasecandidates. */
  lockKinds?: string[];
}

/** The defaults of the settings table (src/shared/settings.ts); an empty kubeconfig is none. */
export const defaultServerSettings: ServerSettings = {
  namespaces: [...settingTable.namespaces.default],
  nodeLeases: settingTable.nodeLeases.default,
  podSelectors: { ...settingTable.podSelectors.default },
  logTailLines: settingTable.logTailLines.default,
  logBufferLines: settingTable.logBufferLines.default,
  execTimeoutSeconds: settingTable.execTimeoutSeconds.default,
  flapChanges: settingTable.flapChanges.default,
  flapWindowMinutes: settingTable.flapWindowMinutes.default,
  expiringSeconds: settingTable.expiringSeconds.default,
};
