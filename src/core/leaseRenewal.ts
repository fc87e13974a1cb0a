// Renewals on the IPC channel (issue 18 §3): a new version of an election that changes only
// spec.renewTime, the resourceVersion and observedAt travels as a few columns (LeaseBatch.renewals)
// instead of a whole LeaseInfo. The server decides what is a renewal; the client, the harness and
// the benchmark expand each one into the LeaseInfo they hold. Pure.
import type { LeaseRenewals } from '../shared/protocol';
import type { LeaseInfo, LeaseSpec } from '../shared/types';

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  if (a === b) {
    return true;
  }
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) {
      return false;
    }
    n++;
  }
  for (const _ in b) {
    n--;
  }
  return n === 0;
}

function sameSpecButRenewTime(a: LeaseSpec, b: LeaseSpec): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.leaseTransitions === b.leaseTransitions &&
    a.strategy === b.strategy &&
    a.preferredHolder === b.preferredHolder
  );
}

/** Rare parts (migration locks, coordinated elections): equal when their JSON is. */
function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * Whether `next` differs from `prev`, a version of the same election, only in what a renewal
 * changes: spec.renewTime, resourceVersion, observedAt. `next` must have a renewTime (the columns
 * carry a string) and the id `prev` was sent with.
 */
export function isRenewal(prev: LeaseInfo, next: LeaseInfo): boolean {
  return (
    typeof next.spec.renewTime === 'string' &&
    next.id !== undefined &&
    prev.id === next.id &&
    prev.key === next.key &&
    prev.uid === next.uid &&
    prev.kind === next.kind &&
    prev.lock === next.lock &&
    prev.ownerPod === next.ownerPod &&
    prev.creationTimestamp === next.creationTimestamp &&
    sameSpecButRenewTime(prev.spec, next.spec) &&
    sameLabels(prev.labels, next.labels) &&
    sameJson(prev.otherRecords, next.otherRecords) &&
    sameJson(prev.recordsDisagree, next.recordsDisagree) &&
    sameJson(prev.candidates, next.candidates)
  );
}

/** `held` after a renewal: a new LeaseInfo (the one held is not changed). */
export function renewedLease(held: LeaseInfo, resourceVersion: string, renewTime: string, observedAt: number): LeaseInfo {
  return { ...held, resourceVersion, observedAt, spec: { ...held.spec, renewTime } };
}

/** Renewals of one batch in columns; `sentAt` is the batch's. */
export function renewalColumns(leases: readonly LeaseInfo[], sentAt: number): LeaseRenewals {
  const n = leases.length;
  const out: LeaseRenewals = {
    ids: new Array<number>(n),
    resourceVersions: new Array<string>(n),
    renewTimes: new Array<string>(n),
    observedOffsets: new Array<number>(n),
  };
  for (let i = 0; i < n; i++) {
    const lease = leases[i];
    out.ids[i] = lease.id ?? -1;
    out.resourceVersions[i] = lease.resourceVersion;
    out.renewTimes[i] = lease.spec.renewTime ?? '';
    out.observedOffsets[i] = Math.min(0, lease.observedAt - sentAt);
  }
  return out;
}

/** One renewal of a batch, read from its columns. */
export interface Renewal {
  id: number;
  resourceVersion: string;
  renewTime: string;
  observedAt: number;
}

/** The renewals of a batch, one by one (malformed columns: as many as every column has). */
export function* renewalsOf(renewals: LeaseRenewals | undefined, sentAt: number): Generator<Renewal> {
  if (!renewals) {
    return;
  }
  const { ids, resourceVersions, renewTimes, observedOffsets } = renewals;
  const n = Math.min(ids.length, resourceVersions.length, renewTimes.length, observedOffsets.length);
  for (let i = 0; i < n; i++) {
    yield { id: ids[i], resourceVersion: resourceVersions[i], renewTime: renewTimes[i], observedAt: sentAt + observedOffsets[i] };
  }
}

/**
 * What a plain client needs to follow renewals: the Leases of one server run by context and id.
 * The client's own cache keeps its index itself; the harness and the benchmark use this one.
 */
export class LeaseIdIndex {
  private readonly byContext = new Map<string, Map<number, LeaseInfo>>();

  /** A whole LeaseInfo arrived (an upsert or a snapshot's). */
  held(lease: LeaseInfo): void {
    if (lease.id === undefined) {
      return;
    }
    let ids = this.byContext.get(lease.context);
    if (!ids) {
      ids = new Map();
      this.byContext.set(lease.context, ids);
    }
    ids.set(lease.id, lease);
  }

  dropped(lease: LeaseInfo | undefined): void {
    if (lease?.id !== undefined && this.byContext.get(lease.context)?.get(lease.id) === lease) {
      this.byContext.get(lease.context)?.delete(lease.id);
    }
  }

  /** A reset batch or a snapshot replaces what a context held; a new server run, everything. */
  clear(context?: string): void {
    if (context === undefined) {
      this.byContext.clear();
    } else {
      this.byContext.delete(context);
    }
  }

  /** Applies a renewal: the renewed LeaseInfo, or undefined for an id not held. */
  renew(context: string, r: Renewal): LeaseInfo | undefined {
    const ids = this.byContext.get(context);
    const held = ids?.get(r.id);
    if (!ids || !held) {
      return undefined;
    }
    const next = renewedLease(held, r.resourceVersion, r.renewTime, r.observedAt);
    ids.set(r.id, next);
    return next;
  }
}
