// What a change of the lease cache was, as data: the tree model works out from it which rows to
// redraw, the documents which Leases changed. Pure.
import type { ContextState, LeaseInfo, LeaseKey } from '../../shared/types';

/** The Lease server as the client sees it; `untrusted`: not started, the folder is in Restricted Mode. */
export type ServerStatus =
  | { state: 'starting' }
  | { state: 'running' }
  | { state: 'stopped'; message?: string }
  | { state: 'failed'; message: string }
  | { state: 'untrusted' }
  /** It exited and starts again after `delayMs`; `message` says when ("restart 3 in 4 s"). */
  | { state: 'restarting'; attempt: number; delayMs: number; message: string };

/** One Lease changed by a batch: what the cache held before and holds after (undefined: none). */
export interface LeaseChange {
  key: LeaseKey;
  namespace: string;
  before?: LeaseInfo;
  after?: LeaseInfo;
}

export type CacheChange = (
  | { kind: 'server'; changed: boolean }
  | { kind: 'kubeconfig' }
  | { kind: 'shown-contexts'; changed: boolean }
  | { kind: 'watched' }
  | { kind: 'context-state'; context: string; before: ContextState; after: ContextState }
  /** A snapshot or a reset batch replaced everything the context held. */
  | { kind: 'context-leases'; context: string }
  /** A batch changed these Leases of the context, in this order. */
  | { kind: 'leases'; context: string; changes: LeaseChange[] }
) & {
  /** Leases whose data changed, shown or not, each once. */
  leases: LeaseKey[];
};
