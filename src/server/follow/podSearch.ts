// The holder's pod by name in other namespaces, when no pod of the Lease's namespace (and of
// leaseLens.podNamespaces) matched it: the namespaces the user may list (GET /api/v1/namespaces),
// else those of the settings; the identity's own namespace (`web-0.web.<ns>.svc`) first. Bounded:
// at most MAX_SEARCH_NAMESPACES namespaces, each one GET of its pods with
// `fieldSelector=metadata.name=<pod>` (one per name), SEARCH_CONCURRENCY at a time; only GET.
import type { KubeClient } from '../kube/client';

/** At most this many namespaces are searched. */
export const MAX_SEARCH_NAMESPACES = 50;
/** Requests in flight at once. */
export const SEARCH_CONCURRENCY = 4;
const REQUEST_MS = 10_000;

export interface PodSearchRequest {
  client: KubeClient;
  /** The pod names to look for (podSearchNames). */
  names: readonly string[];
  /** Namespaces the identity names: searched first, whether listed or not. */
  hinted: readonly string[];
  /** Namespaces to search when listing namespaces is forbidden (the context's and leaseLens.namespaces). */
  fallback: readonly string[];
  /** Namespaces already listed (the Lease's, leaseLens.podNamespaces'): not searched again. */
  exclude: readonly string[];
  signal: AbortSignal;
  note(text: string): void;
}

export interface PodSearchOutcome {
  /** The namespaces searched, in order. */
  namespaces: string[];
  /** Namespaces left out by the bound. */
  skipped: number;
  /** True when the namespaces came from listing them. */
  listed: boolean;
  /** Where a pod of one of the names was found: the first namespace in search order that has one. */
  foundIn?: string;
}

interface NamespaceList {
  items?: { metadata?: { name?: unknown } }[];
}

interface PodList {
  items?: { metadata?: { name?: unknown } }[];
}

/** The namespaces to search, in order: hinted, then listed (or the fallback), without the excluded. */
async function namespacesToSearch(req: PodSearchRequest): Promise<{ all: string[]; listed: boolean }> {
  const listed = await req.client.getJson<NamespaceList>('/api/v1/namespaces', {}, { timeoutMs: REQUEST_MS, signal: req.signal });
  const names: string[] = [];
  if (listed.ok) {
    for (const item of listed.value.items ?? []) {
      const name = item.metadata?.name;
      if (typeof name === 'string' && name !== '') {
        names.push(name);
      }
    }
    names.sort();
  } else {
    req.note(`pod search: namespaces cannot be listed (${listed.error.message}); searching those of the settings`);
  }
  const excluded = new Set(req.exclude);
  const order = [...req.hinted, ...(listed.ok ? names : [...req.fallback].sort())];
  return { all: [...new Set(order)].filter((n) => !excluded.has(n) && n !== 'kube-node-lease'), listed: listed.ok };
}

export async function searchPodByName(req: PodSearchRequest): Promise<PodSearchOutcome> {
  const { all, listed } = await namespacesToSearch(req);
  const namespaces = all.slice(0, MAX_SEARCH_NAMESPACES);
  const hits = new Set<number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < namespaces.length && hits.size === 0 && !req.signal.aborted) {
      const at = next++;
      const ns = namespaces[at] ?? '';
      for (const name of req.names) {
        const list = await req.client.getJson<PodList>(
          `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`,
          { fieldSelector: `metadata.name=${name}`, limit: 1 },
          { timeoutMs: REQUEST_MS, signal: req.signal },
        );
        if (!list.ok) {
          if (list.error.status !== 403 && list.error.status !== 404) {
            req.note(`pod search in ${ns}: ${list.error.message}`);
          }
          break;
        }
        if ((list.value.items ?? []).some((p) => p.metadata?.name === name)) {
          hits.add(at);
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEARCH_CONCURRENCY, namespaces.length) }, () => worker()));
  // Requests in flight when the first hit came finish too: the earliest namespace in order wins.
  const first = [...hits].sort((a, b) => a - b)[0];
  const searched = first === undefined ? namespaces.slice(0, next) : namespaces.slice(0, first + 1);
  return {
    namespaces: searched,
    skipped: all.length - namespaces.length + (namespaces.length - next),
    listed,
    ...(first !== undefined ? { foundIn: namespaces[first] } : {}),
  };
}
