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

/**
 * V8 flags the Lease server process is started with (the client's server options and
 * harness/leaseServerProcess.ts, so tests and the benchmark run it as the extension does). V8
 * lets the old generation grow to up to 4× what survived the last full GC when the heap limit is
 * large (the default limit is a quarter of the machine's memory), and a new space of 2 × 16 MB: at
 * 10,000 Leases and 1,000 renewals/s that was 200–280 MB RSS for a live heap of 40–50 MB. A limit of
 * 512 MB makes the growing factor about 1.4 (it scales with the limit between 256 MB and 2 GB) and
 * still leaves about ten times the live heap of that fleet; 2 MB semi-spaces cost a few more
 * scavenges, each as cheap (issue 18 §3: RSS ≤ 150 MB).
 */
export const leaseServerExecArgv: readonly string[] = ['--max-old-space-size=512', '--max-semi-space-size=2'];
