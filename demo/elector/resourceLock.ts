// client-go's resourcelock.Interface: what the Elector needs of a lock, whatever object holds the
// record — a Lease (`leases`), a ConfigMap or Endpoints annotation (`configmaps`, `endpoints`, the
// locks client-go had before v1.24) or both at once while migrating (`configmapsleases`,
// `endpointsleases`: client-go's MultiLock).
import type { KubeConfig } from '@kubernetes/client-node';
import type { AbortScope } from './abortScope';
import { AnnotationLock } from './annotationLock';
import type { LeaderElectionRecord } from './leaderElectionRecord';
import { LeaseLock } from './leaseLock';
import { MultiLock } from './multiLock';

/** client-go's lock type names (`--leader-elect-resource-lock`). */
export type LockType = 'leases' | 'configmaps' | 'endpoints' | 'configmapsleases' | 'endpointsleases';

export const LOCK_TYPES: readonly LockType[] = ['leases', 'configmaps', 'endpoints', 'configmapsleases', 'endpointsleases'];

/** The object an Event is recorded on (involvedObject). */
export interface LockRef {
  kind: 'Lease' | 'ConfigMap' | 'Endpoints';
  apiVersion: string;
  namespace: string;
  name: string;
  uid: string | undefined;
  resourceVersion: string | undefined;
}

export interface ResourceLock {
  /** `namespace/name`, as client-go's Describe(). */
  describe(): string;
  /** The objects LeaderElection Events are recorded on (a MultiLock: both). */
  refs(): LockRef[];
  /** The record, or undefined when the object does not exist. Other failures throw KubeRequestError. */
  get(scope: AbortScope): Promise<LeaderElectionRecord | undefined>;
  /** What the record looked like on the wire, compared to notice a change (client-go's raw record). */
  raw(): string;
  create(record: LeaderElectionRecord, scope: AbortScope): Promise<void>;
  update(record: LeaderElectionRecord, scope: AbortScope): Promise<void>;
}

export function newResourceLock(type: LockType, kubeconfig: KubeConfig, namespace: string, name: string, identity: string): ResourceLock {
  switch (type) {
    case 'leases':
      return new LeaseLock(kubeconfig, namespace, name);
    case 'configmaps':
      return new AnnotationLock('ConfigMap', kubeconfig, namespace, name);
    case 'endpoints':
      return new AnnotationLock('Endpoints', kubeconfig, namespace, name);
    case 'configmapsleases':
      return new MultiLock(
        new AnnotationLock('ConfigMap', kubeconfig, namespace, name),
        new LeaseLock(kubeconfig, namespace, name),
        identity,
      );
    case 'endpointsleases':
      return new MultiLock(
        new AnnotationLock('Endpoints', kubeconfig, namespace, name),
        new LeaseLock(kubeconfig, namespace, name),
        identity,
      );
  }
}
