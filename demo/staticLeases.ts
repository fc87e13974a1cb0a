// The leases of the demo nobody competes for: the API server's identity lease (renewed every
// 10 s, 1 h duration), a lease released long ago (with its past LeaderElection events), and a
// lease that was never held.
import type { ClusterStore } from './apiserver';
import type { CoreEvent, Lease } from './apiserver/types';
import { defaultClock, formatMicroTime, formatTime, leaderElectionEvent } from './elector';
import { apiServerIdentityHash, holderIdentity } from './names';

const HOUR = 3_600_000;

export const RELEASED_LEASE = { namespace: 'kube-system', name: 'cloud-controller-manager' };
export const NEVER_HELD_LEASE = { namespace: 'jobs', name: 'nightly-report' };

function lease(namespace: string, name: string, createdAt: number, spec: Lease['spec'], labels?: Record<string, string>): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, creationTimestamp: formatTime(createdAt), ...(labels ? { labels } : {}) },
    ...(spec ? { spec } : {}),
  };
}

function pastEvent(namespace: string, name: string, leaseUid: string | undefined, message: string, at: number): CoreEvent {
  const event = leaderElectionEvent(
    { kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', namespace, name, uid: leaseUid, resourceVersion: undefined },
    message,
    { component: 'cloud-controller-manager' },
    at,
  );
  return JSON.parse(JSON.stringify(event)) as CoreEvent;
}

export class StaticLeases {
  readonly apiServerLease = `apiserver-${apiServerIdentityHash()}`;
  private readonly apiServerHolder = `${this.apiServerLease}_${crypto.randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  /** The API server (re)started a few hours ago. */
  private readonly apiServerStartedAt = Date.now() - 3 * HOUR - Math.random() * HOUR;

  constructor(
    private readonly store: ClusterStore,
    private readonly hostname: string,
    private readonly renewEveryMs = 10_000,
  ) {}

  start(): void {
    const now = Date.now();
    this.renewIdentity();
    this.timer = setInterval(() => this.renewIdentity(), this.renewEveryMs);

    const releasedAt = formatMicroTime(now - 2 * HOUR);
    const released = this.store.applyLease(
      lease(RELEASED_LEASE.namespace, RELEASED_LEASE.name, now - 30 * 24 * HOUR, {
        holderIdentity: '',
        leaseDurationSeconds: 1,
        acquireTime: releasedAt,
        renewTime: releasedAt,
        leaseTransitions: 4,
      }),
    );
    const holder = holderIdentity('cp-node-2');
    const uid = released?.metadata.uid;
    this.store.createEvent(pastEvent(RELEASED_LEASE.namespace, RELEASED_LEASE.name, uid, `${holder} became leader`, now - 3 * HOUR));
    this.store.createEvent(pastEvent(RELEASED_LEASE.namespace, RELEASED_LEASE.name, uid, `${holder} stopped leading`, now - 2 * HOUR));

    this.store.applyLease(lease(NEVER_HELD_LEASE.namespace, NEVER_HELD_LEASE.name, now - 5 * HOUR, undefined));
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = undefined;
  }

  private renewIdentity(): void {
    this.store.applyLease(
      lease(
        'kube-system',
        this.apiServerLease,
        this.apiServerStartedAt,
        { holderIdentity: this.apiServerHolder, leaseDurationSeconds: 3600, renewTime: formatMicroTime(defaultClock()) },
        { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': this.hostname },
      ),
    );
  }
}
