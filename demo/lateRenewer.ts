// The late renewer's driver: now and then, right after its leader renewed, the API server fails
// that leader's writes to the Lease (504, as an overloaded control plane does) for a while, so its
// next renewal comes after more than two thirds of the lease duration — late, but before the renew
// deadline and before the lease runs out: nobody takes over. The leader's log shows the failed
// updates. Renewals are seen in-process, through the store's watch fan-out.
import type { ApiFaults, ClusterStore } from './apiserver';
import type { Lease } from './apiserver/types';
import { lateWindowMs, type LateRenewalSchedule } from './healthWorkloads';
import type { Timing } from './workloads';

export interface LateRenewerOptions extends LateRenewalSchedule {
  store: ClusterStore;
  faults: ApiFaults;
  namespace: string;
  name: string;
  timing: Timing;
  note: (message: string) => void;
}

export class LateRenewer {
  private readonly windowMs: number;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lift: (() => void) | undefined;
  private armed = false;
  private stopped = false;
  /** Late renewals caused so far (the faults lifted). */
  count = 0;

  constructor(private readonly o: LateRenewerOptions) {
    this.windowMs = lateWindowMs(o.timing);
  }

  start(): void {
    const path = `/apis/coordination.k8s.io/v1/namespaces/${this.o.namespace}/leases/${this.o.name}`;
    this.unsubscribe = this.o.store.hub.subscribe('leases', {
      namespace: this.o.namespace,
      deliver: (e) => {
        if (e.name !== this.o.name || e.type !== 'MODIFIED' || !this.armed || this.lift) {
          return;
        }
        const now = (e.object as Lease).spec;
        const before = (e.prev as Lease | undefined)?.spec;
        // A renewal: the same holder wrote a new renewTime.
        if (!now?.holderIdentity || now.holderIdentity !== before?.holderIdentity || now.renewTime === before.renewTime) {
          return;
        }
        this.armed = false;
        const remove = this.o.faults.failWith((r) => r.method === 'PUT' && r.path === path, 504);
        const timer = setTimeout(() => this.lifted(), this.windowMs);
        this.lift = () => {
          clearTimeout(timer);
          remove();
        };
        this.o.note(
          `the API server fails the writes of ${this.o.namespace}/${this.o.name}'s leader for ${(this.windowMs / 1000).toFixed(1)}s: it will renew late`,
        );
      },
    });
    this.schedule();
  }

  /** The next renewal of the leader is followed by failing writes. */
  arm(): void {
    this.armed = true;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = undefined;
    this.lift?.();
    this.lift = undefined;
  }

  private lifted(): void {
    this.lift?.();
    this.lift = undefined;
    this.count++;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.o.everyMs <= 0) {
      return;
    }
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.arm();
      },
      this.o.everyMs * (0.8 + Math.random() * 0.4),
    );
  }
}
