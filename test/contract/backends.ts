// The two clusters the contract tests run against: the local Node API server with the demo
// scenario (client-go style electors in-process) and the real control plane (etcd, kube-apiserver,
// kube-scheduler replicas, client-go electors, a stand-in kubelet). Both hold the same kinds of
// things under the same names where it matters: a kube-scheduler Lease competed for by static pods
// `kube-scheduler-<node>`, a Deployment whose pods compete for a Lease, node heartbeat leases, the
// API server's identity lease, and a dev user who may read some namespaces only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinationV1Api, KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { startDemo } from '../../demo';
import { DEV_NAMESPACES } from '../../demo/users';
import type { RequestRecord } from '../../demo/apiserver';
import { startRealCluster, type Memory } from '../../realcluster/cluster';

export interface LeaseRef {
  namespace: string;
  name: string;
}

/** A leader-elected workload: the Lease its replicas compete for and the replicas' pods. */
export interface Workload {
  lease: LeaseRef;
  kind: 'static' | 'deployment';
  /** Every replica's pod name. */
  pods: string[];
  /** The replicas' container. */
  container: string;
}

export interface Backend {
  name: string;
  kubeconfigPath: string;
  adminContext: string;
  devContext: string;
  /** kube-system/kube-scheduler: static pods `kube-scheduler-<node>`, identities `<node>_<uuid>`. */
  leader: Workload;
  /** A Deployment's replicas electing a leader; identities `<pod>_<uuid>`. */
  deployment: Workload;
  /** Node heartbeat leases in kube-node-lease. */
  nodeCount: number;
  /** Namespaces the dev user may read Leases in (its context namespace first). */
  devAllowedNamespaces: string[];
  /** A namespace with Leases the dev user may not read. */
  devForbiddenNamespace: string;
  /** A pod in that namespace. */
  devForbiddenPod: string;
  /** Milliseconds the backend took to start. */
  startMs: number;
  /** Kills the process holding the leader Lease (no release); resolves with its identity. */
  killLeader(): Promise<string>;
  /** Reads a Lease as an admin client sees it now. */
  readLease(ref: LeaseRef): Promise<V1Lease>;
  /** What the Lease server (User-Agent lease-lens/…) sent, where the backend records requests. */
  leaseServerRequests?(): RequestRecord[];
  memory?(): Promise<Memory>;
  stop(): Promise<void>;
}

export interface BackendFactory {
  name: string;
  start(): Promise<Backend>;
}

const leaderLease: LeaseRef = { namespace: 'kube-system', name: 'kube-scheduler' };
/** Like the real cluster's kube-scheduler flags: lease 4 s, renew deadline 3 s, retry 1 s. */
const shortTiming = { leaseDurationSeconds: 4, renewDeadlineMs: 3000, retryPeriodMs: 1000 };

function adminCoordination(kubeconfigPath: string, context: string): CoordinationV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  kc.setCurrentContext(context);
  return kc.makeApiClient(CoordinationV1Api);
}

async function holderOf(api: CoordinationV1Api, ref: LeaseRef): Promise<string> {
  const lease = await api.readNamespacedLease(ref);
  return lease.spec?.holderIdentity ?? '';
}

/** The local API server running the demo scenario, with the real cluster's lease timings. */
export const localBackend: BackendFactory = {
  name: 'local API server (demo scenario)',
  async start() {
    const started = Date.now();
    const dir = mkdtempSync(join(tmpdir(), 'lease-lens-contract-'));
    const demo = await startDemo({
      port: 0,
      kubeconfigPath: join(dir, 'kubeconfig.yaml'),
      crashEveryMs: 0,
      releaseEveryMs: 0,
      restartDelayMs: 1000,
      timing: shortTiming,
      nodeCount: 5,
      chatterEveryMs: 1000,
    });
    const api = adminCoordination(demo.kubeconfigPath, demo.contexts.admin);
    const podsOf = (namespace: string, prefix: string): string[] =>
      demo.server.store
        .listPods(namespace)
        .map((p) => p.metadata.name ?? '')
        .filter((n) => n.startsWith(prefix))
        .sort();
    return {
      name: 'local',
      kubeconfigPath: demo.kubeconfigPath,
      adminContext: demo.contexts.admin,
      devContext: demo.contexts.dev,
      leader: { lease: leaderLease, kind: 'static', pods: podsOf('kube-system', 'kube-scheduler-'), container: 'kube-scheduler' },
      deployment: {
        lease: { namespace: 'demo', name: 'leader-demo' },
        kind: 'deployment',
        pods: podsOf('demo', 'leader-demo-'),
        container: 'leader-demo',
      },
      nodeCount: 5,
      devAllowedNamespaces: ['demo', ...DEV_NAMESPACES.filter((ns) => ns !== 'demo' && ns !== 'kube-node-lease')],
      devForbiddenNamespace: 'payments',
      devForbiddenPod: podsOf('payments', 'payments-operator-')[0],
      startMs: Date.now() - started,
      async killLeader() {
        const exit = await demo.crashLeader(`${leaderLease.namespace}/${leaderLease.name}`);
        return exit.identity;
      },
      readLease: (ref) => api.readNamespacedLease(ref),
      leaseServerRequests: () => demo.server.requests.filter((r) => r.userAgent?.startsWith('lease-lens/')),
      async stop() {
        await demo.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** The real control plane (realcluster), built if needed. */
export const realBackend: BackendFactory = {
  name: 'real control plane (kube-apiserver 1.36)',
  async start() {
    const cluster = await startRealCluster({ log: (line) => console.error(line) });
    try {
      const state = await cluster.state();
      const api = adminCoordination(cluster.kubeconfigPath, cluster.adminContext);
      const replicas = (role: 'scheduler' | 'elector', lease: string): string[] =>
        state.processes
          .filter((p) => p.role === role && p.pod?.lease === lease)
          .map((p) => p.pod?.name ?? '')
          .sort();
      return {
        name: 'real',
        kubeconfigPath: cluster.kubeconfigPath,
        adminContext: cluster.adminContext,
        devContext: cluster.devContext,
        leader: {
          lease: leaderLease,
          kind: 'static',
          pods: replicas('scheduler', 'kube-system/kube-scheduler'),
          container: 'kube-scheduler',
        },
        deployment: {
          lease: { namespace: 'demo', name: 'demo-elector' },
          kind: 'deployment',
          pods: replicas('elector', 'demo/demo-elector'),
          container: 'demo-elector',
        },
        nodeCount: state.nodes.length,
        devAllowedNamespaces: state.devNamespaces,
        devForbiddenNamespace: 'kube-system',
        devForbiddenPod: 'kube-scheduler-cp-node-1',
        startMs: cluster.startMs,
        async killLeader() {
          const holder = await holderOf(api, leaderLease);
          if (!holder) {
            throw new Error('the kube-scheduler Lease has no holder to kill');
          }
          await cluster.killScheduler(holder.split('_')[0]);
          return holder;
        },
        readLease: (ref) => api.readNamespacedLease(ref),
        memory: () => cluster.memory(),
        stop: () => cluster.stop(),
      };
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  },
};

export const backends: readonly BackendFactory[] = [localBackend, realBackend];

const running = new Map<BackendFactory, Promise<Backend>>();

/** The backend of a factory, started on first use and shared by every suite of the file. */
export function backendOf(factory: BackendFactory): Promise<Backend> {
  let b = running.get(factory);
  if (!b) {
    running.set(factory, (b = factory.start()));
  }
  return b;
}

/** Stops every backend started in this process. */
export async function stopBackends(): Promise<void> {
  const all = [...running.values()];
  running.clear();
  await Promise.all(all.map(async (b) => (await b.catch(() => undefined))?.stop()));
}
