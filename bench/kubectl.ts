// The reference: kubectl against the same API server. `kubectl get leases -A -o json` timed from
// spawn to exit with its output to /dev/null, and `kubectl get leases -A -w -o json` as a
// long-running watcher whose CPU the benchmark reads from /proc.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findKubectl, installedKubectl } from '../realcluster/kubectl';
import { waitFor } from '../harness/waiting';
import { clockTicks } from './proc';

/** The kubectl in use: an installed one, or one built from k8s.io/kubectl (see findKubectl). */
export let kubectlPath = installedKubectl;

/** Chooses the kubectl (building it from Go modules when none is installed). */
export async function prepareKubectl(): Promise<string> {
  kubectlPath = await findKubectl();
  return kubectlPath;
}

export function hasKubectl(): boolean {
  return existsSync(kubectlPath);
}

/** What the kubectl is: its client version and the Debian package that installed it, if any. */
export function kubectlDescription(): string {
  let version = 'unknown version';
  try {
    const out = execFileSync(kubectlPath, ['version', '--client', '-o', 'json'], { encoding: 'utf8', timeout: 15_000 });
    version = (JSON.parse(out) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion ?? version;
  } catch {
    // keep "unknown version"
  }
  let pkg = 'built from k8s.io/kubectl via the Go module proxy';
  try {
    const out = execFileSync('dpkg-query', ['-S', kubectlPath], { encoding: 'utf8', timeout: 5000 }).trim();
    const name = out.split(':')[0];
    const [ver, homepage] = execFileSync('dpkg-query', ['-W', '-f', '${Version}|${Homepage}', name], { encoding: 'utf8', timeout: 5000 })
      .trim()
      .split('|');
    pkg = `Debian package ${name} ${ver}${homepage ? `, ${homepage}` : ''}`;
  } catch {
    // keep the default
  }
  return `${kubectlPath} ${version} (${pkg})`;
}

function args(kubeconfig: string, cacheDir: string, rest: string[]): string[] {
  return ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...rest];
}

const env = (): NodeJS.ProcessEnv => ({ ...process.env, KUBECONFIG: '' });

/** Runs `kubectl get leases -A -o json` once and returns its output (the warm-up run, which checks what kubectl sees). */
export function kubectlListOutput(kubeconfig: string, cacheDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlPath, args(kubeconfig, cacheDir, ['get', 'leases', '-A', '-o', 'json']), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env(),
    });
    collect(child, (out) => resolve(out), reject);
  });
}

/**
 * Times `kubectl get leases -A -o json` from spawn to exit, its output to /dev/null. It runs under
 * a `sh` that prints its own /proc stat afterwards, whose cutime+cstime are kubectl's CPU time
 * (the shell adds about a millisecond to the wall time).
 */
export function kubectlList(kubeconfig: string, cacheDir: string): Promise<{ ms: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const script = '"$@" >/dev/null; status=$?; cat /proc/$$/stat; exit $status';
    const child = spawn('sh', ['-c', script, 'sh', kubectlPath, ...args(kubeconfig, cacheDir, ['get', 'leases', '-A', '-o', 'json'])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env(),
    });
    collect(
      child,
      (stat) => {
        const ms = performance.now() - started;
        const fields = stat
          .slice(stat.lastIndexOf(')') + 2)
          .trim()
          .split(' ');
        // fields[0] is field 3 (state): cutime is field 16, cstime 17.
        const cpuMs = ((Number(fields[13]) + Number(fields[14])) / clockTicks()) * 1000;
        resolve({ ms, cpuMs });
      },
      reject,
    );
  });
}

export interface KubectlWatch {
  child: ChildProcess;
  pid: number;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `kubectl get leases -A -w -o json` with its output to /dev/null. */
export function kubectlWatch(kubeconfig: string, cacheDir: string): KubectlWatch {
  const child = spawn(kubectlPath, args(kubeconfig, cacheDir, ['get', 'leases', '-A', '-w', '-o', 'json']), {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: env(),
  });
  const err: Buffer[] = [];
  child.stderr?.on('data', (d: Buffer) => err.push(d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    pid: child.pid ?? 0,
    stderr: () => Buffer.concat(err).toString('utf8'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}

/**
 * Starts `kubectl get leases -A -w` and waits until its watch request is in (kubectl lists and
 * prints first, then watches: from then on it is idle but for the events). `leaseWatchRequests`
 * is the API server's count of Lease watch requests; a kubectl that exits is an error.
 */
export async function kubectlWatching(
  kubeconfig: string,
  cacheDir: string,
  leaseWatchRequests: () => Promise<number>,
  timeoutMs: number,
): Promise<KubectlWatch> {
  const before = await leaseWatchRequests();
  const w = kubectlWatch(kubeconfig, cacheDir);
  try {
    await waitFor(
      'kubectl -w to start watching',
      async () => {
        if (w.child.exitCode !== null) {
          throw new Error(`kubectl -w exited: ${w.stderr()}`);
        }
        return (await leaseWatchRequests()) > before;
      },
      timeoutMs,
      { everyMs: 50 },
    );
    return w;
  } catch (err) {
    await w.stop();
    throw err;
  }
}

export function kubectlCacheDir(dir: string): string {
  return join(dir, 'kubectl-cache');
}

/** Collects a kubectl run's stdout; a non-zero exit rejects with what it wrote on stderr. */
function collect(child: ChildProcess, done: (stdout: string) => void, fail: (err: Error) => void): void {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (d: Buffer) => out.push(d));
  child.stderr?.on('data', (d: Buffer) => err.push(d));
  child.on('error', fail);
  child.on('exit', (code) => {
    if (code === 0) {
      done(Buffer.concat(out).toString('utf8'));
    } else {
      fail(new Error(`kubectl get leases exited with ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 2000)}`));
    }
  });
}
