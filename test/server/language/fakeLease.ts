// The one live Lease the test language server knows, and its fixed clock.
import type { LeaseInfo } from '../../../src/shared/types';
import type { LeaseLookup } from '../../../src/server/language/leaseLookup';
import { parseMicroTime } from '../../../src/core/microTime';

export const fakeContext = 'kind-lease-lens';
export const fakeHolder = 'cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
export const fakeRenewTime = '2026-11-21T00:41:17.924123Z';
/** Three seconds after the last renewal of a 15 s lease: 12 s left. */
export const fakeNow = (parseMicroTime(fakeRenewTime) ?? 0) + 3000;

export const fakeLease: LeaseInfo = {
  key: `${fakeContext}/kube-system/kube-scheduler`,
  context: fakeContext,
  namespace: 'kube-system',
  name: 'kube-scheduler',
  uid: '5c0e2a4e-8f43-4f07-9a55-0d8f1c2a9b11',
  resourceVersion: '918270',
  labels: {},
  kind: 'leader',
  spec: {
    holderIdentity: fakeHolder,
    leaseDurationSeconds: 15,
    acquireTime: '2026-11-20T23:58:41.204518Z',
    renewTime: fakeRenewTime,
    leaseTransitions: 7,
  },
  observedAt: fakeNow - 2500,
};

/** A lookup whose current context is `currentContext` (null: none) and that has only fakeLease. */
export function fakeLookup(currentContext: string | null = fakeContext): LeaseLookup {
  return {
    currentContext: () => currentContext ?? undefined,
    lease: (context, namespace, name) =>
      context === fakeLease.context && namespace === fakeLease.namespace && name === fakeLease.name ? fakeLease : undefined,
  };
}
