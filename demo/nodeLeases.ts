// Node heartbeat leases in kube-node-lease: one per node, holder = node name, 40 s duration,
// renewed every ~10 s by the kubelet. Renewals are spread out: one lease every period/count ms.
import type { ClusterStore } from './apiserver';
import type { Lease } from './apiserver/types';
import { defaultClock, formatMicroTime, formatTime } from './elector';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeInfo {
  name: string;
  uid: string;
}

/** Nodes joined the cluster some weeks ago. */
const NODES_JOINED = formatTime(Date.now() - 40 * 24 * 3_600_000);

export function nodeLease(node: NodeInfo, renewTime: string): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.name,
      namespace: NODE_LEASE_NAMESPACE,
      creationTimestamp: NODES_JOINED,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid }],
    },
    spec: { holderIdentity: node.name, leaseDurationSeconds: 40, renewTime },
  };
}

export class NodeHeartbeats {
  private timer: NodeJS.Timeout | undefined;
  private next = 0;

  constructor(
    private readonly store: ClusterStore,
    private readonly nodes: readonly NodeInfo[],
    private readonly periodMs = 10_000,
  ) {}

  start(): void {
    const now = Date.now();
    // Seed as if each node had renewed at its own moment of the last period.
    this.nodes.forEach((node, i) => {
      const at = now - this.periodMs + ((i + 1) * this.periodMs) / this.nodes.length - Math.random() * 50;
      this.store.applyLease(nodeLease(node, formatMicroTime(at)));
    });
    const step = this.periodMs / Math.max(1, this.nodes.length);
    const tick = (): void => {
      this.renew(this.nodes[this.next]);
      this.next = (this.next + 1) % this.nodes.length;
      this.timer = setTimeout(tick, step * (0.8 + Math.random() * 0.4));
    };
    if (this.nodes.length > 0) {
      this.timer = setTimeout(tick, step);
    }
  }

  stop(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = undefined;
  }

  private renew(node: NodeInfo): void {
    const current = this.store.getLease(NODE_LEASE_NAMESPACE, node.name);
    const renewTime = formatMicroTime(defaultClock());
    if (!current) {
      this.store.applyLease(nodeLease(node, renewTime));
      return;
    }
    this.store.applyLease({ ...current, spec: { ...current.spec, renewTime } });
  }
}
