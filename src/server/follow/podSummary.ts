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
  spec?: { nodeName?: string; containers?: { name?: string }[] };
  status?: { phase?: string; containerStatuses?: { name?: string; restartCount?: number }[] };
}

export function toPodSummary(raw: RawPod): PodSummary | undefined {
  const m = raw.metadata;
  if (!m?.name || !m.namespace) {
    return undefined;
  }
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
  };
}
