// coordination.k8s.io LeaseCandidates (coordinated leader election), served in v1alpha2 and
// v1beta1 from one bucket: both versions have the same spec (leaseName, pingTime, renewTime,
// binaryVersion, emulationVersion, strategy), so an object written in one reads in the other.
import type { ResourceDef } from './resources';
import type { KubeObject } from './types';

const meta = {
  'metadata.name': (o: KubeObject) => o.metadata.name ?? '',
  'metadata.namespace': (o: KubeObject) => o.metadata.namespace ?? '',
};

export const leaseCandidatesV1beta1: ResourceDef = {
  name: 'leasecandidates',
  singularName: 'leasecandidate',
  group: 'coordination.k8s.io',
  version: 'v1beta1',
  kind: 'LeaseCandidate',
  listKind: 'LeaseCandidateList',
  namespaced: true,
  bucket: 'leasecandidates',
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  fields: meta,
  unsupportedField: (label) => `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
  toWire: (o) => o,
  // Go writes the spec's non-omitempty strings even when empty.
  bookmarkBody: { spec: { leaseName: '', binaryVersion: '', strategy: '' } },
  createOnUpdate: true,
  unconditionalUpdate: false,
};

export const leaseCandidatesV1alpha2: ResourceDef = { ...leaseCandidatesV1beta1, version: 'v1alpha2' };

/** The spec fields in Go struct order (the encoder's order). */
export const leaseCandidateSpecFields = ['leaseName', 'pingTime', 'renewTime', 'binaryVersion', 'emulationVersion', 'strategy'] as const;
