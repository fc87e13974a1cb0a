// What a Lease is for, judged from where it lives and its labels.

import { nodeLeaseNamespace } from '../shared/constants';
import type { LeaseKind } from '../shared/types';

export const APISERVER_IDENTITY_LABEL = 'apiserver.kubernetes.io/identity';

export function leaseKindOf(namespace: string, labels: Record<string, string> | undefined): LeaseKind {
  if (namespace === nodeLeaseNamespace) {
    return 'node';
  }
  if (labels !== undefined && Object.hasOwn(labels, APISERVER_IDENTITY_LABEL)) {
    return 'apiserver-identity';
  }
  return 'leader';
}
