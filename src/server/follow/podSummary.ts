// From the API server's Pod JSON to what pod resolution needs.
import type { PodSummary } from '../../core/podCandidates';

export interface RawPod {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind?: string; name?: string; uid?: string; controller?: boolean }[];
    deletionTimestamp?: string;
  };
  spec?: { nodeName?: string; hostNetwork?: boolean; containers?: { name?: string }[] };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip?: string }[];
    containerStatuses?: { name?: string; restartCount?: number }[];
  };
}

/** At most this many addresses per pod (a pod has one per IP family). */
const MAX_POD_IPS = 4;

/** status.podIPs, else status.podIP: the strings only, at most a few, each short. */
function podIPs(status: RawPod['status']): string[] {
  const listed = Array.isArray(status?.podIPs) ? status.podIPs.map((p) => p?.ip) : [];
  const all = [...listed, status?.podIP].filter((ip): ip is string => typeof ip === 'string' && ip !== '' && ip.length <= 45);
  return [...new Set(all)].slice(0, MAX_POD_IPS);
}

export function toPodSummary(raw: RawPod): PodSummary | undefined {
  const m = raw.metadata;
  if (!m?.name || !m.namespace) {
    return undefined;
  }
  const ips = podIPs(raw.status);
  return {
    namespace: m.namespace,
    name: m.name,
    labels: { ...(m.labels ?? {}) },
    ownerReferences: (m.ownerReferences ?? []).map((o) => ({
      kind: o.kind ?? '',
      name: o.name ?? '',
      uid: o.uid ?? '',
      controller: o.controller,
    })),
    nodeName: raw.spec?.nodeName,
    phase: raw.status?.phase,
    containers: (raw.spec?.containers ?? []).map((c) => c.name ?? '').filter((n) => n),
    restarts: (raw.status?.containerStatuses ?? []).reduce((sum, c) => sum + (c.restartCount ?? 0), 0),
    deleting: Boolean(m.deletionTimestamp),
    ...(ips.length > 0 ? { podIPs: ips } : {}),
    ...(raw.spec?.hostNetwork === true ? { hostNetwork: true } : {}),
  };
}
