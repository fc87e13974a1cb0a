// Nodes (core/v1, cluster-scoped) and apps/v1 ReplicaSets and Deployments: served read-only over
// HTTP (get, list, watch) for what the Lease server reads about an old leader's fate (its node,
// its ReplicaSet, a rollout); written in-process through the store (ClusterStore.create/update
// with writeDefs, or the helpers in demo/leaderFates.ts).
import type { KubeObject } from './types';
import type { ResourceDef } from './resources';

const meta = {
  'metadata.name': (o: KubeObject) => o.metadata.name ?? '',
  'metadata.namespace': (o: KubeObject) => o.metadata.namespace ?? '',
};
const identity = (o: KubeObject): KubeObject => o;
const readVerbs = ['get', 'list', 'watch'];
const notSupported = (label: string): string => `field label not supported: ${label}`;

export const nodes: ResourceDef = {
  name: 'nodes',
  singularName: 'node',
  group: '',
  version: 'v1',
  kind: 'Node',
  listKind: 'NodeList',
  namespaced: false,
  bucket: 'nodes',
  verbs: readVerbs,
  shortNames: ['no'],
  storageVersionHash: 'XwShjMxG9Fs=',
  fields: {
    'metadata.name': meta['metadata.name'],
    'spec.unschedulable': (o) => String((o.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true),
  },
  unsupportedField: notSupported,
  toWire: identity,
  bookmarkBody: { spec: {}, status: { daemonEndpoints: { kubeletEndpoint: { Port: 0 } }, nodeInfo: {} } },
  createOnUpdate: false,
  unconditionalUpdate: true,
};

export const replicaSets: ResourceDef = {
  name: 'replicasets',
  singularName: 'replicaset',
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  listKind: 'ReplicaSetList',
  namespaced: true,
  bucket: 'replicasets',
  verbs: readVerbs,
  shortNames: ['rs'],
  categories: ['all'],
  storageVersionHash: 'P1RzHs8/mWQ=',
  fields: { ...meta, 'status.replicas': (o) => String((o.status as { replicas?: number } | undefined)?.replicas ?? 0) },
  unsupportedField: notSupported,
  toWire: identity,
  bookmarkBody: {
    spec: { selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: null } } },
    status: { replicas: 0 },
  },
  createOnUpdate: false,
  unconditionalUpdate: true,
};

export const deployments: ResourceDef = {
  name: 'deployments',
  singularName: 'deployment',
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  listKind: 'DeploymentList',
  namespaced: true,
  bucket: 'deployments',
  verbs: readVerbs,
  shortNames: ['deploy'],
  categories: ['all'],
  storageVersionHash: '8aSe+NMegvE=',
  fields: meta,
  unsupportedField: notSupported,
  toWire: identity,
  bookmarkBody: {
    spec: { selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: null } }, strategy: {} },
    status: {},
  },
  createOnUpdate: false,
  unconditionalUpdate: true,
};
