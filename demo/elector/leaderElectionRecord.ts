// client-go's resourcelock.LeaderElectionRecord and its mapping to a Lease spec
// (LeaseSpecToLeaderElectionRecord / LeaderElectionRecordToLeaseSpec).
import type { V1LeaseSpec } from '@kubernetes/client-node';
import { MicroTimeText, microTimeText } from './microTime';

export interface LeaderElectionRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** MicroTime text, six fractional digits; undefined when the lease never had one. */
  acquireTime: string | undefined;
  renewTime: string | undefined;
  leaseTransitions: number;
  strategy?: string;
  preferredHolder?: string;
}

export function recordFromSpec(spec: V1LeaseSpec | undefined): LeaderElectionRecord {
  const record: LeaderElectionRecord = {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: microTimeText(spec?.acquireTime),
    renewTime: microTimeText(spec?.renewTime),
    leaseTransitions: spec?.leaseTransitions ?? 0,
  };
  if (spec?.strategy) {
    record.strategy = spec.strategy;
  }
  if (spec?.preferredHolder) {
    record.preferredHolder = spec.preferredHolder;
  }
  return record;
}

/** Like client-go, every field is written, so a released lease keeps `holderIdentity: ""`. */
export function specFromRecord(record: LeaderElectionRecord): V1LeaseSpec {
  const spec: V1LeaseSpec = {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    leaseTransitions: record.leaseTransitions,
  };
  if (record.acquireTime) {
    spec.acquireTime = new MicroTimeText(record.acquireTime);
  }
  if (record.renewTime) {
    spec.renewTime = new MicroTimeText(record.renewTime);
  }
  if (record.strategy) {
    spec.strategy = record.strategy;
  }
  if (record.preferredHolder) {
    spec.preferredHolder = record.preferredHolder;
  }
  return spec;
}

/** The bytes client-go compares (observedRawRecord) to notice that a lease changed. */
export function rawRecord(record: LeaderElectionRecord): string {
  return JSON.stringify([
    record.holderIdentity,
    record.leaseDurationSeconds,
    record.acquireTime ?? null,
    record.renewTime ?? null,
    record.leaseTransitions,
    record.strategy ?? null,
    record.preferredHolder ?? null,
  ]);
}
