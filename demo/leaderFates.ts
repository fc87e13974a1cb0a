// Old leaders with a fate to tell (issue 16 §1): a Deployment whose leader is OOMKilled and
// restarts (its previous container's log ends with a lost election), and a Deployment rollout
// that hands leadership over (the old pod releases, the new ReplicaSet's pod takes over). The
// Leases are written directly (no electors), so each step is immediate: tests call the steps,
// the demo runs them on a timer (LeaderFates).
import { randomUUID } from 'node:crypto';
import { microTime, rfc3339, type ClusterStore, type KubeObject, type Lease } from './apiserver';
import { writeDefs } from './apiserver/resources';

export interface FateWorkload {
  namespace: string;
  deployment: string;
  lease: string;
  container: string;
  node: string;
  /** The current ReplicaSet, its pod-template-hash and pods. */
  replicaSet: string;
  hash: string;
  revision: number;
  pods: string[];
  /** The holder's identity per pod (client-go style `<pod>_<uuid>`). */
  identities: Map<string, string>;
  leaseDurationSeconds: number;
}

const HASHES = ['6f7c9d8b4', '5b8d7c6f9', '7c4b9f8d6', '9d6f5b7c8', '4f9c8b6d7'];
const SUFFIXES = ['x2k4q', 'm7p9t', 'h3w8z', 'c5n2v', 'r8d4b', 'j6s3f'];

function klog(severity: 'I' | 'E' | 'F', at: Date, source: string, message: string): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${severity}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())} ${p(at.getUTCHours())}:${p(at.getUTCMinutes())}:${p(at.getUTCSeconds())}.${p(at.getUTCMilliseconds(), 3)}000       1 ${source}] ${message}`;
}

function upsert(store: ClusterStore, bucket: 'nodes' | 'replicasets' | 'deployments', namespace: string, obj: KubeObject): KubeObject {
  const def = writeDefs[bucket];
  const ns = def.namespaced ? namespace : '';
  const old = store.get(bucket, ns, obj.metadata.name ?? '');
  if (old) {
    return store.update(def, ns, { ...obj, metadata: { ...old.metadata, ...obj.metadata, resourceVersion: undefined } }, 'seed').object;
  }
  return store.create(def, ns, obj, 'seed');
}

/** Creates or updates a Node with its Ready condition. */
export function putNode(store: ClusterStore, name: string, ready = true, reason = ready ? 'KubeletReady' : 'NodeStatusUnknown'): void {
  const now = rfc3339();
  upsert(store, 'nodes', '', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: {
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'Unknown',
          reason,
          message: ready ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
    },
  });
}

/** Removes a Node (the in-process API: the HTTP API serves nodes read-only). */
export function deleteNode(store: ClusterStore, name: string): void {
  if (store.get('nodes', '', name)) {
    store.remove(writeDefs.nodes, '', name);
  }
}

function putReplicaSet(store: ClusterStore, w: FateWorkload, deploymentUid: string, replicas: number): string {
  const rs = upsert(store, 'replicasets', w.namespace, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: w.replicaSet,
      namespace: w.namespace,
      labels: { app: w.deployment, 'pod-template-hash': w.hash },
      annotations: { 'deployment.kubernetes.io/revision': String(w.revision) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: w.deployment, uid: deploymentUid, controller: true }],
    },
    spec: { replicas, selector: { matchLabels: { app: w.deployment, 'pod-template-hash': w.hash } } },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  });
  return rs.metadata.uid ?? '';
}

function startPods(store: ClusterStore, w: FateWorkload, rsUid: string, count: number): void {
  w.pods = [];
  for (let i = 0; i < count; i++) {
    const pod = `${w.replicaSet}-${SUFFIXES[i % SUFFIXES.length]}`;
    w.pods.push(pod);
    w.identities.set(pod, `${pod}_${randomUUID()}`);
    store.upsertPod({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: pod,
        namespace: w.namespace,
        labels: { app: w.deployment, 'pod-template-hash': w.hash },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: w.replicaSet, uid: rsUid, controller: true }],
      },
      spec: { nodeName: w.node, containers: [{ name: w.container, image: `registry.example/${w.deployment}:v${w.revision}` }] },
    });
    store.appendLog(
      w.namespace,
      pod,
      w.container,
      klog('I', new Date(), 'leaderelection.go:250', `attempting to acquire leader lease ${w.namespace}/${w.lease}...`),
    );
  }
}

function deploymentUid(store: ClusterStore, w: FateWorkload): string {
  return store.get('deployments', w.namespace, w.deployment)?.metadata.uid ?? '';
}

/** `pod` takes the Lease (a new term: acquireTime now, leaseTransitions + 1). */
export function acquire(store: ClusterStore, w: FateWorkload, pod: string): Lease {
  const old = store.getLease(w.namespace, w.lease);
  const now = microTime();
  const identity = w.identities.get(pod) ?? `${pod}_${randomUUID()}`;
  const transitions = old ? (old.spec?.leaseTransitions ?? 0) + 1 : 0;
  const lease = store.applyLease({
    metadata: { name: w.lease, namespace: w.namespace },
    spec: {
      holderIdentity: identity,
      leaseDurationSeconds: w.leaseDurationSeconds,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: transitions,
    },
  });
  store.appendLog(
    w.namespace,
    pod,
    w.container,
    klog('I', new Date(), 'leaderelection.go:260', `successfully acquired lease ${w.namespace}/${w.lease}`),
  );
  store.createEvent({
    metadata: { namespace: w.namespace },
    involvedObject: { kind: 'Lease', namespace: w.namespace, name: w.lease, apiVersion: 'coordination.k8s.io/v1' },
    reason: 'LeaderElection',
    message: `${identity} became leader`,
    source: { component: w.deployment },
  });
  return lease;
}

/** The holder renews (renewTime now). */
export function renew(store: ClusterStore, w: FateWorkload): void {
  const lease = store.getLease(w.namespace, w.lease);
  if (!lease?.spec?.holderIdentity) {
    return;
  }
  store.applyLease({ metadata: { name: w.lease, namespace: w.namespace }, spec: { ...lease.spec, renewTime: microTime() } });
}

/** The pod holding the Lease now, if it is one of the workload's. */
export function holderPod(store: ClusterStore, w: FateWorkload): string | undefined {
  const holder = store.getLease(w.namespace, w.lease)?.spec?.holderIdentity;
  return [...w.identities].find(([, id]) => id === holder)?.[0];
}

/** A Deployment with one ReplicaSet, `replicas` pods on `node`, and its first pod leading. */
export function seedFateWorkload(
  store: ClusterStore,
  opts: { namespace: string; deployment: string; lease?: string; replicas?: number; node?: string; leaseDurationSeconds?: number },
): FateWorkload {
  const w: FateWorkload = {
    namespace: opts.namespace,
    deployment: opts.deployment,
    lease: opts.lease ?? opts.deployment,
    container: 'manager',
    node: opts.node ?? `${opts.deployment}-node`,
    hash: HASHES[0],
    replicaSet: `${opts.deployment}-${HASHES[0]}`,
    revision: 1,
    pods: [],
    identities: new Map(),
    leaseDurationSeconds: opts.leaseDurationSeconds ?? 15,
  };
  store.ensureNamespace(w.namespace);
  putNode(store, w.node);
  const replicas = opts.replicas ?? 2;
  upsert(store, 'deployments', w.namespace, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: w.deployment,
      namespace: w.namespace,
      labels: { app: w.deployment },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: { replicas, selector: { matchLabels: { app: w.deployment } }, strategy: { type: 'RollingUpdate' } },
    status: { replicas, readyReplicas: replicas, updatedReplicas: replicas },
  });
  const rsUid = putReplicaSet(store, w, deploymentUid(store, w), replicas);
  startPods(store, w, rsUid, replicas);
  acquire(store, w, w.pods[0]);
  return w;
}

/**
 * The leader runs out of memory: its log says it failed to renew and lost the election, the
 * kernel kills it (OOMKilled, exit 137), the container restarts, and another pod takes the Lease.
 * Returns the old and the new holder's pods.
 */
export function oomKillLeader(store: ClusterStore, w: FateWorkload): { oldPod: string; newPod: string } {
  const oldPod = holderPod(store, w) ?? w.pods[0];
  const newPod = w.pods.find((p) => p !== oldPod) ?? oldPod;
  const at = new Date();
  const ref = `${w.namespace}/${w.lease}`;
  store.appendLog(
    w.namespace,
    oldPod,
    w.container,
    klog('E', at, 'leaderelection.go:369', `failed to renew lease ${ref}: timed out waiting for the condition: context deadline exceeded`),
  );
  store.appendLog(w.namespace, oldPod, w.container, klog('F', at, 'leaderelection.go:285', 'leaderelection lost'));
  store.createEvent({
    metadata: { namespace: 'default' },
    involvedObject: { kind: 'Node', name: w.node, uid: w.node },
    reason: 'OOMKilling',
    type: 'Warning',
    message: `Memory cgroup out of memory: Killed process 4242 (${w.deployment}) total-vm:812340kB, anon-rss:262144kB`,
    source: { component: 'kernel-monitor', host: w.node },
  });
  store.restartContainer(w.namespace, oldPod, w.container, { reason: 'OOMKilled', exitCode: 137 });
  store.appendLog(
    w.namespace,
    oldPod,
    w.container,
    klog('I', new Date(), 'leaderelection.go:250', `attempting to acquire leader lease ${ref}...`),
  );
  if (newPod !== oldPod) {
    acquire(store, w, newPod);
  }
  return { oldPod, newPod };
}

/**
 * A rollout: a new ReplicaSet scales up, the old pods are stopped (the leader releases the Lease
 * on its way out), the old ReplicaSet scales to 0, and a pod of the new one takes the Lease.
 */
export function rolloutHandover(store: ClusterStore, w: FateWorkload): { oldPod: string; newPod: string } {
  const oldPod = holderPod(store, w) ?? w.pods[0];
  const oldPods = w.pods;
  const oldRs = { ...w };
  const depUid = deploymentUid(store, w);
  w.revision += 1;
  w.hash = HASHES[(w.revision - 1) % HASHES.length];
  w.replicaSet = `${w.deployment}-${w.hash}`;
  const rsUid = putReplicaSet(store, w, depUid, oldPods.length);
  startPods(store, w, rsUid, oldPods.length);
  const ref = `${w.namespace}/${w.lease}`;
  for (const pod of oldPods) {
    store.createEvent({
      metadata: { namespace: w.namespace },
      involvedObject: { kind: 'Pod', namespace: w.namespace, name: pod, apiVersion: 'v1' },
      reason: 'Killing',
      message: `Stopping container ${w.container}`,
      source: { component: 'kubelet', host: w.node },
    });
  }
  store.appendLog(w.namespace, oldPod, w.container, klog('I', new Date(), 'leaderelection.go:296', `successfully released lease ${ref}`));
  const lease = store.getLease(w.namespace, w.lease);
  store.applyLease({
    metadata: { name: w.lease, namespace: w.namespace },
    spec: { ...(lease?.spec ?? {}), holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(), acquireTime: microTime() },
  });
  putReplicaSet(store, oldRs, depUid, 0);
  for (const pod of oldPods) {
    store.deletePod(w.namespace, pod);
  }
  const newPod = w.pods[0];
  acquire(store, w, newPod);
  return { oldPod, newPod };
}

export interface LeaderFatesOptions {
  /** How often each workload's leader meets its fate (default 90 s). */
  everyMs?: number;
  /** How often the holders renew (default 2 s). */
  renewEveryMs?: number;
  note?: (message: string) => void;
}

/** The demo's driver: demo/oom-demo is OOMKilled, demo/rollout-demo rolls out, each every `everyMs`. */
export class LeaderFates {
  readonly oom: FateWorkload;
  readonly rollout: FateWorkload;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly store: ClusterStore,
    private readonly o: LeaderFatesOptions = {},
  ) {
    this.oom = seedFateWorkload(store, { namespace: 'demo', deployment: 'oom-demo', node: 'worker-node-1' });
    this.rollout = seedFateWorkload(store, { namespace: 'demo', deployment: 'rollout-demo', node: 'worker-node-2' });
  }

  start(): void {
    const every = this.o.everyMs ?? 90_000;
    this.timers.push(
      setInterval(() => {
        renew(this.store, this.oom);
        renew(this.store, this.rollout);
      }, this.o.renewEveryMs ?? 2_000),
    );
    this.timers.push(
      setInterval(() => {
        const { oldPod, newPod } = oomKillLeader(this.store, this.oom);
        this.o.note?.(`${oldPod} (demo/oom-demo's leader) was OOMKilled and restarted; ${newPod} leads`);
      }, every),
    );
    const rollout = setTimeout(() => {
      this.timers.push(
        setInterval(() => {
          const { oldPod, newPod } = rolloutHandover(this.store, this.rollout);
          this.o.note?.(`demo/rollout-demo rolled out: ${oldPod} handed leadership to ${newPod}`);
        }, every),
      );
    }, every / 2);
    this.timers.push(rollout);
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) {
      clearInterval(timer);
    }
  }
}
