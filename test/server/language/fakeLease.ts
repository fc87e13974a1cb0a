// The one live Lease the test language server knows, and its fixed clock: the kube-scheduler Lease
// of test/fixtures/leases.json, as the Lease server would hold it.
import type { LeaseInfo } from '../../../src/shared/types';
import type { LeaseLookup } from '../../../src/server/language/leaseLookup';
import { fixtureLease, schedulerRenew } from '../../support/builders';

export const fakeContext = 'kind-lease-lens';
/** Three seconds after the last renewal of a 15 s lease: 12 s left. */
export const fakeNow = schedulerRenew + 3000;

export const fakeLease: LeaseInfo = fixtureLease('kube-system', 'kube-scheduler', fakeContext, fakeNow - 2500);
export const fakeHolder = fakeLease.spec.holderIdentity ?? '';
export const fakeRenewTime = fakeLease.spec.renewTime ?? '';

/** A lookup whose current context is `currentContext` (null: none) and that has only fakeLease. */
export function fakeLookup(currentContext: string | null = fakeContext): LeaseLookup {
  return {
    currentContext: () => currentContext ?? undefined,
    lease: (context, namespace, name) =>
      context === fakeLease.context && namespace === fakeLease.namespace && name === fakeLease.name ? fakeLease : undefined,
  };
}
