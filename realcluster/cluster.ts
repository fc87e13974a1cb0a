// Starts the real test cluster (etcd, kube-apiserver, kube-scheduler replicas, client-go electors and
// a stand-in kubelet; see harness/) for test suites, and waits until it is usable: /readyz answers,
// the kube-scheduler Lease has a holder and pods/log returns a replica's output.
import { waitFor } from '../harness/waiting';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { CoordinationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { buildHarness, cacheDir } from './build';

/** The state file `realcluster up` keeps current (realcluster/go/state.go). */
export interface StateJson {
  phase: 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';
  supervisorPid: number;
  dir: string;
  kubeconfig: string;
  adminContext: string;
  devContext: string;
  devNamespaces: string[];
  server: string;
  etcdURL: string;
  ports: { etcd: number; etcdPeer: number; apiserver: number; kubelet: number };
  /** false: replicas could not get their own host names (see the supervisor's log). */
  utsNamespaces: boolean;
  /** The machine's first non-loopback IPv4: pod IP of the electors serving metrics; '' when none (then none does). */
  metricsIP: string;
  /** kube-apiserver's audit log (JSON lines): lists (with their response), gets and watches of ConfigMaps and Endpoints. */
  auditLog: string;
  nodes: string[];
  processes: ProcState[];
  updatedAt: string;
}

export interface ProcState {
  name: string;
  role: 'etcd' | 'apiserver' | 'kubelet' | 'scheduler' | 'elector';
  hostname?: string;
  pid: number;
  running: boolean;
  restarts: number;
  startedAt: string;
  exitCode?: number;
  lastStartedAt?: string;
  lastFinishedAt?: string;
  /** CRI format lines: `<RFC3339Nano> <stdout|stderr> <F|P> <text>`. */
  logFile: string;
  logFiles: string[];
  pod?: {
    namespace: string;
    name: string;
    container: string;
    node: string;
    static: boolean;
    replicaSet?: string;
    labels?: Record<string, string>;
    image: string;
    /** `namespace/name` of the Lease the replica competes for. */
    lease?: string;
    /** The pod's IP when the process really listens there (the electors serving metrics). */
    podIP?: string;
    /** Container ports, e.g. `{ name: 'metrics', port }`. */
    ports?: { name: string; port: number }[];
  };
  args: string[];
  /** The wait before the supervisor restarts it (nanoseconds); absent: one second. */
  restartDelayNs?: number;
}

export interface RealClusterOptions {
  /** Work directory; default a fresh one under realcluster/.cache/runs. */
  dir?: string;
  /** Kubeconfig to write; default `<dir>/kubeconfig`. */
  kubeconfigPath?: string;
  /** Overall time allowed for build and start. */
  timeoutMs?: number;
  /** kube-scheduler replicas (hosts cp-node-1..N); default 3. */
  schedulers?: number;
  /** Keep the work directory (logs, etcd data) after stop(); default: only if LEASE_LENS_KEEP_CLUSTER is set. */
  keepDir?: boolean;
  log?: (line: string) => void;
}

export interface Memory {
  /** Sum of VmRSS; counts the shared binary once per process. */
  rssBytes: number;
  /** Sum of proportional set sizes: shared pages split between the processes. */
  pssBytes: number;
  byProcess: { name: string; pid: number; rssBytes: number; pssBytes: number }[];
}

export interface RealCluster {
  kubeconfigPath: string;
  adminContext: string;
  devContext: string;
  server: string;
  dir: string;
  /** Milliseconds from spawning `up` until the cluster was ready. */
  startMs: number;
  state(): Promise<StateJson>;
  /** KubeConfig loaded from kubeconfigPath with the given context (default admin). */
  kubeConfig(context?: string): KubeConfig;
  /** SIGKILLs the scheduler replica running under `hostname` (e.g. cp-node-2); the supervisor restarts it. */
  killScheduler(hostname: string): Promise<void>;
  /** SIGKILLs the replica of the pod `namespace/name` (an elector); the supervisor restarts it after its delay. */
  killPod(namespace: string, name: string): Promise<void>;
  memory(): Promise<Memory>;
  stop(): Promise<void>;
}

/** Polls `probe` (errors count as "not yet": the cluster is still starting) until it gives a value. */
export function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 250): Promise<T> {
  return waitFor(what, probe, timeoutMs, { everyMs, retryErrors: true });
}

function httpsStatus(url: string, ca: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { Authorization: `Bearer ${token}` }, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRealCluster(opts: RealClusterOptions = {}): Promise<RealCluster> {
  const log = opts.log ?? ((l: string) => console.error(l));
  const timeoutMs = opts.timeoutMs ?? 15 * 60_000;
  const { binary } = await buildHarness(log);
  const dir = opts.dir ?? join(cacheDir, 'runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const kubeconfigPath = opts.kubeconfigPath ?? join(dir, 'kubeconfig');
  const statePath = join(dir, 'state.json');
  const upLog = join(dir, '..', `${dir.split('/').pop()}.up.log`);

  const started = Date.now();
  const args = ['up', `--dir=${dir}`, `--kubeconfig=${kubeconfigPath}`, `--state=${statePath}`, '--stop-on-stdin-eof'];
  if (opts.schedulers) {
    args.push(`--schedulers=${opts.schedulers}`);
  }
  // Own process group (detached), so a Ctrl-C meant for the test runner reaches the supervisor
  // only through stop() or through stdin closing when this process dies.
  const child = spawn(binary, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = createWriteStream(upLog);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exitInfo: string | undefined;
  child.on('exit', (code, signal) => (exitInfo = `realcluster up exited (${signal ?? code}); see ${upLog}`));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async (keep = opts.keepDir ?? !!process.env.LEASE_LENS_KEEP_CLUSTER) => {
    if (stopped) {
      return;
    }
    stopped = true;
    process.removeListener('exit', killOnExit);
    const stopping = Date.now();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited(child);
      clearTimeout(timer);
      log(`[realcluster] stopped in ${((Date.now() - stopping) / 1000).toFixed(1)}s`);
    }
    child.stdin.destroy();
    out.end();
    if (!keep) {
      rmSync(dir, { recursive: true, force: true });
      rmSync(upLog, { force: true });
    }
  };
  const state = async (): Promise<StateJson> => JSON.parse(await readFile(statePath, 'utf8')) as StateJson;
  const alive = () => {
    if (exitInfo) {
      throw new Error(`${exitInfo}\n${readFileSync(upLog, 'utf8').split('\n').slice(-20).join('\n')}`);
    }
  };

  const kill = async (p: ProcState, what: string): Promise<void> => {
    if (!p.running) {
      throw new Error(`${what} is not running`);
    }
    process.kill(-p.pid, 'SIGKILL'); // its process group: the replica is a group leader
    await poll(`supervisor notices that ${what} (pid ${p.pid}) died`, 10_000, async () => {
      const q = (await state()).processes.find((r) => r.name === p.name);
      return q && (q.pid !== p.pid || !q.running) ? true : undefined;
    });
  };

  try {
    const left = () => Math.max(1000, timeoutMs - (Date.now() - started));
    const st = await poll('realcluster up running', left(), async () => {
      alive();
      if (!existsSync(statePath)) {
        return undefined;
      }
      const s = await state();
      if (s.phase === 'failed') {
        throw new Error(`realcluster up failed; see ${upLog}`);
      }
      return s.phase === 'running' ? s : undefined;
    });
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    kc.setCurrentContext(st.adminContext);
    const token = kc.getCurrentUser()?.token ?? '';
    const ca = Buffer.from(kc.getCurrentCluster()?.caData ?? '', 'base64').toString();
    await poll('/readyz', left(), async () => {
      alive();
      return (await httpsStatus(`${st.server}/readyz`, ca, token)) === 200 ? true : undefined;
    });
    const coordination = kc.makeApiClient(CoordinationV1Api);
    const holder = await poll('kube-scheduler lease holder', left(), async () => {
      alive();
      const lease = await coordination.readNamespacedLease({ namespace: 'kube-system', name: 'kube-scheduler' });
      return lease.spec?.holderIdentity || undefined;
    });
    const core = kc.makeApiClient(CoreV1Api);
    const host = holder.split('_')[0];
    await poll('pods/log of the leading kube-scheduler', left(), async () => {
      alive();
      const text = await core.readNamespacedPodLog({ namespace: 'kube-system', name: `kube-scheduler-${host}`, tailLines: 5 });
      return text.length > 0 ? true : undefined;
    });
    const startMs = Date.now() - started;
    log(`[realcluster] ready in ${(startMs / 1000).toFixed(1)}s at ${st.server}; kubeconfig ${kubeconfigPath}`);

    return {
      kubeconfigPath,
      adminContext: st.adminContext,
      devContext: st.devContext,
      server: st.server,
      dir,
      startMs,
      state,
      kubeConfig(context = st.adminContext) {
        const k = new KubeConfig();
        k.loadFromFile(kubeconfigPath);
        k.setCurrentContext(context);
        return k;
      },
      async killScheduler(hostname: string) {
        const p = (await state()).processes.find((q) => q.role === 'scheduler' && q.hostname === hostname);
        if (!p) {
          throw new Error(`no scheduler replica with host name ${hostname}`);
        }
        await kill(p, hostname);
      },
      async killPod(namespace: string, name: string) {
        const p = (await state()).processes.find((q) => q.pod?.namespace === namespace && q.pod.name === name);
        if (!p) {
          throw new Error(`no replica runs pod ${namespace}/${name}`);
        }
        await kill(p, `${namespace}/${name}`);
      },
      async memory() {
        const s = await state();
        const procs = [{ name: 'supervisor', pid: s.supervisorPid }, ...s.processes.filter((p) => p.running)];
        const byProcess: Memory['byProcess'] = [];
        for (const p of procs) {
          try {
            const rollup = await readFile(`/proc/${p.pid}/smaps_rollup`, 'utf8');
            const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
            byProcess.push({ name: p.name, pid: p.pid, rssBytes: kb('Rss'), pssBytes: kb('Pss') });
          } catch {
            // exited meanwhile
          }
        }
        return {
          rssBytes: byProcess.reduce((n, p) => n + p.rssBytes, 0),
          pssBytes: byProcess.reduce((n, p) => n + p.pssBytes, 0),
          byProcess,
        };
      },
      stop: () => stop(),
    };
  } catch (err) {
    await stop(true); // keep the logs for the failure
    throw err;
  }
}
