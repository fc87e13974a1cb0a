// Constants more than one part of Lease Lens relies on, written once. Pure.

/** The namespace of the node heartbeat Leases (one per node, renewed by the kubelet). */
export const nodeLeaseNamespace = 'kube-node-lease';

/** Most Events kept per followed Lease (the newest). */
export const maxEvents = 500;

/** The Lease server sends a context's (or a followed Lease's) changes at most once per this many ms. */
export const flushIntervalMs = 250;

/** Items asked for per page when listing (`limit`). */
export const listPageSize = 500;

/**
 * An API server clock this far (ms) or more from ours is reported as clock skew. Its `Date`
 * header has a resolution of one second, so smaller differences cannot be told from noise.
 */
export const clockSkewThresholdMs = 3000;
