// The in-memory cluster: objects per bucket, one global resourceVersion counter (like etcd's
// revision), a change history and watcher fan-out (WatchHub), and pod logs. HTTP handlers and
// in-process callers (demo, tests) write through the same paths, so both produce watch events.
import { randomBytes, randomUUID } from 'node:crypto';
import { normalizeCoreEvent } from './eventsV1';
import { PodLogs } from './logs';
import { PodProxies } from './podProxy';
import { ObjectTable } from './objectTable';
import { grOf, type ResourceDef, writeDefs } from './resources';
import { alreadyExists, conflict, errorWith, notFound } from './status';
import { microTime, parseMicroTime, preciseNowMs, rfc3339 } from './time';
import {
  type Bucket,
  buckets,
  type ContainerStatus,
  type CoreEvent,
  type Endpoints,
  type EventInput,
  type KubeObject,
  type ConfigMap,
  type Lease,
  type LeaseCandidate,
  type LeaseInput,
  type Namespace,
  type ObjectInput,
  type ObjectMeta,
  type Pod,
  type PodInput,
  type StoredEvent,
  type WatchEventType,
} from './types';
import { decodeConfigMap, decodeLease, decodeLeaseCandidate, validate } from './validation';
import { WatchHub } from './watchHub';

export interface ClusterStoreOptions {
  /** changes kept per bucket for watches from an older resourceVersion (default 10000) */
  historyLimit?: number;
  /** lines kept per container instance (default 50000) */
  logLinesLimit?: number;
}

/** How a write treats client-set metadata: `api` like the real server, `seed` keeps uid and timestamps. */
type WriteMode = 'api' | 'seed';

export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

const defaultNamespaces = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
const metaOrder = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

function orderMeta(m: ObjectMeta): ObjectMeta {
  const out: ObjectMeta = {};
  for (const k of metaOrder) {
    if (m[k] !== undefined && m[k] !== null && m[k] !== '') {
      out[k] = m[k];
    }
  }
  for (const k of Object.keys(m)) {
    if (!(k in out) && m[k] !== undefined && !metaOrder.includes(k)) {
      out[k] = m[k];
    }
  }
  return out;
}

/** The body as stored: metadata first, no kind/apiVersion. */
function body(obj: KubeObject, metadata: ObjectMeta): KubeObject {
  const out: KubeObject = { metadata };
  for (const [k, v] of Object.entries(obj)) {
    if (k !== 'kind' && k !== 'apiVersion' && k !== 'metadata') {
      out[k] = v;
    }
  }
  return out;
}

const nameChars = 'bcdfghjklmnpqrstvwxz2456789';
function randomSuffix(n = 5): string {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) {
    s += nameChars[b % nameChars.length];
  }
  return s;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** The JSON form of an input (client-node models included), as a request body would carry it. */
function plain<T extends KubeObject>(v: ObjectInput): T {
  const o = JSON.parse(JSON.stringify(v)) as T;
  if (typeof o.metadata !== 'object' || o.metadata === null) {
    o.metadata = {};
  }
  const ct = o.metadata.creationTimestamp;
  if (typeof ct === 'string' && !Number.isNaN(Date.parse(ct))) {
    o.metadata.creationTimestamp = rfc3339(Date.parse(ct));
  }
  return o;
}

export class ClusterStore {
  private rv = 0;
  readonly hub: WatchHub;
  /** What listens on the pods' ports, for GET pods/{name}:{port}/proxy/… */
  readonly proxies = new PodProxies();
  private readonly tables = new Map<Bucket, ObjectTable>();
  private readonly logs = new Map<string, { uid: string; logs: PodLogs }>();
  private readonly logLinesLimit: number;

  constructor(opts: ClusterStoreOptions = {}) {
    this.hub = new WatchHub(opts.historyLimit ?? 10000);
    this.logLinesLimit = opts.logLinesLimit ?? 50000;
    for (const b of buckets) {
      this.tables.set(b, new ObjectTable());
    }
    for (const ns of defaultNamespaces) {
      this.ensureNamespace(ns);
    }
  }

  // ---------------------------------------------------------------- public, in-process API

  /** The current resourceVersion (global, increasing). */
  resourceVersion(): string {
    return String(this.rv);
  }

  ensureNamespace(name: string): Namespace {
    const existing = this.get('namespaces', '', name);
    if (existing) {
      return clone(existing) as Namespace;
    }
    return clone(this.create(writeDefs.namespaces, '', { metadata: { name } }, 'api')) as Namespace;
  }

  listNamespaces(): Namespace[] {
    return this.list('namespaces').map((o) => clone(o) as Namespace);
  }

  listLeases(namespace?: string): Lease[] {
    return this.list('leases', namespace).map((o) => clone(o) as Lease);
  }

  getLease(namespace: string, name: string): Lease | undefined {
    const o = this.get('leases', namespace, name);
    return o ? (clone(o) as Lease) : undefined;
  }

  /** Creates a Lease like POST (409 AlreadyExists); keeps a given uid/creationTimestamp, ignores resourceVersion. */
  createLease(input: LeaseInput): Lease {
    const obj = plain<Lease>(input);
    const ns = this.namespaceOf(obj);
    this.ensureNamespace(ns);
    const { resourceVersion: _rv, ...metadata } = obj.metadata;
    return clone(this.create(writeDefs.leases, ns, { ...obj, metadata }, 'seed')) as Lease;
  }

  /** Updates a Lease like PUT: metadata.resourceVersion must match (409 Conflict, 422 if missing). */
  updateLease(input: LeaseInput): Lease {
    const obj = plain<Lease>(input);
    return clone(this.update(writeDefs.leases, this.namespaceOf(obj), obj, 'seed').object) as Lease;
  }

  /** Creates or overwrites a Lease whatever its resourceVersion (seeding, demo). */
  applyLease(input: LeaseInput): Lease {
    const obj = plain<Lease>(input);
    const ns = this.namespaceOf(obj);
    this.ensureNamespace(ns);
    return clone(this.put(writeDefs.leases, ns, obj)) as Lease;
  }

  deleteLease(namespace: string, name: string): boolean {
    if (!this.get('leases', namespace, name)) {
      return false;
    }
    this.remove(writeDefs.leases, namespace, name);
    return true;
  }

  /** Creates or overwrites a ConfigMap whatever its resourceVersion (seeding, demo). */
  applyConfigMap(input: ObjectInput): ConfigMap {
    return this.applyObject('configmaps', input) as ConfigMap;
  }

  /** Creates or overwrites an Endpoints object whatever its resourceVersion. */
  applyEndpoints(input: ObjectInput): Endpoints {
    return this.applyObject('endpoints', input) as Endpoints;
  }

  /** Creates or overwrites a LeaseCandidate (MicroTimes with six digits, as for Leases). */
  applyLeaseCandidate(input: ObjectInput): LeaseCandidate {
    return this.applyObject('leasecandidates', input) as LeaseCandidate;
  }

  /** Creates or overwrites a namespaced object of a bucket (namespace default: `default`). */
  applyObject(bucket: Bucket, input: ObjectInput): KubeObject {
    const obj = plain<KubeObject>(input);
    const ns = this.namespaceOf(obj);
    this.ensureNamespace(ns);
    return clone(this.put(writeDefs[bucket], ns, obj));
  }

  /** A copy of a stored object (cluster-scoped: namespace ''). */
  getObject(bucket: Bucket, namespace: string, name: string): KubeObject | undefined {
    const o = this.get(bucket, namespace, name);
    return o ? clone(o) : undefined;
  }

  /** Copies of a bucket's objects in key order. */
  listObjects(bucket: Bucket, namespace?: string): KubeObject[] {
    return this.list(bucket, namespace).map((o) => clone(o));
  }

  deleteObject(bucket: Bucket, namespace: string, name: string): boolean {
    if (!this.get(bucket, namespace, name)) {
      return false;
    }
    this.remove(writeDefs[bucket], namespace, name);
    return true;
  }

  listEvents(namespace?: string): CoreEvent[] {
    return this.list('events', namespace).map((o) => clone(o) as CoreEvent);
  }

  /**
   * Records a core/v1 Event. Missing fields get what client-go's recorder sets: name
   * `<involvedObject.name>.<hex nanoseconds>`, namespace of the involved object, first/last
   * timestamp now, count 1, type Normal.
   */
  createEvent(input: EventInput): CoreEvent {
    const obj = plain<CoreEvent>(input);
    if (typeof obj.involvedObject !== 'object' || obj.involvedObject === null) {
      throw new Error('createEvent: the event needs involvedObject');
    }
    const now = preciseNowMs();
    const metadata: ObjectMeta = { ...(obj.metadata ?? {}) };
    const ns = metadata.namespace || obj.involvedObject.namespace || 'default';
    if (!metadata.name && !metadata.generateName) {
      let nanos = BigInt(Math.floor(now * 1000)) * 1000n;
      const base = obj.involvedObject.name || 'event';
      while (this.get('events', ns, `${base}.${nanos.toString(16)}`)) {
        nanos++;
      }
      metadata.name = `${base}.${nanos.toString(16)}`;
    }
    const ts = rfc3339(now);
    const time = (v: string | null | undefined): string | null | undefined =>
      typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? rfc3339(Date.parse(v)) : v;
    const eventTime =
      typeof obj.eventTime === 'string' && !parseMicroTime(obj.eventTime).ok ? microTime(Date.parse(obj.eventTime)) : obj.eventTime;
    const e: CoreEvent = {
      ...obj,
      metadata,
      involvedObject: obj.involvedObject,
      eventTime,
      firstTimestamp: obj.firstTimestamp !== undefined ? time(obj.firstTimestamp) : obj.eventTime ? null : ts,
      lastTimestamp: obj.lastTimestamp !== undefined ? time(obj.lastTimestamp) : obj.eventTime ? null : ts,
      count: obj.count ?? 1,
      type: obj.type ?? 'Normal',
    };
    this.ensureNamespace(ns);
    return clone(this.create(writeDefs.events, ns, e, 'seed')) as CoreEvent;
  }

  listPods(namespace?: string): Pod[] {
    return this.list('pods', namespace).map((o) => clone(o) as Pod);
  }

  getPod(namespace: string, name: string): Pod | undefined {
    const o = this.get('pods', namespace, name);
    return o ? (clone(o) as Pod) : undefined;
  }

  /**
   * Creates or replaces a Pod. Missing status gets phase Running and a running, ready status per
   * container; a replacement without containerStatuses keeps the current ones (restart counts).
   */
  upsertPod(input: PodInput): Pod {
    const obj = plain<Pod>(input);
    const ns = this.namespaceOf(obj);
    this.ensureNamespace(ns);
    const name = obj.metadata.name ?? '';
    let old = this.get('pods', ns, name) as Pod | undefined;
    if (old && obj.metadata.uid && obj.metadata.uid !== old.metadata.uid) {
      this.remove(writeDefs.pods, ns, name); // a new pod with the same name
      old = undefined;
    }
    const status = { ...(obj.status ?? {}) };
    if (!status.phase) {
      status.phase = old?.status?.phase ?? 'Running';
    }
    if (!status.containerStatuses) {
      status.containerStatuses =
        old?.status?.containerStatuses ?? (obj.spec?.containers ?? []).map((c) => this.freshContainerStatus(c.name, c.image));
    }
    if (!status.startTime) {
      status.startTime = old?.status?.startTime ?? rfc3339();
    }
    const pod = this.put(writeDefs.pods, ns, { ...obj, status }) as Pod;
    const entry = this.logs.get(`${ns}/${name}`);
    if (entry && entry.uid !== pod.metadata.uid) {
      entry.logs.endAll();
      this.logs.delete(`${ns}/${name}`);
    }
    return clone(pod);
  }

  deletePod(namespace: string, name: string): boolean {
    if (!this.get('pods', namespace, name)) {
      return false;
    }
    this.remove(writeDefs.pods, namespace, name);
    return true;
  }

  /** Appends a line (or several, split on newlines) to a container's current log. */
  appendLog(namespace: string, pod: string, container: string, line: string, time?: Date): void {
    const c = this.containerLog(namespace, pod, container);
    const ms = time ? time.getTime() : preciseNowMs();
    const parts = line.endsWith('\n') ? line.slice(0, -1).split('\n') : line.split('\n');
    for (const p of parts) {
      c.append(p, ms);
    }
  }

  /** The container exits and starts again: its log becomes `previous`, restartCount+1, follows end. */
  restartContainer(namespace: string, pod: string, container: string, opts: { exitCode?: number; reason?: string } = {}): Pod {
    const c = this.containerLog(namespace, pod, container);
    const p = clone(this.get('pods', namespace, pod) as Pod);
    const now = rfc3339();
    const statuses = p.status?.containerStatuses ?? [];
    let st = statuses.find((s) => s.name === container);
    if (!st) {
      statuses.push((st = this.freshContainerStatus(container)));
    }
    const startedAt = st.state?.running?.startedAt ?? now;
    const exitCode = opts.exitCode ?? 1;
    st.lastState = {
      terminated: {
        exitCode,
        reason: opts.reason ?? (exitCode === 0 ? 'Completed' : 'Error'),
        startedAt,
        finishedAt: now,
        containerID: st.containerID,
      },
    };
    st.state = { running: { startedAt: now } };
    st.restartCount = (st.restartCount ?? 0) + 1;
    st.containerID = `containerd://${randomBytes(32).toString('hex')}`;
    p.status = { ...(p.status ?? {}), containerStatuses: statuses };
    c.restart();
    return clone(this.put(writeDefs.pods, namespace, p)) as Pod;
  }

  /** Drops every object and log (default namespaces come back); every resourceVersion handed out so far becomes too old. */
  reset(): void {
    for (const { logs } of this.logs.values()) {
      logs.endAll();
    }
    this.logs.clear();
    for (const t of this.tables.values()) {
      t.clear();
    }
    this.compact();
    for (const ns of defaultNamespaces) {
      this.ensureNamespace(ns);
    }
  }

  /**
   * Compacts the history: every resourceVersion handed out so far becomes too old for a watch.
   * The counter moves on by one so that a relist gets a resourceVersion that is not.
   */
  compact(): number {
    this.rv++;
    this.hub.expireAll(this.rv);
    return this.rv;
  }

  /** Moves the counter on without a change (lets tokens and versions handed out so far be told apart from new ones). */
  tick(): number {
    return ++this.rv;
  }

  // ---------------------------------------------------------------- internal API (handlers)

  /** The stored object (shared: never mutate it). */
  get(bucket: Bucket, namespace: string, name: string): KubeObject | undefined {
    return this.table(bucket).get(namespace, name);
  }

  /** Stored objects in key order (shared: never mutate them). */
  list(bucket: Bucket, namespace?: string): KubeObject[] {
    return this.table(bucket).list(namespace);
  }

  count(bucket: Bucket): number {
    return this.table(bucket).size;
  }

  podLogs(namespace: string, pod: string): PodLogs | undefined {
    const p = this.get('pods', namespace, pod);
    if (!p) {
      return undefined;
    }
    const key = `${namespace}/${pod}`;
    let entry = this.logs.get(key);
    if (!entry || entry.uid !== p.metadata.uid) {
      entry?.logs.endAll();
      entry = { uid: p.metadata.uid ?? '', logs: new PodLogs(this.logLinesLimit) };
      this.logs.set(key, entry);
    }
    return entry.logs;
  }

  /** POST: 409 AlreadyExists; in `api` mode server-set metadata replaces the client's. */
  create(def: ResourceDef, namespace: string, input: KubeObject, mode: WriteMode): KubeObject {
    const decoded = this.decode(def, input);
    const m = decoded.metadata ?? {};
    const name = m.name || (m.generateName ? `${m.generateName}${randomSuffix()}` : '');
    if (mode === 'api' && m.resourceVersion) {
      throw errorWith(500, 'resourceVersion should not be set on objects to be created', '');
    }
    const candidate = body(decoded, { ...m, name });
    validate(def, candidate);
    if (this.get(def.bucket, namespace, name)) {
      throw alreadyExists(grOf(def), name);
    }
    const rv = ++this.rv;
    const metadata = orderMeta({
      ...m,
      name,
      namespace: def.namespaced ? namespace : undefined,
      uid: mode === 'seed' && m.uid ? m.uid : randomUUID(),
      resourceVersion: String(rv),
      creationTimestamp: mode === 'seed' && m.creationTimestamp ? m.creationTimestamp : rfc3339(),
      generation: undefined,
      deletionTimestamp: undefined,
      selfLink: undefined,
      ...(def.bucket === 'namespaces' ? { labels: { ...(m.labels ?? {}), 'kubernetes.io/metadata.name': name } } : {}),
    });
    const obj = this.finish(def, body(decoded, metadata));
    this.commit(def, 'ADDED', namespace, name, obj, undefined, rv);
    return obj;
  }

  /**
   * PUT: optimistic concurrency on metadata.resourceVersion (409 Conflict; 422 when missing unless
   * the resource allows unconditional updates); creates when the resource allows it.
   */
  update(def: ResourceDef, namespace: string, input: KubeObject, mode: WriteMode): { object: KubeObject; created: boolean } {
    const decoded = this.decode(def, input);
    const m = decoded.metadata ?? {};
    const name = m.name ?? '';
    const old = this.get(def.bucket, namespace, name);
    if (!old) {
      if (!def.createOnUpdate) {
        throw notFound(grOf(def), name);
      }
      const { resourceVersion: _rv, ...rest } = m;
      return { object: this.create(def, namespace, { ...decoded, metadata: rest }, mode), created: true };
    }
    const want = m.resourceVersion;
    if (!want) {
      if (!def.unconditionalUpdate) {
        throw invalidRv(def, name);
      }
    } else if (want !== old.metadata.resourceVersion) {
      throw conflict(grOf(def), name);
    }
    return { object: this.replace(def, namespace, old, decoded), created: false };
  }

  /** DELETE: 404 when missing, 409 when a precondition fails. Returns the last state. */
  remove(def: ResourceDef, namespace: string, name: string, pre: DeletePreconditions = {}): KubeObject {
    const old = this.get(def.bucket, namespace, name);
    if (!old) {
      throw notFound(grOf(def), name);
    }
    if (pre.uid && pre.uid !== old.metadata.uid) {
      throw conflict(
        grOf(def),
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid ?? ''}`,
      );
    }
    if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(
        grOf(def),
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion ?? ''}`,
      );
    }
    this.table(def.bucket).delete(namespace, name);
    const rv = ++this.rv;
    const last: KubeObject = { ...old, metadata: { ...old.metadata, resourceVersion: String(rv) } };
    this.publish({ type: 'DELETED', rv, bucket: def.bucket, namespace, name, object: last, prev: old });
    if (def.bucket === 'pods') {
      this.logs.get(`${namespace}/${name}`)?.logs.endAll();
      this.logs.delete(`${namespace}/${name}`);
    }
    return old;
  }

  // ---------------------------------------------------------------- helpers

  private table(bucket: Bucket): ObjectTable {
    const t = this.tables.get(bucket);
    if (!t) {
      throw new Error(`unknown bucket ${bucket}`);
    }
    return t;
  }

  private namespaceOf(obj: KubeObject): string {
    if (!obj?.metadata?.name) {
      throw new Error('object needs metadata.name');
    }
    return obj.metadata.namespace || 'default';
  }

  private decode(def: ResourceDef, input: KubeObject): KubeObject {
    const obj: KubeObject = { ...input, metadata: { ...(input.metadata ?? {}) } };
    switch (def.bucket) {
      case 'leases':
        return decodeLease(def, obj as Lease);
      case 'leasecandidates':
        return decodeLeaseCandidate(def, obj as LeaseCandidate);
      case 'configmaps':
        return decodeConfigMap(def, obj as ConfigMap);
      default:
        return obj;
    }
  }

  /** Creates or overwrites without a resourceVersion check. */
  private put(def: ResourceDef, namespace: string, input: KubeObject): KubeObject {
    const decoded = this.decode(def, input);
    const old = this.get(def.bucket, namespace, decoded.metadata.name ?? '');
    if (!old) {
      return this.create(def, namespace, { ...decoded, metadata: { ...decoded.metadata, resourceVersion: undefined } }, 'seed');
    }
    return this.replace(def, namespace, old, decoded);
  }

  private replace(def: ResourceDef, namespace: string, old: KubeObject, decoded: KubeObject): KubeObject {
    const m = decoded.metadata;
    const name = old.metadata.name ?? '';
    const candidate = body(decoded, { ...m, name, uid: m.uid || old.metadata.uid });
    validate(def, candidate, old);
    const metadata = orderMeta({
      ...m,
      name,
      namespace: old.metadata.namespace,
      uid: old.metadata.uid,
      resourceVersion: old.metadata.resourceVersion,
      creationTimestamp: old.metadata.creationTimestamp,
      generation: old.metadata.generation,
      ...(def.bucket === 'namespaces' ? { labels: { ...(m.labels ?? {}), 'kubernetes.io/metadata.name': name } } : {}),
    });
    const next = this.finish(def, body(decoded, metadata));
    if (JSON.stringify(next) === JSON.stringify(old)) {
      return old;
    } // no-op: no new revision, no event
    const rv = ++this.rv;
    next.metadata.resourceVersion = String(rv);
    this.commit(def, 'MODIFIED', namespace, name, next, old, rv);
    return next;
  }

  private finish(def: ResourceDef, obj: KubeObject): KubeObject {
    if (def.bucket === 'events') {
      return normalizeCoreEvent(obj as CoreEvent);
    }
    if (def.bucket === 'namespaces') {
      const ns = obj as Namespace;
      return { ...ns, spec: ns.spec ?? { finalizers: ['kubernetes'] }, status: ns.status ?? { phase: 'Active' } };
    }
    return obj;
  }

  private commit(
    def: ResourceDef,
    type: WatchEventType,
    namespace: string,
    name: string,
    obj: KubeObject,
    prev: KubeObject | undefined,
    rv: number,
  ): void {
    this.table(def.bucket).set(namespace, name, obj);
    this.publish({ type, rv, bucket: def.bucket, namespace, name, object: obj, prev });
  }

  private publish(e: StoredEvent): void {
    this.hub.publish(e);
  }

  private freshContainerStatus(name: string, image?: string): ContainerStatus {
    return {
      name,
      state: { running: { startedAt: rfc3339() } },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: image ?? `registry.example.com/${name}:latest`,
      imageID: '',
      containerID: `containerd://${randomBytes(32).toString('hex')}`,
      started: true,
    };
  }

  private containerLog(namespace: string, pod: string, container: string) {
    const p = this.get('pods', namespace, pod) as Pod | undefined;
    if (!p) {
      throw new Error(`pod ${namespace}/${pod} does not exist`);
    }
    if (!p.spec.containers.some((c) => c.name === container)) {
      throw new Error(`pod ${namespace}/${pod} has no container ${container}`);
    }
    const logs = this.podLogs(namespace, pod);
    if (!logs) {
      throw new Error(`pod ${namespace}/${pod} does not exist`);
    }
    return logs.container(container);
  }
}

function invalidRv(def: ResourceDef, name: string) {
  // The registry names the resource (not the kind) here: `leases.coordination.k8s.io "x" is invalid`.
  return errorWith(
    422,
    `${def.group ? `${def.name}.${def.group}` : def.name} "${name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`,
    'Invalid',
    {
      name,
      ...(def.group ? { group: def.group } : {}),
      kind: def.name,
      causes: [
        { reason: 'FieldValueInvalid', message: 'Invalid value: 0x0: must be specified for an update', field: 'metadata.resourceVersion' },
      ],
    },
  );
}
