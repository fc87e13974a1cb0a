// What the benchmark puts into the local API server: a deterministic, realistic fleet of Leases
// (mostly node-heartbeat-like leases, then controller leases, a few API server identity leases),
// the Lease that is followed with its three replicas, and the controller log lines they write.
//
// None of the Leases lives in kube-node-lease: the benchmark measures the path of the Leases the
// client receives (the tree's Leases), not the counted-only node leases (see README.md here).
import { createHash } from 'node:crypto';
import { microTime } from '../demo/apiserver';

export interface LeaseSpecSeed {
  holderIdentity?: string;
  leaseDurationSeconds: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface LeaseSeedObject {
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string }[];
  };
  spec: LeaseSpecSeed;
}

/** The followed Lease and its candidate pods (a Deployment's ReplicaSet with three replicas). */
export interface FollowTarget {
  namespace: string;
  lease: string;
  pods: string[];
  container: string;
}

export const followTarget: FollowTarget = {
  namespace: 'payments',
  lease: 'a3f1c2d4.payments.example.com',
  pods: ['payments-operator-7d9f8b6c5-x2k4q', 'payments-operator-7d9f8b6c5-m8n3z', 'payments-operator-7d9f8b6c5-p5w7r'],
  container: 'manager',
};
const followReplicaSet = 'payments-operator-7d9f8b6c5';

/** A small deterministic PRNG (mulberry32), so every run seeds the same fleet. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    s += Math.floor(rand() * 16).toString(16);
  }
  return s;
}

function uuid(rand: () => number): string {
  return `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}`;
}

const podChars = 'bcdfghjklmnpqrstvwxz2456789';
function podSuffix(rand: () => number, n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    s += podChars[Math.floor(rand() * podChars.length)];
  }
  return s;
}

const components = [
  'cert-manager-controller',
  'cluster-autoscaler',
  'ingress-nginx-leader',
  'external-dns',
  'karpenter-leader-election',
  'argocd-application-controller',
  'kyverno-background-controller',
  'prometheus-operator',
  'velero',
  'istiod',
];

/**
 * `count` Leases: about 70 % node-heartbeat-like (one per edge node, in `fleet-NN` namespaces,
 * renewed like the kubelet's: holder = node, 40 s), about 29 % controller leases (client-go
 * `<pod>_<uuid>` holders, 15 s, some released), about 1 % API server identity leases in
 * kube-system. The first one is always the followed Lease.
 */
export function seedLeases(count: number, seed: number, now = Date.now()): LeaseSeedObject[] {
  const rand = prng(seed);
  const out: LeaseSeedObject[] = [];
  const renewedAgo = (periodMs: number): string => microTime(now - Math.floor(rand() * periodMs));
  out.push({
    metadata: { name: followTarget.lease, namespace: followTarget.namespace },
    spec: {
      holderIdentity: `${followTarget.pods[0]}_${uuid(rand)}`,
      leaseDurationSeconds: 15,
      acquireTime: microTime(now - 3_600_000),
      renewTime: microTime(now - 1000),
      leaseTransitions: 3,
    },
  });
  for (let i = 1; i < count; i++) {
    const r = rand();
    if (r < 0.7) {
      const pool = Math.floor(rand() * 20);
      const node = `edge-${pool.toString().padStart(2, '0')}-${hex(rand, 6)}-${podSuffix(rand)}-${i}`;
      out.push({
        metadata: {
          name: node,
          namespace: `fleet-${pool.toString().padStart(2, '0')}`,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node, uid: uuid(rand) }],
        },
        spec: { holderIdentity: node, leaseDurationSeconds: 40, renewTime: renewedAgo(10_000) },
      });
    } else if (r < 0.99) {
      const team = Math.floor(rand() * 50);
      const component = components[Math.floor(rand() * components.length)];
      const ns = `team-${team.toString().padStart(2, '0')}`;
      const style = rand();
      const name = style < 0.4 ? `${hex(rand, 8)}.${component}.example.com` : style < 0.8 ? `${component}-${i}` : `${component}-lock-${i}`;
      const released = rand() < 0.03;
      const pod = `${component}-${hex(rand, 9)}-${podSuffix(rand)}`;
      out.push({
        metadata: { name, namespace: ns, labels: rand() < 0.3 ? { 'app.kubernetes.io/name': component } : undefined },
        spec: {
          holderIdentity: released ? '' : `${pod}_${uuid(rand)}`,
          leaseDurationSeconds: rand() < 0.8 ? 15 : 137,
          acquireTime: microTime(now - Math.floor(rand() * 86_400_000)),
          renewTime: renewedAgo(2_000),
          leaseTransitions: Math.floor(rand() * 12),
        },
      });
    } else {
      const id = uuid(rand);
      out.push({
        metadata: {
          name: `apiserver-${hex(rand, 26)}-${i}`,
          namespace: 'kube-system',
          labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': `cp-${i}` },
        },
        spec: {
          holderIdentity: `apiserver-${id}`,
          leaseDurationSeconds: 3600,
          acquireTime: microTime(now - 86_400_000),
          renewTime: renewedAgo(10_000),
        },
      });
    }
  }
  return out;
}

/** The namespace `gatherNamespace` fills. */
export const wideNamespace = 'team-wide';

/**
 * Moves the first `count` controller Leases (of the `team-NN` namespaces) into `team-wide`, so one
 * namespace holds a few hundred Leases, as a big tenant does (the editor benchmark expands it in
 * the tree). The fleet keeps its size; 0 leaves it as it is.
 */
export function gatherNamespace(leases: LeaseSeedObject[], count: number): LeaseSeedObject[] {
  let moved = 0;
  for (const lease of leases) {
    if (moved >= count) {
      break;
    }
    if (lease.metadata.namespace.startsWith('team-')) {
      lease.metadata.namespace = wideNamespace;
      moved++;
    }
  }
  return leases;
}

/**
 * A new holder in the style of the old one: client-go's `<hostname>_<uuid>` with the same
 * hostname (the pod restarted) and a new uuid; a holder without `_` (a node) gets one too.
 */
export function newHolder(old: string, rand: () => number): string {
  return `${old.split('_')[0]}_${uuid(rand)}`;
}

/** The followed Lease's pods (owned by one ReplicaSet) and some unrelated pods in its namespace. */
export function seedPods(): Record<string, unknown>[] {
  const owner = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    name: followReplicaSet,
    uid: '5b0c7c1e-3f43-4d2e-9a51-7e3f1b7d2c10',
    controller: true,
  };
  const pods: Record<string, unknown>[] = followTarget.pods.map((name, i) => ({
    metadata: {
      name,
      namespace: followTarget.namespace,
      labels: { app: 'payments-operator', 'pod-template-hash': '7d9f8b6c5' },
      ownerReferences: [owner],
    },
    spec: {
      nodeName: `worker-${i + 1}`,
      containers: [{ name: followTarget.container, image: 'registry.example.com/payments-operator:v1.8.2' }],
    },
  }));
  for (let i = 0; i < 10; i++) {
    pods.push({
      metadata: {
        name: `payments-api-5f6d7c8b9-${podSuffix(prng(100 + i))}`,
        namespace: followTarget.namespace,
        labels: { app: 'payments-api' },
      },
      spec: { nodeName: `worker-${(i % 3) + 1}`, containers: [{ name: 'api', image: 'registry.example.com/payments-api:v3.1.0' }] },
    });
  }
  return pods;
}

const objects = ['invoice', 'refund', 'payout', 'ledger-entry', 'subscription'];

/** The n-th controller log line (klog text format, as controller-runtime managers print it). */
export function logLine(n: number, at: number): string {
  const d = new Date(at);
  const pad = (v: number, w = 2): string => v.toString().padStart(w, '0');
  const head = `I${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000       1`;
  if (n % 100 === 0) {
    return `${head} leaderelection.go:281] successfully renewed lease ${followTarget.namespace}/${followTarget.lease}`;
  }
  const kind = objects[n % objects.length];
  return `${head} controller.go:${220 + (n % 40)}] "Reconcile successful" controller="${kind}" namespace="tenant-${n % 97}" name="${kind}-${n}" reconcileID="${((n * 2654435761) >>> 0).toString(16)}" duration="${(n % 17) + 1}.${n % 10}ms"`;
}

/** A digest of leases' `namespace/name=renewTime`, in any order: equal digests, equal states. */
export function leaseDigest(leases: Iterable<{ namespace: string; name: string; renewTime?: string | null }>): {
  leases: number;
  digest: string;
} {
  const lines: string[] = [];
  for (const l of leases) {
    lines.push(`${l.namespace}/${l.name}=${l.renewTime ?? ''}`);
  }
  lines.sort();
  return { leases: lines.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
}
