// Builds dist/ with `node scripts/build.mjs` when it is older than the sources, once for all test
// files of a run: a lock (harness/lock.ts) keeps two files from writing dist/ at the same time, and
// a fresh dist/ (npm test builds first) is never rewritten under tests of other tiers that use it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { withLock } from '../../harness/lock';
import { REPO_ROOT } from '../../harness/repoRoot';

export const root = `${REPO_ROOT}/`;
const outputs = [
  'dist/extension.js',
  'dist/server.js',
  'dist/webview.js',
  'dist/health.js',
  'dist/logFilterWorker.js',
  'dist/THIRD_PARTY_NOTICES.md',
].map((p) => join(root, p));
const inputs = ['src', 'webview', 'scripts/build.mjs', 'scripts/notices.mjs', 'package.json'].map((p) => join(root, p));

function newest(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) {
    return 0;
  }
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  let max = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

function fresh(): boolean {
  const built = Math.min(...outputs.map((p) => statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0));
  return built > 0 && built >= Math.max(...inputs.map(newest));
}

export async function ensureBuilt(): Promise<void> {
  if (fresh()) {
    return;
  }
  mkdirSync(join(root, 'dist'), { recursive: true });
  // Another test file may be building: wait for it, then build only if dist/ is still stale.
  await withLock(join(root, 'dist', '.test-build-lock'), 120_000, async () => {
    if (!fresh()) {
      execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'pipe' });
    }
  });
}
