// From the API server's Lease JSON to the LeaseInfo the protocol carries.
import { leaseKindOf } from '../../core/leaseKind';
import { isFiniteNumber, isRecord } from '../../shared/guards';
import { leaseKey, type LeaseInfo, type LeaseSpec } from '../../shared/types';

export interface RawLease {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string | Date;
    labels?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
}

const maxString = 16 * 1024;

function str(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  return value.length > maxString ? value.slice(0, maxString) : value;
}

function num(value: unknown): number | undefined {
  return isFiniteNumber(value) ? value : undefined;
}

function spec(raw: unknown): LeaseSpec {
  if (!isRecord(raw)) {
    return {};
  }
  return {
    holderIdentity: str(raw.holderIdentity),
    leaseDurationSeconds: num(raw.leaseDurationSeconds),
    acquireTime: str(raw.acquireTime),
    renewTime: str(raw.renewTime),
    leaseTransitions: num(raw.leaseTransitions),
    strategy: str(raw.strategy),
    preferredHolder: str(raw.preferredHolder),
  };
}

export function toLeaseInfo(raw: RawLease, context: string, observedAt: number): LeaseInfo | undefined {
  // Whatever the server sent: only an object with string names makes a Lease. A real server's
  // names never hold a '/', which would make the LeaseKey name another Lease.
  const m: unknown = isRecord(raw) ? raw.metadata : undefined;
  if (!isRecord(m)) {
    return undefined;
  }
  const { name, namespace } = m;
  if (typeof name !== 'string' || typeof namespace !== 'string' || !name || !namespace || name.includes('/') || namespace.includes('/')) {
    return undefined;
  }
  const labels: Record<string, string> = {};
  if (isRecord(m.labels)) {
    for (const [k, v] of Object.entries(m.labels)) {
      if (typeof v === 'string') {
        labels[k] = str(v) ?? '';
      }
    }
  }
  const created = m.creationTimestamp instanceof Date ? m.creationTimestamp.toISOString() : str(m.creationTimestamp);
  return {
    key: leaseKey(context, namespace, name),
    context,
    namespace,
    name,
    uid: str(m.uid) ?? '',
    resourceVersion: str(m.resourceVersion) ?? '',
    creationTimestamp: created,
    labels,
    kind: leaseKindOf(namespace, labels),
    spec: spec(raw.spec),
    observedAt,
  };
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) {
    return false;
  }
  for (const k of keys) {
    if (a[k] !== b[k]) {
      return false;
    }
  }
  return true;
}

/**
 * `next` holding the previous version's strings and labels wherever they are equal. Each watch event
 * parses fresh copies of every string of the Lease; the LeaseInfo lives until the Lease's next
 * version (seconds), long enough for V8 to move it to the old generation, so copies that are not
 * shared are kept twice while both versions live and then are old garbage. Shared, a renewal leaves
 * behind only what changed (renewTime, resourceVersion, the objects around them).
 */
export function shareUnchanged(next: LeaseInfo, previous: LeaseInfo | undefined): LeaseInfo {
  if (previous === undefined || previous.key !== next.key) {
    return next;
  }
  next.key = previous.key;
  next.namespace = previous.namespace;
  next.name = previous.name;
  if (next.uid === previous.uid) {
    next.uid = previous.uid;
  }
  if (next.creationTimestamp === previous.creationTimestamp) {
    next.creationTimestamp = previous.creationTimestamp;
  }
  if (sameLabels(next.labels, previous.labels)) {
    next.labels = previous.labels;
  }
  const s = next.spec;
  const p = previous.spec;
  if (s.holderIdentity === p.holderIdentity) {
    s.holderIdentity = p.holderIdentity;
  }
  if (s.acquireTime === p.acquireTime) {
    s.acquireTime = p.acquireTime;
  }
  if (s.renewTime === p.renewTime) {
    s.renewTime = p.renewTime;
  }
  if (s.strategy === p.strategy) {
    s.strategy = p.strategy;
  }
  if (s.preferredHolder === p.preferredHolder) {
    s.preferredHolder = p.preferredHolder;
  }
  return next;
}
