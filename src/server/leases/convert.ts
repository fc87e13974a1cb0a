// From the API server's Lease JSON to the LeaseInfo the protocol carries.
import { leaseKindOf } from '../../core/leaseKind';
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
  if (typeof value !== 'string') return undefined;
  return value.length > maxString ? value.slice(0, maxString) : value;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function spec(raw: Record<string, unknown> | undefined): LeaseSpec {
  if (!raw || typeof raw !== 'object') return {};
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
  const m = raw.metadata;
  if (!m?.name || !m.namespace) return undefined;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.labels ?? {})) if (typeof v === 'string') labels[k] = v;
  const created = m.creationTimestamp instanceof Date ? m.creationTimestamp.toISOString() : m.creationTimestamp;
  return {
    key: leaseKey(context, m.namespace, m.name),
    context,
    namespace: m.namespace,
    name: m.name,
    uid: m.uid ?? '',
    resourceVersion: m.resourceVersion ?? '',
    creationTimestamp: created,
    labels,
    kind: leaseKindOf(m.namespace, labels),
    spec: spec(raw.spec),
    observedAt,
  };
}
