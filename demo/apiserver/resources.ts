// The resources this server serves: names, kinds, scope, verbs and short names (for discovery),
// the field labels each supports (with the real error for others), bookmark bodies.
import { configMaps, endpoints } from './configMapResources';
import { normalizeCoreEvent, toEventsV1 } from './eventsV1';
import { leaseCandidatesV1alpha2, leaseCandidatesV1beta1 } from './leaseCandidates';
import type { GroupResource } from './status';
import type { Bucket, CoreEvent, KubeObject, Pod } from './types';
import { deployments, nodes, replicaSets } from './workloadResources';

export interface ResourceDef {
  /** plural name in URLs and RBAC: `leases` */
  name: string;
  singularName: string;
  group: string;
  version: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  bucket: Bucket;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
  /** values of the field labels this resource supports */
  fields: Record<string, (o: KubeObject) => string>;
  /** the BadRequest message for a field label it does not support */
  unsupportedField: (label: string) => string;
  /** the wire shape of a stored object (events.k8s.io converts core Events) */
  toWire: (o: KubeObject) => KubeObject;
  /** the body of a BOOKMARK event's object besides kind/apiVersion/metadata */
  bookmarkBody: Record<string, unknown>;
  /**
   * Served from kube-apiserver's watch cache (default true). Events are not (their cache size is
   * 0): their watches come straight from etcd and get no BOOKMARKs, however long they stay quiet.
   */
  watchCache?: boolean;
  /** may PUT create a missing object (strategy AllowCreateOnUpdate)? */
  createOnUpdate: boolean;
  /** may PUT omit metadata.resourceVersion (strategy AllowUnconditionalUpdate)? */
  unconditionalUpdate: boolean;
}

/** The group-qualified resource of a definition, for error messages. */
export function grOf(def: Pick<ResourceDef, 'group' | 'name'>): GroupResource {
  return { group: def.group, resource: def.name };
}

export function apiVersionOf(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

const meta = {
  'metadata.name': (o: KubeObject) => o.metadata.name ?? '',
  'metadata.namespace': (o: KubeObject) => o.metadata.namespace ?? '',
};

const identity = (o: KubeObject): KubeObject => o;
const rwVerbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const notSupported = (label: string): string => `field label not supported: ${label}`;

const ev = (o: KubeObject): CoreEvent => o as CoreEvent;
const eventFields: Record<string, (o: KubeObject) => string> = {
  ...meta,
  'involvedObject.kind': (o) => ev(o).involvedObject?.kind ?? '',
  'involvedObject.namespace': (o) => ev(o).involvedObject?.namespace ?? '',
  'involvedObject.name': (o) => ev(o).involvedObject?.name ?? '',
  'involvedObject.uid': (o) => ev(o).involvedObject?.uid ?? '',
  'involvedObject.apiVersion': (o) => ev(o).involvedObject?.apiVersion ?? '',
  'involvedObject.resourceVersion': (o) => ev(o).involvedObject?.resourceVersion ?? '',
  'involvedObject.fieldPath': (o) => ev(o).involvedObject?.fieldPath ?? '',
  reason: (o) => ev(o).reason ?? '',
  reportingComponent: (o) => ev(o).reportingComponent ?? '',
  source: (o) => ev(o).source?.component || ev(o).reportingComponent || '',
  type: (o) => ev(o).type ?? '',
};

const pod = (o: KubeObject): Pod => o as Pod;
const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

export const leases: ResourceDef = {
  name: 'leases',
  singularName: 'lease',
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  listKind: 'LeaseList',
  namespaced: true,
  bucket: 'leases',
  verbs: rwVerbs,
  storageVersionHash: 'gqkMMb/YqFM=',
  fields: meta,
  unsupportedField: (label) => `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
  toWire: identity,
  bookmarkBody: { spec: {} },
  createOnUpdate: true,
  unconditionalUpdate: false,
};

export const coreEvents: ResourceDef = {
  name: 'events',
  singularName: 'event',
  group: '',
  version: 'v1',
  kind: 'Event',
  listKind: 'EventList',
  namespaced: true,
  bucket: 'events',
  verbs: rwVerbs,
  shortNames: ['ev'],
  storageVersionHash: 'r2yiGXH7wu8=',
  fields: eventFields,
  unsupportedField: notSupported,
  toWire: identity,
  bookmarkBody: normalizeCoreEvent({ metadata: {}, involvedObject: {} }),
  watchCache: false,
  createOnUpdate: true,
  unconditionalUpdate: true,
};

const v1EventFields: Record<string, (o: KubeObject) => string> = {
  ...meta,
  reason: eventFields.reason,
  type: eventFields.type,
  reportingController: eventFields.reportingComponent,
  'regarding.kind': eventFields['involvedObject.kind'],
  'regarding.namespace': eventFields['involvedObject.namespace'],
  'regarding.name': eventFields['involvedObject.name'],
  'regarding.uid': eventFields['involvedObject.uid'],
  'regarding.apiVersion': eventFields['involvedObject.apiVersion'],
  'regarding.resourceVersion': eventFields['involvedObject.resourceVersion'],
  'regarding.fieldPath': eventFields['involvedObject.fieldPath'],
};

export const eventsV1: ResourceDef = {
  ...coreEvents,
  group: 'events.k8s.io',
  verbs: ['get', 'list', 'watch'],
  // The real group lists shortName "ev" here too; kubectl then warns on every `get ev`.
  shortNames: undefined,
  fields: v1EventFields,
  toWire: toEventsV1,
  bookmarkBody: toEventsV1({ metadata: {}, involvedObject: {} }),
  watchCache: false,
};

export const pods: ResourceDef = {
  name: 'pods',
  singularName: 'pod',
  group: '',
  version: 'v1',
  kind: 'Pod',
  listKind: 'PodList',
  namespaced: true,
  bucket: 'pods',
  verbs: rwVerbs,
  shortNames: ['po'],
  categories: ['all'],
  storageVersionHash: 'xPOwRZ+Yhw8=',
  fields: {
    ...meta,
    'spec.nodeName': (o) => pod(o).spec?.nodeName ?? '',
    'spec.restartPolicy': (o) => text(pod(o).spec?.restartPolicy),
    'spec.schedulerName': (o) => text(pod(o).spec?.schedulerName),
    'spec.serviceAccountName': (o) => text(pod(o).spec?.serviceAccountName),
    'spec.hostNetwork': (o) => String(pod(o).spec?.hostNetwork === true),
    'status.phase': (o) => pod(o).status?.phase ?? '',
    'status.podIP': (o) => pod(o).status?.podIP ?? '',
    'status.podIPs': (o) => pod(o).status?.podIP ?? '',
    'status.nominatedNodeName': (o) => text(pod(o).status?.nominatedNodeName),
  },
  unsupportedField: notSupported,
  toWire: identity,
  bookmarkBody: { spec: { containers: null }, status: {} },
  createOnUpdate: false,
  unconditionalUpdate: true,
};

export const namespaces: ResourceDef = {
  name: 'namespaces',
  singularName: 'namespace',
  group: '',
  version: 'v1',
  kind: 'Namespace',
  listKind: 'NamespaceList',
  namespaced: false,
  bucket: 'namespaces',
  verbs: ['create', 'get', 'list', 'watch'],
  shortNames: ['ns'],
  storageVersionHash: 'Q3oi5N2YM8M=',
  fields: {
    'metadata.name': meta['metadata.name'],
    'status.phase': (o) => text((o.status as { phase?: string } | undefined)?.phase),
  },
  unsupportedField: notSupported,
  toWire: identity,
  bookmarkBody: { spec: {}, status: {} },
  createOnUpdate: false,
  unconditionalUpdate: true,
};

export interface GroupVersion {
  group: string;
  version: string;
  resources: ResourceDef[];
}

/** Group/version → resources served there (every one this server knows; see `servedGroupVersions`). */
export const groupVersions: GroupVersion[] = [
  { group: '', version: 'v1', resources: [namespaces, coreEvents, pods, nodes, configMaps, endpoints] },
  // The preferred version first, as in the real APIGroup.
  { group: 'coordination.k8s.io', version: 'v1', resources: [leases] },
  { group: 'coordination.k8s.io', version: 'v1beta1', resources: [leaseCandidatesV1beta1] },
  { group: 'coordination.k8s.io', version: 'v1alpha2', resources: [leaseCandidatesV1alpha2] },
  { group: 'apps', version: 'v1', resources: [replicaSets, deployments] },
  { group: 'events.k8s.io', version: 'v1', resources: [eventsV1] },
];

/**
 * The group versions of a server that does not serve some resources (`ApiServerOptions.withoutResources`):
 * an entry is a plural name (`leasecandidates`: every version) or `<group>/<version>/<name>`
 * (`coordination.k8s.io/v1alpha2/leasecandidates`; core: `v1/configmaps`). Group versions left
 * without resources disappear from discovery.
 */
export function servedGroupVersions(without: readonly string[] = []): GroupVersion[] {
  if (without.length === 0) {
    return groupVersions;
  }
  const off = new Set(without);
  const unserved = (gv: GroupVersion, r: ResourceDef): boolean =>
    off.has(r.name) || off.has(`${gv.group ? `${gv.group}/` : ''}${gv.version}/${r.name}`);
  return groupVersions
    .map((gv) => ({ ...gv, resources: gv.resources.filter((r) => !unserved(gv, r)) }))
    .filter((gv) => gv.resources.length > 0);
}

export function findResource(
  group: string,
  version: string,
  name: string,
  served: readonly GroupVersion[] = groupVersions,
): ResourceDef | undefined {
  return served.find((gv) => gv.group === group && gv.version === version)?.resources.find((r) => r.name === name);
}

/** The definition objects of a bucket are written through (events.k8s.io is read-only here). */
export const writeDefs: Record<Bucket, ResourceDef> = {
  namespaces,
  leases,
  events: coreEvents,
  pods,
  nodes,
  replicasets: replicaSets,
  deployments,
  configmaps: configMaps,
  endpoints,
  leasecandidates: leaseCandidatesV1beta1,
};
