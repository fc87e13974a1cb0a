// API discovery for the lock kinds besides Leases (issue 17): whether a context's API server serves
// core/v1 configmaps and endpoints, and coordination.k8s.io leasecandidates (v1beta1 preferred,
// else v1alpha2). GETs only (/api/v1, /apis/coordination.k8s.io and its versions), once per client;
// a 403, a 404 or an error means "not served", quietly: one note says so.
import type { KubeClient } from './client';

export type LeaseCandidateVersion = 'v1beta1' | 'v1alpha2';

export interface LockDiscovery {
  configmaps: boolean;
  endpoints: boolean;
  /** The coordination.k8s.io version leasecandidates are read from; absent when not served. */
  leaseCandidates?: LeaseCandidateVersion;
  /** What could not be discovered, for the server log. */
  notes: string[];
}

interface ResourceList {
  resources?: { name?: unknown }[];
}

interface GroupBody {
  versions?: { version?: unknown }[];
}

const cache = new WeakMap<KubeClient, Promise<LockDiscovery>>();
const candidateVersions: LeaseCandidateVersion[] = ['v1beta1', 'v1alpha2'];

/** The client's discovery, asked once and kept (`again` asks anew, e.g. on Refresh). */
export function discoverLocks(client: KubeClient, again = false): Promise<LockDiscovery> {
  let found = cache.get(client);
  if (!found || again) {
    found = discover(client);
    cache.set(client, found);
  }
  return found;
}

async function resourceNames(client: KubeClient, path: string, notes: string[]): Promise<Set<string> | undefined> {
  const result = await client.getJson<ResourceList>(path, {}, { timeoutMs: 15_000 });
  if (!result.ok) {
    notes.push(`${path}: ${result.error.status ?? result.error.kind} ${result.error.message}`.trim());
    return undefined;
  }
  const names = new Set<string>();
  for (const r of Array.isArray(result.value.resources) ? result.value.resources : []) {
    if (typeof r?.name === 'string') {
      names.add(r.name);
    }
  }
  return names;
}

async function discover(client: KubeClient): Promise<LockDiscovery> {
  const notes: string[] = [];
  const core = await resourceNames(client, '/api/v1', notes);
  const out: LockDiscovery = { configmaps: core?.has('configmaps') ?? false, endpoints: core?.has('endpoints') ?? false, notes };
  const group = await client.getJson<GroupBody>('/apis/coordination.k8s.io', {}, { timeoutMs: 15_000 });
  if (!group.ok) {
    notes.push(`/apis/coordination.k8s.io: ${group.error.status ?? group.error.kind} ${group.error.message}`.trim());
    return out;
  }
  const served = new Set(
    (Array.isArray(group.value.versions) ? group.value.versions : []).map((v) => v?.version).filter((v) => typeof v === 'string'),
  );
  for (const version of candidateVersions) {
    if (!served.has(version)) {
      continue;
    }
    const names = await resourceNames(client, `/apis/coordination.k8s.io/${version}`, notes);
    if (names?.has('leasecandidates')) {
      out.leaseCandidates = version;
      break;
    }
  }
  return out;
}
