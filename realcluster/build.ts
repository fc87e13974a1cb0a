// Builds the Go harness (realcluster/go) into .cache/bin/realcluster, once: the build is
// skipped while a hash of go.mod, go.sum, the *.go files and the Go version matches the last build.
// Go's module cache and build cache (GOMODCACHE, GOCACHE) are reused, so only the first build on a
// machine downloads and compiles Kubernetes. Run directly: `npx tsx realcluster/build.ts`.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from '../harness/lock';

const here = dirname(fileURLToPath(import.meta.url));
export const harnessDir = join(here, 'go');
export const cacheDir = join(here, '.cache');
export const binaryPath = join(cacheDir, 'bin', 'realcluster');
/** The harness binary started through this link is kubectl (k8s.io/kubectl, see realcluster/go/kubectl.go). */
export const kubectlLinkPath = join(cacheDir, 'bin', 'kubectl');
const hashPath = `${binaryPath}.sha256`;
// No symbol table or DWARF: a third smaller binary and a faster link; panics still name functions.
const buildArgs = ['build', '-ldflags=-s -w'];

function sourceHash(): string {
  const h = createHash('sha256');
  h.update(execFileSync('go', ['version'], { encoding: 'utf8' }));
  h.update(buildArgs.join(' '));
  const files = readdirSync(harnessDir)
    .filter((f) => f === 'go.mod' || f === 'go.sum' || f.endsWith('.go'))
    .sort();
  for (const f of files) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(harnessDir, f)));
  }
  return h.digest('hex');
}

export interface BuildResult {
  binary: string;
  built: boolean;
  seconds: number;
}

/**
 * Builds the harness if its sources changed since the last build; resolves to the binary path.
 * Callers in other processes wait for a build under way (a lock) and then find it up to date.
 */
export async function buildHarness(log: (line: string) => void = (l) => console.error(l)): Promise<BuildResult> {
  mkdirSync(cacheDir, { recursive: true });
  return withLock(join(cacheDir, 'build.lock'), 30 * 60_000, () => buildUnlocked(log));
}

async function buildUnlocked(log: (line: string) => void): Promise<BuildResult> {
  const started = Date.now();
  const hash = sourceHash();
  if (existsSync(binaryPath) && existsSync(hashPath) && readFileSync(hashPath, 'utf8') === hash) {
    linkKubectl();
    return { binary: binaryPath, built: false, seconds: (Date.now() - started) / 1000 };
  }
  mkdirSync(dirname(binaryPath), { recursive: true });
  const tmp = `${binaryPath}.${process.pid}.tmp`;
  log(`[realcluster] building ${binaryPath} (first build downloads and compiles Kubernetes: minutes)`);
  await new Promise<void>((resolve, reject) => {
    const go = spawn('go', [...buildArgs, '-o', tmp, '.'], { cwd: harnessDir, stdio: ['ignore', 'inherit', 'inherit'] });
    go.on('error', reject);
    go.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go build exited with ${code}`))));
  });
  renameSync(tmp, binaryPath); // atomic, so a concurrent build or run never sees half a binary
  writeFileSync(hashPath, hash);
  linkKubectl();
  const seconds = (Date.now() - started) / 1000;
  log(`[realcluster] built in ${seconds.toFixed(1)}s`);
  return { binary: binaryPath, built: true, seconds };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  buildHarness()
    .then((r) => {
      const what = r.built ? 'built' : 'up to date';
      console.log(`${r.binary}: ${what} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}

function linkKubectl(): void {
  if (existsSync(kubectlLinkPath)) {
    return;
  }
  try {
    unlinkSync(kubectlLinkPath); // a dangling link
  } catch {
    // none there
  }
  symlinkSync('realcluster', kubectlLinkPath);
}
