// meta.k8s.io/v1 Table answers (what `kubectl get` asks for with `Accept: ...;as=Table`), with the
// columns of the real server's printers for Leases, Pods, Events and Namespaces.
import { apiVersionOf, type ResourceDef } from './resources';
import { humanDuration } from './time';
import type { ConfigMap, CoreEvent, Endpoints, KubeObject, Lease, LeaseCandidate, Namespace, Pod } from './types';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export const tableContentType = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export function wantsTable(accept: string | undefined): boolean {
  if (!accept) {
    return false;
  }
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io');
  });
}

export function parseIncludeObject(v: string | null): IncludeObject {
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

const col = (name: string, description: string, priority = 0, type = 'string', format = ''): Column => ({
  name,
  type,
  format,
  description,
  priority,
});
const nameCol = col('Name', 'Name must be unique within a namespace.', 0, 'string', 'name');
const ageCol = col('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

function age(ts: string | null | undefined, now: number): string {
  if (!ts) {
    return '<unknown>';
  }
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

/** `10.0.0.1:80,10.0.0.2:80 + 3 more...` as kubectl prints Endpoints; `<none>` when empty. */
function endpointsCell(ep: Endpoints): string {
  const all: string[] = [];
  for (const sub of ep.subsets ?? []) {
    const ports = sub.ports?.length ? sub.ports.map((p) => `:${p.port}`) : [''];
    for (const a of sub.addresses ?? []) {
      for (const p of ports) {
        all.push(`${a.ip}${p}`);
      }
    }
  }
  if (all.length === 0) {
    return '<none>';
  }
  return all.length > 3 ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more...` : all.join(',');
}

type Printer = { columns: Column[]; cells(o: KubeObject, now: number): (string | number)[] };

const printers: Record<string, Printer> = {
  leases: {
    columns: [nameCol, col('Holder', 'holderIdentity contains the identity of the holder of a current lease.'), ageCol],
    cells: (o, now) => [o.metadata.name ?? '', (o as Lease).spec?.holderIdentity ?? '', age(o.metadata.creationTimestamp, now)],
  },
  configmaps: {
    columns: [nameCol, col('Data', 'Data contains the configuration data.', 0, 'integer'), ageCol],
    cells: (o, now) => {
      const cm = o as ConfigMap;
      const n = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
      return [o.metadata.name ?? '', n, age(o.metadata.creationTimestamp, now)];
    },
  },
  endpoints: {
    columns: [nameCol, col('Endpoints', 'Endpoints of the resource.'), ageCol],
    cells: (o, now) => [o.metadata.name ?? '', endpointsCell(o as Endpoints), age(o.metadata.creationTimestamp, now)],
  },
  leasecandidates: {
    columns: [
      nameCol,
      col('Lease Name', 'LeaseName is the name of the lease for which this candidate is contending.'),
      col('Binary Version', 'BinaryVersion is the binary version.'),
      col('Emulation Version', 'EmulationVersion is the emulation version.'),
      ageCol,
    ],
    cells: (o, now) => {
      const spec = (o as LeaseCandidate).spec ?? {};
      return [
        o.metadata.name ?? '',
        spec.leaseName ?? '',
        spec.binaryVersion ?? '',
        spec.emulationVersion ?? '',
        age(o.metadata.creationTimestamp, now),
      ];
    },
  },
  namespaces: {
    columns: [nameCol, col('Status', 'The status of the namespace'), ageCol],
    cells: (o, now) => [o.metadata.name ?? '', (o as Namespace).status?.phase ?? '', age(o.metadata.creationTimestamp, now)],
  },
  pods: {
    columns: [
      nameCol,
      col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'The aggregate status of the containers in this pod.'),
      col(
        'Restarts',
        'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      ),
      ageCol,
      col('IP', 'The IP address assigned to the pod', 1),
      col('Node', 'The name of the node where the pod is running', 1),
      col('Nominated Node', 'The name of the node where the pod is nominated to run', 1),
      col('Readiness Gates', 'The readiness gates of the pod', 1),
    ],
    cells: (o, now) => {
      const p = o as Pod;
      const statuses = p.status?.containerStatuses ?? [];
      const ready = statuses.filter((s) => s.ready).length;
      let reason = p.status?.reason || p.status?.phase || '';
      let restarts = 0;
      let lastRestart: string | undefined;
      for (const s of statuses) {
        restarts += s.restartCount ?? 0;
        const fin = s.lastState?.terminated?.finishedAt;
        if (fin && (!lastRestart || fin > lastRestart)) {
          lastRestart = fin;
        }
        if (s.state?.waiting?.reason) {
          reason = s.state.waiting.reason;
        } else if (s.state?.terminated?.reason) {
          reason = s.state.terminated.reason;
        }
      }
      if (p.metadata.deletionTimestamp) {
        reason = 'Terminating';
      }
      const r = lastRestart ? `${restarts} (${age(lastRestart, now)} ago)` : String(restarts);
      return [
        p.metadata.name ?? '',
        `${ready}/${p.spec?.containers?.length ?? 0}`,
        reason,
        r,
        age(p.metadata.creationTimestamp, now),
        p.status?.podIP || '<none>',
        p.spec?.nodeName || '<none>',
        '<none>',
        '<none>',
      ];
    },
  },
  events: {
    columns: [
      col('Last Seen', 'Last time the event was seen'),
      col('Type', 'Type of this event (Normal, Warning), new types could be added in the future.'),
      col(
        'Reason',
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
      ),
      col('Object', 'The object that this event is about. Mapped from events.v1.regarding'),
      col('Subobject', 'The subobject that this event is about. Mapped from events.v1.regarding.fieldPath', 1),
      col('Source', 'The component reporting this event.', 1),
      col('Message', 'A human-readable description of the status of this operation.'),
      col('First Seen', 'The first time that this event was seen', 1),
      col('Count', 'The number of times this event has occurred.', 1),
      { ...nameCol, priority: 1 },
    ],
    cells: (o, now) => {
      const e = o as CoreEvent;
      const last = e.lastTimestamp ?? e.eventTime ?? e.series?.lastObservedTime ?? null;
      const first = e.firstTimestamp ?? e.eventTime ?? null;
      const io = e.involvedObject ?? {};
      const source = [e.source?.component || e.reportingComponent, e.source?.host].filter(Boolean).join(', ');
      return [
        age(last, now),
        e.type ?? '',
        e.reason ?? '',
        `${(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
        io.fieldPath ?? '',
        source,
        (e.message ?? '').trim(),
        age(first, now),
        e.count ?? 1,
        e.metadata.name ?? '',
      ];
    },
  },
};

function rowObject(def: ResourceDef, o: KubeObject, include: IncludeObject): KubeObject | undefined {
  if (include === 'None') {
    return undefined;
  }
  if (include === 'Object') {
    return { kind: def.kind, apiVersion: apiVersionOf(def), ...def.toWire(o) };
  }
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function toTable(
  def: ResourceDef,
  objects: KubeObject[],
  listMeta: Record<string, unknown>,
  include: IncludeObject,
): Record<string, unknown> {
  const printer = printers[def.bucket] ?? {
    columns: [nameCol, ageCol],
    cells: (o: KubeObject, now: number) => [o.metadata.name ?? '', age(o.metadata.creationTimestamp, now)],
  };
  const now = Date.now();
  const rows = objects.map((o) => {
    const row: Record<string, unknown> = { cells: printer.cells(o, now) };
    const obj = rowObject(def, o, include);
    if (obj) {
      row.object = obj;
    }
    return row;
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, columnDefinitions: printer.columns, rows };
}
