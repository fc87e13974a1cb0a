// Constants more than one part of Lease Lens relies on, written once. Pure.

/** The namespace of the node heartbeat Leases (one per node, renewed by the kubelet). */
export const nodeLeaseNamespace = 'kube-node-lease';

/** Most Events kept per followed Lease (the newest). */
export const maxEvents = 500;

/** The Lease server sends a context's (or a followed Lease's) changes at most once per this many ms. */
export const flushIntervalMs = 250;

/** Items asked for per page when listing (`limit`). */
export const listPageSize = 500;
