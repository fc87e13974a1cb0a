// The ConfigMaps of the benchmark's lock-discovery phase: `count` ConfigMaps of `bytes` of data
// each across the fleet's namespaces (two labels, no annotations), of which `locks` are old
// ConfigMap locks with the leader annotation (client-go's LeaderElectionRecord JSON). Deterministic.
// Built in the API server process and written with the store's create path, which keeps the one
// data string shared: 5,000 × 50 KB cost the process little memory, but every full read of them
// serialises all of it, as a real API server does.
import { randomUUID } from 'node:crypto';
import type { ClusterStore } from '../demo/apiserver';
import { writeDefs } from '../demo/apiserver/resources';
import { prng } from './workload';

export const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export interface ConfigMapSeed {
  count: number;
  /** Data bytes per ConfigMap. */
  bytes: number;
  /** How many of them carry the leader annotation. */
  locks: number;
  seed: number;
}

function seconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Writes the ConfigMaps; returns how many of each, and the bytes of data in all. */
export function seedConfigMaps(store: ClusterStore, o: ConfigMapSeed): { configMaps: number; locks: number; dataBytes: number } {
  const rand = prng(o.seed + 7);
  const payload = 'x'.repeat(Math.max(0, o.bytes - 32));
  const every = o.locks > 0 ? Math.max(1, Math.floor(o.count / o.locks)) : 0;
  let locks = 0;
  let dataBytes = 0;
  for (let i = 0; i < o.count; i++) {
    const team = i % 50;
    const ns = i % 5 === 4 ? `fleet-${(i % 20).toString().padStart(2, '0')}` : `team-${team.toString().padStart(2, '0')}`;
    store.ensureNamespace(ns);
    const lock = every > 0 && locks < o.locks && i % every === 0;
    const name = lock ? `legacy-controller-${i}` : `app-settings-${i}`;
    const metadata: Record<string, unknown> = {
      name,
      namespace: ns,
      labels: { 'app.kubernetes.io/name': lock ? 'legacy-controller' : `app-${i % 97}`, 'app.kubernetes.io/part-of': 'bench' },
    };
    if (lock) {
      locks++;
      const now = Date.now() - Math.floor(rand() * 5_000);
      metadata.annotations = {
        [LEADER_ANNOTATION]: JSON.stringify({
          holderIdentity: `legacy-controller-${i}-7d9f8b6c5-${Math.floor(rand() * 1e5)}_${randomUUID()}`,
          leaseDurationSeconds: 15,
          acquireTime: seconds(now - 3_600_000),
          renewTime: seconds(now),
          leaderTransitions: Math.floor(rand() * 5),
        }),
      };
    }
    // The same data object for all: the store keeps what it is given (create does not deep-copy).
    const data = { 'settings.yaml': payload, version: String(i).padStart(31, '0') };
    store.create(writeDefs.configmaps, ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata, data }, 'seed');
    dataBytes += payload.length + 31 + 'settings.yaml'.length + 'version'.length;
  }
  return { configMaps: o.count, locks, dataBytes };
}

/** What the request log says of the requests for ConfigMaps (and Endpoints) so far. */
export function lockRequests(
  requests: readonly { path: string; watch: boolean; as?: string; objectFields?: string[]; userAgent?: string }[],
): {
  lists: number;
  watches: number;
  metadataOnly: number;
  withData: number;
  endpoints: number;
} {
  let lists = 0;
  let watches = 0;
  let metadataOnly = 0;
  let withData = 0;
  let endpoints = 0;
  for (const r of requests) {
    if (/\/endpoints(\/|$)/.test(r.path)) {
      endpoints++;
      continue;
    }
    if (!/\/configmaps(\/|$)/.test(r.path)) {
      continue;
    }
    if (r.watch) {
      watches++;
    } else {
      lists++;
    }
    if (r.as === 'PartialObjectMetadata' || r.as === 'PartialObjectMetadataList') {
      metadataOnly++;
    }
    if (r.objectFields?.includes('data')) {
      withData++;
    }
  }
  return { lists, watches, metadataOnly, withData, endpoints };
}
