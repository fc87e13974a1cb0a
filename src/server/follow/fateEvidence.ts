// From the API server's JSON (Pod, Node, Event, ReplicaSet) to the evidence the fate rules read
// (src/core/leaderFate.ts). Cluster strings stay as they are here; the rules clip them.
import type { ContainerEvidence, EventEvidence, NodeEvidence, PodEvidence } from '../../core/leaderFate';

type Time = string | null | undefined;

export interface RawContainerState {
  running?: { startedAt?: Time };
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; exitCode?: number; startedAt?: Time; finishedAt?: Time };
}

export interface RawFatePod {
  metadata?: {
    name?: string;
    namespace?: string;
    deletionTimestamp?: Time;
    ownerReferences?: { kind?: string; name?: string; uid?: string; controller?: boolean }[];
  };
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    containerStatuses?: { name?: string; restartCount?: number; state?: RawContainerState; lastState?: RawContainerState }[];
  };
}

export interface RawNode {
  metadata?: { name?: string };
  status?: { conditions?: { type?: string; status?: string; reason?: string; lastTransitionTime?: Time }[] };
}

export interface RawEvent {
  metadata?: { creationTimestamp?: Time };
  involvedObject?: { kind?: string; name?: string };
  reason?: string;
  message?: string;
  count?: number;
  type?: string;
  eventTime?: Time;
  firstTimestamp?: Time;
  lastTimestamp?: Time;
  series?: { lastObservedTime?: Time; count?: number };
}

export interface RawReplicaSet {
  metadata?: {
    name?: string;
    uid?: string;
    creationTimestamp?: Time;
    annotations?: Record<string, string>;
    ownerReferences?: { kind?: string; name?: string; uid?: string; controller?: boolean }[];
  };
  spec?: { replicas?: number };
  status?: { replicas?: number };
}

export function ms(value: Time): number | undefined {
  if (typeof value !== 'string' || value === '') {
    return undefined;
  }
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function container(raw: NonNullable<NonNullable<RawFatePod['status']>['containerStatuses']>[number]): ContainerEvidence {
  const c: ContainerEvidence = { name: raw.name ?? '', restartCount: raw.restartCount ?? 0 };
  const current = raw.state?.terminated;
  const last = raw.lastState?.terminated;
  const terminated = current ?? last;
  if (terminated) {
    c.terminated = {
      reason: terminated.reason,
      exitCode: terminated.exitCode,
      finishedAt: ms(terminated.finishedAt),
      startedAt: ms(terminated.startedAt),
      current: current !== undefined,
    };
  }
  if (raw.state?.waiting?.reason) {
    c.waitingReason = raw.state.waiting.reason;
  }
  const running = ms(raw.state?.running?.startedAt);
  if (running !== undefined && last) {
    c.runningSince = running;
  }
  return c;
}

export function toPodEvidence(raw: RawFatePod): PodEvidence {
  const pod: PodEvidence = {
    name: raw.metadata?.name ?? '',
    containers: (raw.status?.containerStatuses ?? []).slice(0, 20).map(container),
  };
  if (raw.status?.phase) {
    pod.phase = raw.status.phase;
  }
  if (raw.status?.reason) {
    pod.reason = raw.status.reason;
  }
  if (raw.status?.message) {
    pod.message = raw.status.message;
  }
  const deleting = ms(raw.metadata?.deletionTimestamp);
  if (deleting !== undefined) {
    pod.deletionTimestamp = deleting;
  }
  if (raw.spec?.nodeName) {
    pod.nodeName = raw.spec.nodeName;
  }
  return pod;
}

export function toNodeEvidence(raw: RawNode, name: string): NodeEvidence {
  const ready = raw.status?.conditions?.find((c) => c.type === 'Ready');
  const node: NodeEvidence = { name: raw.metadata?.name ?? name };
  if (ready) {
    node.ready = ready.status === 'True' ? true : false;
    const since = ms(ready.lastTransitionTime);
    if (since !== undefined) {
      node.since = since;
    }
    if (ready.reason) {
      node.reason = ready.reason;
    }
  }
  return node;
}

export function toEventEvidence(raw: RawEvent): EventEvidence | undefined {
  const at =
    ms(raw.series?.lastObservedTime) ??
    ms(raw.lastTimestamp) ??
    ms(raw.eventTime) ??
    ms(raw.firstTimestamp) ??
    ms(raw.metadata?.creationTimestamp);
  if (at === undefined || !raw.reason) {
    return undefined;
  }
  const e: EventEvidence = {
    at,
    kind: raw.involvedObject?.kind ?? '',
    name: raw.involvedObject?.name ?? '',
    reason: raw.reason,
    message: raw.message ?? '',
  };
  const count = raw.series?.count ?? raw.count;
  if (count !== undefined) {
    e.count = count;
  }
  if (raw.type) {
    e.type = raw.type;
  }
  return e;
}

function revision(rs: RawReplicaSet): number {
  const r = Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision']);
  return Number.isFinite(r) ? r : 0;
}

function ownerOf(rs: RawReplicaSet): { kind?: string; name?: string; uid?: string } | undefined {
  const refs = rs.metadata?.ownerReferences ?? [];
  return refs.find((o) => o.controller === true) ?? refs[0];
}

/** The Deployment that owns `rs`, and the newest other ReplicaSet of it when newer than `rs`. */
export function rolloutOf(
  rs: RawReplicaSet,
  all: readonly RawReplicaSet[],
):
  | { deployment: string; replicaSet: string; replicas?: number; newer?: { name: string; createdAt?: number; replicas?: number } }
  | undefined {
  const owner = ownerOf(rs);
  if (owner?.kind !== 'Deployment' || !owner.name) {
    return undefined;
  }
  const mine = { rev: revision(rs), created: ms(rs.metadata?.creationTimestamp) ?? 0 };
  const siblings = all.filter((o) => {
    const own = ownerOf(o);
    return (
      o.metadata?.name !== rs.metadata?.name && own?.kind === 'Deployment' && (own.uid ? own.uid === owner.uid : own.name === owner.name)
    );
  });
  const newer = siblings
    .filter((o) => revision(o) > mine.rev || (revision(o) === mine.rev && (ms(o.metadata?.creationTimestamp) ?? 0) > mine.created))
    .sort((a, b) => revision(b) - revision(a) || (ms(b.metadata?.creationTimestamp) ?? 0) - (ms(a.metadata?.creationTimestamp) ?? 0))[0];
  const result: ReturnType<typeof rolloutOf> = { deployment: owner.name, replicaSet: rs.metadata?.name ?? '' };
  const replicas = rs.spec?.replicas ?? rs.status?.replicas;
  if (replicas !== undefined) {
    result.replicas = replicas;
  }
  if (newer) {
    result.newer = { name: newer.metadata?.name ?? '' };
    const created = ms(newer.metadata?.creationTimestamp);
    if (created !== undefined) {
      result.newer.createdAt = created;
    }
    const n = newer.spec?.replicas ?? newer.status?.replicas;
    if (n !== undefined) {
      result.newer.replicas = n;
    }
  }
  return result;
}
