// What of the lease cache the Leases view shows: the view's options (node leases, the expiring
// threshold), its filter and the followed Leases, and from them which namespaces and Leases are
// visible. Read by the row kinds and by the change translation. Pure.
import { nodeLeaseNamespace } from '../../shared/constants';
import type { LeaseInfo, LeaseKey, NodeLeaseMode } from '../../shared/types';
import { byName, type LeaseCache } from '../leases/leaseCache';
import { matchesLease, namespaceAllowed, type LeaseFilter } from './leaseFilter';
import { statusOf } from './leaseRow';
import type { LeaseStatus } from '../../core/leaseStatus';
import type { HealthFlag } from '../../shared/health';
import type { LeaseHealthLook } from '../health/healthDecoration';

/**
 * A context's namespace rows open expanded only while it holds at most this many Leases (node
 * heartbeats aside): at fleet scale every open namespace makes VS Code fetch, keep and redraw all
 * its rows in the extension host and the workbench, so there each namespace opens collapsed and
 * the user expands what they look at.
 */
export const namespacesOpenUpTo = 200;

export interface TreeModelOptions {
  nodeLeases: NodeLeaseMode;
  expiringSeconds: number;
}

export class TreeScope {
  filter: LeaseFilter | undefined;
  readonly followed = new Set<LeaseKey>();
  /** Leases' health flags (Health.flags), shown on their rows. */
  readonly healthFlags = new Map<LeaseKey, readonly HealthFlag[]>();

  constructor(
    readonly cache: LeaseCache,
    public options: TreeModelOptions,
  ) {}

  statusOf(lease: LeaseInfo, now: number): LeaseStatus {
    return statusOf(lease, now, this.options.expiringSeconds);
  }

  /** What a Lease row shows of its health: its flags, and "unknown since" while its context's connection is lost. */
  healthOf(lease: LeaseInfo): LeaseHealthLook | undefined {
    const flags = this.healthFlags.get(lease.key) ?? [];
    const unknownSince = this.cache.contextState(lease.context)?.unknownSince;
    return flags.length === 0 && unknownSince === undefined ? undefined : { flags, unknownSince };
  }

  /** kube-node-lease is listed as a namespace only when node leases are shown. */
  namespaceListed(namespace: string): boolean {
    return namespace !== nodeLeaseNamespace || this.options.nodeLeases === 'shown';
  }

  leaseVisible(lease: LeaseInfo): boolean {
    return this.namespaceListed(lease.namespace) && matchesLease(this.filter, lease);
  }

  /** The visible Leases of a namespace, by name. */
  visibleLeases(context: string, namespace: string): LeaseInfo[] {
    const leases = this.cache.namespaces(context)?.get(namespace);
    if (!leases || !this.namespaceListed(namespace)) {
      return [];
    }
    return [...leases.values()].filter((l) => matchesLease(this.filter, l)).sort((a, b) => byName(a.name, b.name));
  }

  visibleCount(context: string, namespace: string): number {
    const leases = this.cache.namespaces(context)?.get(namespace);
    if (!leases || !this.namespaceListed(namespace)) {
      return 0;
    }
    if (!this.filter) {
      return leases.size;
    }
    let n = 0;
    for (const lease of leases.values()) {
      if (matchesLease(this.filter, lease)) {
        n++;
      }
    }
    return n;
  }

  /** Whether a context's namespace rows open expanded (namespacesOpenUpTo). */
  namespacesOpen(context: string): boolean {
    let n = 0;
    for (const [namespace, leases] of this.cache.namespaces(context) ?? []) {
      n += namespace === nodeLeaseNamespace ? 0 : leases.size;
    }
    return n <= namespacesOpenUpTo;
  }

  storedNodeLeases(context: string): number {
    return this.cache.namespaces(context)?.get(nodeLeaseNamespace)?.size ?? 0;
  }

  /** The count the node-count row shows: the server's, else the node leases held. */
  nodeLeaseCount(context: string): number {
    return this.cache.contextState(context)?.nodeLeaseCount ?? this.storedNodeLeases(context);
  }

  /** Whether a context shows the node-count row. */
  countRowShown(context: string): boolean {
    return this.countRowShownWith(this.cache.contextState(context)?.nodeLeaseCount, this.storedNodeLeases(context));
  }

  /** Whether a context with this count from the server and these node leases held shows the row. */
  countRowShownWith(nodeLeaseCount: number | undefined, stored: number): boolean {
    if (this.options.nodeLeases !== 'counted') {
      return false;
    }
    if (this.filter && (this.filter.terms.length > 0 || !namespaceAllowed(this.filter, nodeLeaseNamespace))) {
      return false;
    }
    return nodeLeaseCount !== undefined || stored > 0;
  }
}
