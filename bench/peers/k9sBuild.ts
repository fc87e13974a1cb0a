// Builds k9s from its Go module at the version pinned in bench/peers/k9s/go.mod (a `tool` line;
// go.sum pins every dependency) into bench/peers/.cache/bin/k9s, once: the build is skipped while a
// hash of go.mod, go.sum and the Go version matches the last build. Go's module and build caches
// are reused, as for the real control plane (realcluster/build.ts). Run directly:
// `npx tsx bench/peers/k9sBuild.ts`.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from '../../harness/lock';

const here = dirname(fileURLToPath(import.meta.url));
export const k9sModuleDir = join(here, 'k9s');
export const peersCacheDir = join(here, '.cache');
export const k9sBinaryPath = join(peersCacheDir, 'bin', 'k9s');
const hashPath = `${k9sBinaryPath}.sha256`;
const buildArgs = ['build', '-ldflags=-s -w'];

/** The k9s version go.mod pins, e.g. `v0.50.16`. */
export function k9sVersion(): string {
  const m = /^\s*github\.com\/derailed\/k9s (v\S+)/m.exec(readFileSync(join(k9sModuleDir, 'go.mod'), 'utf8'));
  return m ? m[1] : 'unknown';
}

function sourceHash(): string {
  const h = createHash('sha256');
  h.update(execFileSync('go', ['version'], { encoding: 'utf8' }));
  h.update(buildArgs.join(' '));
  for (const f of ['go.mod', 'go.sum']) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(k9sModuleDir, f)));
  }
  return h.digest('hex');
}

/** Builds k9s if go.mod, go.sum or Go changed since the last build; resolves to the binary path. */
export async function buildK9s(log: (line: string) => void = (l) => console.error(l)): Promise<string> {
  mkdirSync(peersCacheDir, { recursive: true });
  return withLock(join(peersCacheDir, 'k9s-build.lock'), 30 * 60_000, async () => {
    const hash = sourceHash();
    if (existsSync(k9sBinaryPath) && existsSync(hashPath) && readFileSync(hashPath, 'utf8') === hash) {
      return k9sBinaryPath;
    }
    mkdirSync(dirname(k9sBinaryPath), { recursive: true });
    const tmp = `${k9sBinaryPath}.${process.pid}.tmp`;
    const started = Date.now();
    log(`[peers] building k9s ${k9sVersion()} from its Go module (the first build downloads and compiles it: minutes)`);
    await new Promise<void>((resolve, reject) => {
      const go = spawn('go', [...buildArgs, '-o', tmp, 'github.com/derailed/k9s'], {
        cwd: k9sModuleDir,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, GOFLAGS: '-mod=readonly' },
      });
      go.on('error', reject);
      go.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go build of k9s exited with ${code}`))));
    });
    renameSync(tmp, k9sBinaryPath); // atomic: a concurrent run never sees half a binary
    writeFileSync(hashPath, hash);
    log(`[peers] built k9s in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return k9sBinaryPath;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildK9s().then(
    (path) => console.log(`${path}: k9s ${k9sVersion()}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
