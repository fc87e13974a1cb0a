// client-go's resourcelock.MultiLock, the migration locks `configmapsleases` / `endpointsleases`:
// one election recorded in two objects, the old one (primary) and the Lease (secondary).
//   Get: both; a missing Lease is fine while someone else holds the primary; holders that differ
//        read as `leaderelection.k8s.io/unknown`; the raw record is both raws together.
//   Create: the primary (AlreadyExists is fine), then the Lease.
//   Update: the primary, then the Lease (created when missing).
//   Events: on both objects.
// `writePrimary = false` makes this lock write the Lease alone, as a replica already moved on to
// the `leases` lock does: the primary's record then lags behind (the demo's disagreement window).
import type { AbortScope } from './abortScope';
import { KubeRequestError } from './kubeError';
import type { LeaderElectionRecord } from './leaderElectionRecord';
import type { LockRef, ResourceLock } from './resourceLock';

/** client-go's resourcelock.UnknownLeader. */
export const unknownLeader = 'leaderelection.k8s.io/unknown';

export class MultiLock implements ResourceLock {
  /** false: updates skip the primary (see the file comment). */
  writePrimary = true;
  private rawText = '';

  constructor(
    readonly primary: ResourceLock,
    readonly secondary: ResourceLock,
    private readonly identity: string,
  ) {}

  describe(): string {
    return this.primary.describe();
  }

  refs(): LockRef[] {
    return [...this.primary.refs(), ...this.secondary.refs()];
  }

  raw(): string {
    return this.rawText;
  }

  async get(scope: AbortScope): Promise<LeaderElectionRecord | undefined> {
    const primary = await this.primary.get(scope);
    if (!primary) {
      return undefined; // NotFound of the primary: the elector creates
    }
    const secondary = await this.secondary.get(scope);
    if (!secondary) {
      if (primary.holderIdentity !== this.identity) {
        // Held by a client of the old lock alone.
        this.rawText = this.primary.raw();
        return primary;
      }
      throw new KubeRequestError(404, 'NotFound', `leases.coordination.k8s.io "${this.describe().split('/')[1]}" not found`);
    }
    const record = { ...primary };
    if (primary.holderIdentity !== secondary.holderIdentity) {
      record.holderIdentity = unknownLeader;
    }
    // ConcatRawRecord: a change of either object is a change.
    this.rawText = `${this.primary.raw()},${this.secondary.raw()}`;
    return record;
  }

  async create(record: LeaderElectionRecord, scope: AbortScope): Promise<void> {
    try {
      await this.primary.create(record, scope);
    } catch (err) {
      if (!(err instanceof KubeRequestError) || err.code !== 409) {
        throw err;
      }
    }
    await this.secondary.create(record, scope);
    this.rawText = `${this.primary.raw()},${this.secondary.raw()}`;
  }

  async update(record: LeaderElectionRecord, scope: AbortScope): Promise<void> {
    if (this.writePrimary) {
      await this.primary.update(record, scope);
    }
    const current = await this.secondary.get(scope);
    if (current === undefined) {
      await this.secondary.create(record, scope);
    } else {
      await this.secondary.update(record, scope);
    }
    this.rawText = `${this.primary.raw()},${this.secondary.raw()}`;
  }
}
