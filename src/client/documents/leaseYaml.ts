// The text of a read-only Lease YAML document. Pure.
import { dump } from 'js-yaml';
import { leaderAnnotation, type LeaseInfo, type LeaseKey, type LeaseSpec, type LockKind } from '../../shared/types';
import { stripControlCharacters } from '../../core/untrustedText';
import { t } from '../../shared/l10n';

/** A Lease object as `kubectl get -o yaml` shows it, from what the server keeps. */
export function leaseObject(lease: LeaseInfo): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    name: lease.name,
    namespace: lease.namespace,
    uid: lease.uid,
    resourceVersion: lease.resourceVersion,
  };
  if (lease.creationTimestamp) {
    metadata.creationTimestamp = lease.creationTimestamp;
  }
  if (Object.keys(lease.labels).length > 0) {
    metadata.labels = lease.labels;
  }
  if (lease.lock !== undefined) {
    return lockObject(lease.lock, metadata, lease.spec, lease.ownerPod);
  }
  return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata, spec: lease.spec };
}

/** client-go's LeaderElectionRecord, as the lock annotation holds it (JSON). */
function electionRecord(spec: LeaseSpec): Record<string, unknown> {
  const record: Record<string, unknown> = {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds,
    acquireTime: spec.acquireTime,
    renewTime: spec.renewTime,
    leaderTransitions: spec.leaseTransitions ?? 0,
  };
  if (spec.strategy) {
    record.strategy = spec.strategy;
  }
  if (spec.preferredHolder) {
    record.preferredHolder = spec.preferredHolder;
  }
  return record;
}

/**
 * A ConfigMap or Endpoints lock as Lease Lens reads it: metadata only (its data or subsets are never
 * fetched), the election record in its annotation; a leader-for-life ConfigMap with its owner pod.
 */
function lockObject(
  lock: Exclude<LockKind, 'lease'>,
  metadata: Record<string, unknown>,
  spec: LeaseSpec,
  ownerPod: string | undefined,
): Record<string, unknown> {
  const kind = lock === 'endpoints' ? 'Endpoints' : 'ConfigMap';
  if (lock === 'leader-for-life') {
    if (ownerPod) {
      metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Pod', name: ownerPod }];
    }
  } else {
    metadata.annotations = { [leaderAnnotation]: JSON.stringify(electionRecord(spec)) };
  }
  return { apiVersion: 'v1', kind, metadata };
}

/** The election's other records (a migration lock's), each as its own object. */
export function otherRecordObjects(lease: LeaseInfo): Array<Record<string, unknown>> {
  return (lease.otherRecords ?? []).map((record) => {
    const metadata: Record<string, unknown> = {
      name: lease.name,
      namespace: lease.namespace,
      uid: record.uid,
      resourceVersion: record.resourceVersion,
    };
    return record.lock === 'lease'
      ? { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata, spec: record.spec }
      : lockObject(record.lock, metadata, record.spec, undefined);
  });
}

const kindWords: Record<LockKind, () => string> = {
  lease: () => t('Lease'),
  configmap: () => t('ConfigMap lock'),
  endpoints: () => t('Endpoints lock'),
  'leader-for-life': () => t('leader-for-life ConfigMap'),
};

function comment(text: string): string {
  return `# ${stripControlCharacters(text.replace(/[\r\n]+/g, ' '))}`;
}

export function renderLeaseYaml(key: LeaseKey, result: { lease?: LeaseInfo; raw?: unknown; message?: string }, now: number): string {
  const lock = result.lease?.lock;
  const header = [
    comment(
      lock === undefined
        ? t('Lease {0} (read-only; updates while open)', key)
        : t('{0} {1} (read-only; updates while open)', kindWords[lock](), key),
    ),
  ];
  if (lock !== undefined && result.raw === undefined) {
    header.push(comment(t('Metadata only: Lease Lens reads the election record, never the object’s data.')));
  }
  if (result.lease) {
    header.push(comment(t('Observed {0}, shown {1}', new Date(result.lease.observedAt).toISOString(), new Date(now).toISOString())));
  }
  const object = result.raw ?? (result.lease ? leaseObject(result.lease) : undefined);
  if (object === undefined || object === null) {
    header.push(comment(result.message ?? t('The Lease is not in the cache; it may have been deleted.')));
    return `${header.join('\n')}\n`;
  }
  if (result.message) {
    header.push(comment(result.message));
  }
  const objects = [object, ...(result.raw === undefined && result.lease ? otherRecordObjects(result.lease) : [])];
  const body = objects.map((o) => dump(o, { noRefs: true, lineWidth: -1, sortKeys: false, skipInvalid: true })).join('---\n');
  return `${header.join('\n')}\n${body}`;
}
