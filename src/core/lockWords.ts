// The words for where an election is kept (issue 17), shared by the tree, the panel and the Health
// view: the object kind of each record and the mark of the lock ("ConfigMap lock", "Lease +
// ConfigMap lock", "leader-for-life"). Pure: no vscode, no Node built-ins.
import type { LeaseInfo, LockKind, LockRecord } from '../shared/types';
import { t } from '../shared/l10n';

const objectKinds: Record<LockKind, () => string> = {
  lease: () => t('Lease'),
  configmap: () => t('ConfigMap'),
  endpoints: () => t('Endpoints'),
  'leader-for-life': () => t('ConfigMap'),
};

/** The kind of object a record is kept in: Lease, ConfigMap, Endpoints. */
export function lockObjectKind(lock: LockKind | undefined): string {
  return objectKinds[lock ?? 'lease']();
}

/** A migration lock (or a record left from before a migration): the election is kept in more than one object. */
export function isMigrationLock(lease: LeaseInfo): boolean {
  return (lease.otherRecords?.length ?? 0) > 0;
}

/** Every record of the election, the one shown first. */
export function electionRecords(lease: LeaseInfo): LockRecord[] {
  const own: LockRecord = {
    lock: lease.lock ?? 'lease',
    uid: lease.uid,
    resourceVersion: lease.resourceVersion,
    spec: lease.spec,
    observedAt: lease.observedAt,
  };
  return [own, ...(lease.otherRecords ?? [])];
}

/**
 * The words that mark the lock: "ConfigMap lock", "Endpoints lock", "leader-for-life",
 * "Lease + ConfigMap lock"; undefined for a plain Lease.
 */
export function lockWord(lease: LeaseInfo): string | undefined {
  if (isMigrationLock(lease)) {
    return t(
      '{0} lock',
      electionRecords(lease)
        .map((r) => lockObjectKind(r.lock))
        .join(' + '),
    );
  }
  switch (lease.lock) {
    case 'configmap':
      return t('ConfigMap lock');
    case 'endpoints':
      return t('Endpoints lock');
    case 'leader-for-life':
      return t('leader-for-life');
    default:
      return undefined;
  }
}
