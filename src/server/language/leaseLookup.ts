// What the language features need to know about live Leases. The Lease server implements it from
// its Sessions; tests give a fixed one.
import type { LeaseInfo } from '../../shared/types';

export interface LeaseLookup {
  /** The kubeconfig's current context, which manifests are looked up and followed in. */
  currentContext(): string | undefined;
  /** The Lease as last seen in that context, when the context is watched and has it. */
  lease(context: string, namespace: string, name: string): LeaseInfo | undefined;
}
