// The benchmark's control messages to the API server process (apiServerMain.ts) and its answers,
// over the child's IPC channel. The API server and the writers run there so that their CPU is
// not mixed with the measuring process.

export interface ApiServerStart {
  tls: boolean;
  /** Clusters to serve (default 1): each its own API server and store on its own port (fleet.ts). */
  clusters?: number;
}

/** One of the clusters of a multi-cluster process: its context is `name`, so is its cluster entry. */
export interface FleetCluster {
  name: string;
  url: string;
  kubeconfig: string;
}

export interface Ready {
  url: string;
  kubeconfig: string;
  /** Every cluster served, the first being `url` (only when started with `clusters`). */
  clusters?: FleetCluster[];
}

export interface ChurnResult {
  /** applyLease calls made. */
  writes: number;
  /** Wall time from the first to the last write (ms). */
  ms: number;
  /** Time spent inside applyLease (ms): what the writes cost the API server process. */
  writeMs: number;
}

export interface Ops {
  /** `wideNamespace`: move that many controller Leases into the namespace `team-wide` (the editor benchmark expands it). */
  seed: { args: { leases: number; seed: number; wideNamespace?: number }; result: { leases: number; pods: number; ms: number } };
  /** Starts renewing leases round-robin at `rate` per second (renewTime = the write's time). */
  startChurn: { args: { rate: number; tickMs: number }; result: null };
  stopChurn: { args: null; result: ChurnResult };
  /**
   * Gives every Lease `rounds` new holders, round-robin at `rate` writes per second (a takeover
   * each: new holder, acquireTime = renewTime = the write's time, leaseTransitions + 1); answers
   * when all are written.
   */
  changeHolders: { args: { rounds: number; rate: number; tickMs: number; seed: number }; result: ChurnResult };
  /** Starts appending `rate` lines per second in total across the followed Lease's pods. */
  startLogs: { args: { rate: number; tickMs: number }; result: null };
  stopLogs: { args: null; result: { lines: number; ms: number } };
  /** Open watch connections, and the watch requests seen so far on the Lease collection. */
  watchers: { args: null; result: { watchers: number; leaseWatchRequests: number; requests: number } };
  /**
   * Writes `count` ConfigMaps of `bytes` of data each across the fleet's namespaces, `locks` of them
   * with the leader annotation (configMaps.ts).
   */
  seedConfigMaps: {
    args: { count: number; bytes: number; locks: number; seed: number };
    result: { configMaps: number; locks: number; dataBytes: number; ms: number };
  };
  /** The requests for ConfigMaps and Endpoints so far: lists, watches, metadata-only ones, those that carried `data`. */
  lockRequests: { args: null; result: { lists: number; watches: number; metadataOnly: number; withData: number; endpoints: number } };
  /** A digest of every Lease's `namespace/name=renewTime`, to compare with what the client holds. */
  digest: { args: null; result: { leases: number; digest: string } };
  /** Seeds every cluster with `leases` Leases (cluster i with seed + i). */
  fleetSeed: { args: { leases: number; seed: number }; result: { clusters: number; leases: number; ms: number } };
  /** Renews `rate` Leases a second in every cluster (round-robin over the clusters; renewTime = the write's time). */
  fleetChurn: { args: { rate: number; tickMs: number }; result: null };
  fleetStopChurn: { args: null; result: ChurnResult };
  /** Per cluster: the requests it was sent so far and its open watches. */
  fleetRequests: { args: null; result: { requests: number; watchers: number }[] };
  /** The digest of one cluster's Leases (as `digest`). */
  fleetDigest: { args: { cluster: number }; result: { leases: number; digest: string } };
  close: { args: null; result: null };
}

export type OpName = keyof Ops;

export interface Request<K extends OpName = OpName> {
  id: number;
  op: K;
  args: Ops[K]['args'];
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export type ChildMessage = { ready: Ready } | { reply: Reply };
