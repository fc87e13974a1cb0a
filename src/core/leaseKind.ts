// What a Lease is for, judged from where it lives and its labels.

import type { LeaseKind } from '../shared/types';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const APISERVER_IDENTITY_LABEL = 'apiserver.kubernetes.io/identity';

export function leaseKindOf(namespace: string, labels: Record<string, string> | undefined): LeaseKind {
  if (namespace === NODE_LEASE_NAMESPACE) {
    return 'node';
  }
  if (labels !== undefined && Object.hasOwn(labels, APISERVER_IDENTITY_LABEL)) {
    return 'apiserver-identity';
  }
  return 'leader';
}
