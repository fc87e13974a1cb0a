// Election records kept in objects other than Leases (issue 17): client-go's older ConfigMap and
// Endpoints locks (a LeaderElectionRecord as JSON in the annotation
// control-plane.alpha.kubernetes.io/leader), operator-framework's leader-for-life (a ConfigMap
// owned by the leader pod), and the merge of every record of one namespace/name into the one
// LeaseInfo of that election. Pure: the server feeds it what list/watch delivered.
import { leaseKindOf } from './leaseKind';
import { parseMicroTime } from './microTime';
import { truncate } from './untrustedText';
import { isFiniteNumber, isRecord } from '../shared/guards';
import {
  leaderAnnotation,
  leaseKey,
  type LeaseCandidateInfo,
  type LeaseInfo,
  type LeaseSpec,
  type LockKind,
  type LockRecord,
} from '../shared/types';
import { t } from '../shared/l10n';

/** The kinds of object an election's Events may be about (involvedObject.kind). */
export const electionEventKinds: readonly string[] = ['Lease', 'ConfigMap', 'Endpoints'];

/** A LeaderElectionRecord is a few hundred bytes; anything far larger is not one. */
export const maxRecordBytes = 8 * 1024;
const maxField = 1024;
/** Renewals this far apart (and ten durations) mean one record is no longer written: left from before a migration. */
const staleAfterMs = 5 * 60_000;
const maxLabels = 64;

/** The lock kinds kept in a ConfigMap or an Endpoints object. */
export type ObjectLockKind = Exclude<LockKind, 'lease'>;

/** What is kept of a ConfigMap or Endpoints object that holds an election record. */
export interface LockObject {
  lock: ObjectLockKind;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp?: string;
  labels: Record<string, string>;
  spec: LeaseSpec;
  /** Leader-for-life: the owner pod. */
  ownerPod?: string;
  observedAt: number;
}

export type ParsedRecord = { ok: true; spec: LeaseSpec } | { ok: false; reason: string };

function field(value: unknown): string | undefined {
  return typeof value === 'string' ? truncate(value, maxField) : undefined;
}

function count(value: unknown): number | undefined {
  return isFiniteNumber(value) ? value : undefined;
}

/**
 * The annotation's LeaderElectionRecord as a LeaseSpec (times kept as the RFC 3339 strings sent;
 * leaderTransitions → leaseTransitions). Oversized, invalid or wrongly typed JSON is no record.
 */
export function parseLeaderRecord(text: unknown): ParsedRecord {
  if (typeof text !== 'string') {
    return { ok: false, reason: t('The leader annotation is not a string.') };
  }
  if (text.length > maxRecordBytes) {
    return { ok: false, reason: t('The leader annotation is {0} characters long, too long for a leader election record.', text.length) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: t('The leader annotation is not JSON.') };
  }
  if (!isRecord(value)) {
    return { ok: false, reason: t('The leader annotation is not a JSON object.') };
  }
  const holder = value.holderIdentity;
  if (holder !== undefined && typeof holder !== 'string') {
    return { ok: false, reason: t('The leader annotation has a holderIdentity that is not a string.') };
  }
  const spec: LeaseSpec = {
    holderIdentity: field(holder) ?? '',
    leaseDurationSeconds: count(value.leaseDurationSeconds),
    acquireTime: field(value.acquireTime),
    renewTime: field(value.renewTime),
    leaseTransitions: count(value.leaderTransitions),
  };
  return { ok: true, spec };
}

interface RawMeta {
  name?: unknown;
  namespace?: unknown;
  uid?: unknown;
  resourceVersion?: unknown;
  creationTimestamp?: unknown;
  labels?: unknown;
  annotations?: unknown;
  ownerReferences?: unknown;
}

/** The pod that owns an object (ownerReferences kind Pod), if any. */
export function podOwner(ownerReferences: unknown): string | undefined {
  if (!Array.isArray(ownerReferences)) {
    return undefined;
  }
  for (const ref of ownerReferences.slice(0, 16)) {
    if (isRecord(ref) && ref.kind === 'Pod' && typeof ref.name === 'string' && ref.name) {
      return truncate(ref.name, 253);
    }
  }
  return undefined;
}

function validName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 253 && !value.includes('/');
}

export type LockObjectResult = { lock: LockObject } | { none: true } | { reason: string; namespace: string; name: string };

/**
 * A ConfigMap's or Endpoints object's election record, from its metadata only (never `data`):
 * the leader annotation, or for a ConfigMap without it an owner pod (leader-for-life). Objects
 * with neither are `none`; a broken annotation is a reason.
 */
export function lockObject(raw: unknown, kind: 'configmap' | 'endpoints', observedAt: number): LockObjectResult {
  const m = isRecord(raw) && isRecord(raw.metadata) ? (raw.metadata as RawMeta) : undefined;
  if (!m || !validName(m.name) || !validName(m.namespace)) {
    return { none: true };
  }
  const annotations = isRecord(m.annotations) ? m.annotations : {};
  const annotation = annotations[leaderAnnotation];
  const base = {
    namespace: m.namespace,
    name: m.name,
    uid: field(m.uid) ?? '',
    resourceVersion: field(m.resourceVersion) ?? '',
    creationTimestamp: field(m.creationTimestamp),
    labels: labelsOf(m.labels),
    observedAt,
  };
  if (annotation !== undefined) {
    const parsed = parseLeaderRecord(annotation);
    if (!parsed.ok) {
      return { reason: parsed.reason, namespace: m.namespace, name: m.name };
    }
    return { lock: { ...base, lock: kind, spec: parsed.spec } };
  }
  const owner = kind === 'configmap' ? podOwner(m.ownerReferences) : undefined;
  if (owner === undefined) {
    return { none: true };
  }
  // operator-framework's leader.Become: the lock exists while its owner pod does; it never expires.
  return {
    lock: { ...base, lock: 'leader-for-life', ownerPod: owner, spec: { holderIdentity: owner, acquireTime: base.creationTimestamp } },
  };
}

function labelsOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(raw)) {
    return out;
  }
  let n = 0;
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string' && n++ < maxLabels) {
      out[truncate(k, 317)] = truncate(v, 63 * 4);
    }
  }
  return out;
}

/** How a record's object is named in messages. */
export function lockKindName(lock: LockKind): string {
  switch (lock) {
    case 'lease':
      return 'Lease';
    case 'configmap':
      return 'ConfigMap';
    case 'endpoints':
      return 'Endpoints';
    case 'leader-for-life':
      return t('leader-for-life ConfigMap');
  }
}

const primaryOrder: ObjectLockKind[] = ['configmap', 'leader-for-life', 'endpoints'];

export interface ElectionParts {
  context: string;
  /** The Lease of this namespace/name, as convert.ts made it. */
  lease?: LeaseInfo;
  /** The ConfigMap and Endpoints records of this namespace/name. */
  locks?: readonly LockObject[];
  candidates?: readonly LeaseCandidateInfo[];
  /** Now (ms), for "expired" in the disagreements. */
  now: number;
}

/**
 * One LeaseInfo for one election: the Lease primary, else the ConfigMap record, else the
 * Endpoints one; the others in `otherRecords`, their differences in `recordsDisagree`.
 */
export function mergeElection(parts: ElectionParts): LeaseInfo | undefined {
  const locks = [...(parts.locks ?? [])].sort((a, b) => primaryOrder.indexOf(a.lock) - primaryOrder.indexOf(b.lock));
  let primary: LeaseInfo | undefined = parts.lease;
  let others: LockObject[] = locks;
  if (!primary) {
    const first = locks[0];
    if (!first) {
      return undefined;
    }
    others = locks.slice(1);
    primary = {
      key: leaseKey(parts.context, first.namespace, first.name),
      context: parts.context,
      namespace: first.namespace,
      name: first.name,
      uid: first.uid,
      resourceVersion: first.resourceVersion,
      creationTimestamp: first.creationTimestamp,
      labels: first.labels,
      kind: leaseKindOf(first.namespace, first.labels),
      spec: first.spec,
      observedAt: first.observedAt,
      lock: first.lock,
      ...(first.ownerPod !== undefined ? { ownerPod: first.ownerPod } : {}),
    };
  }
  const out: LeaseInfo = { ...primary };
  delete out.otherRecords;
  delete out.recordsDisagree;
  delete out.candidates;
  if (others.length > 0) {
    out.otherRecords = others.map((o): LockRecord => ({
      lock: o.lock,
      uid: o.uid,
      resourceVersion: o.resourceVersion,
      spec: o.spec,
      observedAt: o.observedAt,
    }));
    const disagree = others.flatMap((o) => recordDifferences({ lock: out.lock ?? 'lease', spec: out.spec }, o, parts.now));
    if (disagree.length > 0) {
      out.recordsDisagree = disagree;
    }
  }
  if (parts.candidates && parts.candidates.length > 0) {
    out.candidates = [...parts.candidates].sort((a, b) => a.name.localeCompare(b.name));
  }
  return out;
}

function durationMs(spec: LeaseSpec): number | undefined {
  const s = spec.leaseDurationSeconds;
  return isFiniteNumber(s) && s > 0 ? s * 1000 : undefined;
}

function lastRenewal(spec: LeaseSpec): number | undefined {
  return parseMicroTime(spec.renewTime) ?? parseMicroTime(spec.acquireTime);
}

function expired(spec: LeaseSpec, now: number): boolean | undefined {
  const at = lastRenewal(spec);
  const d = durationMs(spec);
  if (!spec.holderIdentity || at === undefined || d === undefined) {
    return undefined;
  }
  return at + d <= now;
}

/** Each difference between the election's primary record and another, in words. */
export function recordDifferences(
  primary: { lock: LockKind; spec: LeaseSpec },
  other: { lock: LockKind; spec: LeaseSpec },
  now: number,
): string[] {
  if (primary.lock === 'leader-for-life' || other.lock === 'leader-for-life') {
    const a = primary.spec.holderIdentity ?? '';
    const b = other.spec.holderIdentity ?? '';
    return a !== b ? [holderDiffers(primary, other)] : [];
  }
  const out: string[] = [];
  const p = lockKindName(primary.lock);
  const o = lockKindName(other.lock);
  if ((primary.spec.holderIdentity ?? '') !== (other.spec.holderIdentity ?? '')) {
    out.push(holderDiffers(primary, other));
  }
  const pr = lastRenewal(primary.spec);
  const or = lastRenewal(other.spec);
  const d = Math.max(durationMs(primary.spec) ?? 0, durationMs(other.spec) ?? 0) || 15_000;
  if (pr !== undefined && or !== undefined && Math.abs(pr - or) > d) {
    const seconds = Math.round(Math.abs(pr - or) / 1000);
    const [older, newer] = or < pr ? [o, p] : [p, o];
    out.push(
      Math.abs(pr - or) > Math.max(10 * d, staleAfterMs)
        ? t('The {0} record was last renewed {1} s before the {2} record: it is left from before a migration.', older, seconds, newer)
        : t('The {0} record was last renewed {1} s before the {2} record, more than the lease duration.', older, seconds, newer),
    );
  }
  const pe = expired(primary.spec, now);
  const oe = expired(other.spec, now);
  if (pe !== undefined && oe !== undefined && pe !== oe) {
    out.push(
      pe ? t('The {0} record has expired, the {1} record has not.', p, o) : t('The {0} record has expired, the {1} record has not.', o, p),
    );
  }
  return out;
}

function holderDiffers(primary: { lock: LockKind; spec: LeaseSpec }, other: { lock: LockKind; spec: LeaseSpec }): string {
  const none = t('(none)');
  return t(
    'The {0} record names holder {1}, the {2} record {3}.',
    lockKindName(primary.lock),
    truncate(primary.spec.holderIdentity || none, 120),
    lockKindName(other.lock),
    truncate(other.spec.holderIdentity || none, 120),
  );
}

/** A coordination.k8s.io LeaseCandidate as the protocol carries it; undefined for anything else. */
export function toLeaseCandidate(raw: unknown, apiVersion: string): (LeaseCandidateInfo & { namespace: string }) | undefined {
  if (!isRecord(raw) || !isRecord(raw.metadata)) {
    return undefined;
  }
  const m = raw.metadata as RawMeta;
  const spec = isRecord(raw.spec) ? raw.spec : {};
  if (!validName(m.name) || !validName(m.namespace) || !validName(spec.leaseName)) {
    return undefined;
  }
  const out: LeaseCandidateInfo & { namespace: string } = {
    namespace: m.namespace,
    name: m.name,
    uid: field(m.uid) ?? '',
    apiVersion,
    leaseName: spec.leaseName,
  };
  const optional = {
    binaryVersion: field(spec.binaryVersion),
    emulationVersion: field(spec.emulationVersion),
    strategy: field(spec.strategy),
    pingTime: field(spec.pingTime),
    renewTime: field(spec.renewTime),
    creationTimestamp: field(m.creationTimestamp),
  };
  for (const [k, v] of Object.entries(optional)) {
    if (v !== undefined) {
      (out as unknown as Record<string, string>)[k] = v;
    }
  }
  return out;
}
