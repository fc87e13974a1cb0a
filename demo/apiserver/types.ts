// Shapes of the Kubernetes objects the local API server stores and serves. Only the fields the
// server reads are typed; every object keeps whatever else it was given (index signatures).

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KubeObject {
  kind?: string;
  apiVersion?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number | null;
  acquireTime?: string | null;
  renewTime?: string | null;
  leaseTransitions?: number | null;
  strategy?: string | null;
  preferredHolder?: string | null;
  [key: string]: unknown;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface CoreEvent extends KubeObject {
  involvedObject: ObjectReference;
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  count?: number;
  type?: string;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  action?: string;
  related?: ObjectReference;
  reportingComponent?: string;
  reportingInstance?: string;
}

export interface Container {
  name: string;
  image?: string;
  [key: string]: unknown;
}

export interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { exitCode: number; reason?: string; startedAt?: string; finishedAt?: string; containerID?: string };
}

export interface ContainerStatus {
  name: string;
  restartCount: number;
  ready?: boolean;
  started?: boolean;
  image?: string;
  imageID?: string;
  containerID?: string;
  state?: ContainerState;
  lastState?: ContainerState;
  [key: string]: unknown;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  nodeName?: string;
  [key: string]: unknown;
}

export interface PodStatus {
  phase?: string;
  reason?: string;
  podIP?: string;
  hostIP?: string;
  startTime?: string;
  containerStatuses?: ContainerStatus[];
  [key: string]: unknown;
}

export interface Pod extends KubeObject {
  spec: PodSpec;
  status?: PodStatus;
}

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

export interface EndpointSubset {
  addresses?: { ip: string; hostname?: string; nodeName?: string; targetRef?: ObjectReference }[];
  notReadyAddresses?: { ip: string; hostname?: string; nodeName?: string; targetRef?: ObjectReference }[];
  ports?: { name?: string; port: number; protocol?: string; appProtocol?: string }[];
}

export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

/** coordination.k8s.io LeaseCandidate (v1alpha2 and v1beta1 share this shape). */
export interface LeaseCandidateSpec {
  leaseName?: string;
  pingTime?: string | null;
  renewTime?: string | null;
  binaryVersion?: string;
  emulationVersion?: string;
  strategy?: string;
  [key: string]: unknown;
}

export interface LeaseCandidate extends KubeObject {
  spec?: LeaseCandidateSpec;
}

export interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** meta/v1 Status, the body of every error answer (and of a successful DELETE). */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string };
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  /** absent only on the Success Status of a DELETE */
  code?: number;
}

/** The storage buckets of the in-memory store. */
export type Bucket =
  'namespaces' | 'leases' | 'events' | 'pods' | 'nodes' | 'replicasets' | 'deployments' | 'configmaps' | 'endpoints' | 'leasecandidates';

/** Every bucket, in the order the store creates them. */
export const buckets: readonly Bucket[] = [
  'namespaces',
  'leases',
  'events',
  'pods',
  'nodes',
  'replicasets',
  'deployments',
  'configmaps',
  'endpoints',
  'leasecandidates',
];

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change in the store, as kept in the bounded history and handed to watchers. */
export interface StoredEvent {
  type: WatchEventType;
  rv: number;
  bucket: Bucket;
  namespace: string;
  name: string;
  /** the object after the change (for DELETED: the last state, with the deletion's resourceVersion) */
  object: KubeObject;
  /** the object before the change (MODIFIED and DELETED) */
  prev?: KubeObject;
}

/** The metadata fields the store reads from an input object. */
export interface ObjectMetaInput {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * What the in-process store accepts: plain objects (`Record<string, unknown>`, the types here) or
 * @kubernetes/client-node models. Values are taken in their JSON form, as a request body would
 * carry them: a V1MicroTime becomes six fractional digits and a plain Date three (which a Lease's
 * MicroTime fields reject with the real 400, so use `microTime()` or V1MicroTime).
 */
export type ObjectInput = { apiVersion?: string; kind?: string; metadata?: ObjectMetaInput } | Record<string, unknown>;

export type LeaseInput = { apiVersion?: string; kind?: string; metadata?: ObjectMetaInput; spec?: object } | Record<string, unknown>;

export type PodInput =
  | {
      apiVersion?: string;
      kind?: string;
      metadata?: ObjectMetaInput;
      spec?: { containers?: { name: string; image?: string }[]; nodeName?: string };
      status?: object;
    }
  | Record<string, unknown>;

/** A core/v1 Event to record; `involvedObject` is required. */
export type EventInput =
  | {
      metadata?: ObjectMetaInput;
      involvedObject: ObjectReference;
      reason?: string;
      message?: string;
      type?: string;
      count?: number;
      source?: { component?: string; host?: string };
      firstTimestamp?: unknown;
      lastTimestamp?: unknown;
      eventTime?: unknown;
      reportingComponent?: string;
      reportingInstance?: string;
    }
  | Record<string, unknown>;
