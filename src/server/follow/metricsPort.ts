// Which port of a candidate pod serves its Prometheus metrics, for the API server's pod proxy:
// a container port named like "metrics" ("metrics", "http-metrics", "https-metrics"…), else the
// prometheus.io/port annotation, else the per-Lease setting leaseLens.metricsPorts.
import type { PodMetrics } from '../../shared/splitBrain';

/** The parts of a Pod's JSON that name ports. */
export interface RawPodPorts {
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, unknown> };
  spec?: { containers?: { name?: unknown; ports?: { name?: unknown; containerPort?: unknown }[] }[] };
}

export interface MetricsPort {
  port: number;
  scheme: 'http' | 'https';
  source: NonNullable<PodMetrics['portSource']>;
}

function validPort(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d{1,5}$/.test(v.trim()) ? Number(v.trim()) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65_535 ? n : undefined;
}

function annotation(raw: RawPodPorts, key: string): unknown {
  const a = raw.metadata?.annotations;
  return a && typeof a === 'object' && Object.hasOwn(a, key) ? a[key] : undefined;
}

/** The pod's metrics port, or undefined when none is known. `setting`: leaseLens.metricsPorts' entry for the Lease. */
export function metricsPortOf(raw: RawPodPorts, setting: number | undefined): MetricsPort | undefined {
  for (const container of raw.spec?.containers ?? []) {
    for (const p of container.ports ?? []) {
      const name = typeof p.name === 'string' ? p.name.toLowerCase() : '';
      const port = validPort(p.containerPort);
      if (port !== undefined && /(^|-)metrics$/.test(name)) {
        return { port, scheme: name.startsWith('https') ? 'https' : 'http', source: 'container-port' };
      }
    }
  }
  const annotated = validPort(annotation(raw, 'prometheus.io/port'));
  if (annotated !== undefined) {
    return { port: annotated, scheme: annotation(raw, 'prometheus.io/scheme') === 'https' ? 'https' : 'http', source: 'annotation' };
  }
  const set = validPort(setting);
  return set === undefined ? undefined : { port: set, scheme: 'http', source: 'setting' };
}

/** GET path of a pod's metrics through the API server's pod proxy. */
export function podProxyMetricsPath(namespace: string, pod: string, port: MetricsPort): string {
  const scheme = port.scheme === 'https' ? 'https:' : '';
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${scheme}${encodeURIComponent(pod)}:${port.port}/proxy/metrics`;
}
