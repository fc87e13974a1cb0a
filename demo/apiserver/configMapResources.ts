// core/v1 ConfigMaps and Endpoints: namespaced, read and written over HTTP like Leases. Old
// leader-election locks (client-go's ConfigMapLock/EndpointsLock) keep their record in the
// annotation `control-plane.alpha.kubernetes.io/leader` of one of these.
import type { ResourceDef } from './resources';
import type { KubeObject } from './types';

const meta = {
  'metadata.name': (o: KubeObject) => o.metadata.name ?? '',
  'metadata.namespace': (o: KubeObject) => o.metadata.namespace ?? '',
};
const identity = (o: KubeObject): KubeObject => o;
const rwVerbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const onlyMeta = (label: string): string => `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`;

export const configMaps: ResourceDef = {
  name: 'configmaps',
  singularName: 'configmap',
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  namespaced: true,
  bucket: 'configmaps',
  verbs: rwVerbs,
  shortNames: ['cm'],
  storageVersionHash: 'qFsyl6wFWjQ=',
  fields: meta,
  unsupportedField: onlyMeta,
  toWire: identity,
  bookmarkBody: {},
  createOnUpdate: false,
  unconditionalUpdate: true,
};

export const endpoints: ResourceDef = {
  name: 'endpoints',
  singularName: 'endpoints',
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  listKind: 'EndpointsList',
  namespaced: true,
  bucket: 'endpoints',
  verbs: rwVerbs,
  shortNames: ['ep'],
  storageVersionHash: 'fWeeMqaN/OA=',
  fields: meta,
  unsupportedField: onlyMeta,
  toWire: identity,
  bookmarkBody: {},
  createOnUpdate: true,
  unconditionalUpdate: true,
};
