// Runs the test tiers with node's test runner (TypeScript through tsx) in one run, so that one
// summary (tests, pass, fail) closes the output. `node scripts/test.mjs [tier …]`; no tier: all.
// A tier is a folder of test/ (see test/README.md); `server/language` runs one subfolder alone.
// Before the tiers: the system check of scripts/setup.mjs. The real control plane's Go binary is
// built once, in the background while the first tiers run; test files that need it wait for that
// build (a lock in realcluster/build.ts) instead of starting their own.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setup } from './setup.mjs';

const root = new URL('..', import.meta.url).pathname;
// Every tier, in the order they run; each is a folder of test/.
const tiers = ['core', 'client', 'server', 'webview', 'package', 'monitoring', 'demo', 'faults', 'bench', 'e2e', 'realcluster', 'contract'];
// Tiers that start the real control plane; and those that run kubectl, built from it where none is
// installed (realcluster/kubectl.ts).
const startsRealCluster = new Set(['realcluster', 'contract']);
const runsKubectl = new Set(['demo', 'bench']);
const kubectlInstalled = Boolean(process.env.LEASE_LENS_KUBECTL) || existsSync('/usr/bin/kubectl');

function collect(dir) {
  const abs = join(root, dir);
  const files = [];
  for (const entry of readdirSync(abs).sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) {
      continue;
    }
    const path = join(abs, entry);
    if (statSync(path).isDirectory()) {
      files.push(...collect(join(dir, entry)));
    } else if (entry.endsWith('.test.ts')) {
      files.push(relative(root, path));
    }
  }
  return files;
}

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = asked.length ? asked : tiers;
for (const name of names) {
  if (!existsSync(join(root, 'test', name)) || name.startsWith('.') || name === 'support' || name === 'fixtures') {
    console.error(`unknown test tier "${name}"; known: ${tiers.join(', ')} (or a subfolder, e.g. server/language)`);
    process.exit(2);
  }
}

const problems = setup();
if (problems.length > 0) {
  for (const p of problems) {
    console.error(`[setup] ${p}`);
  }
  process.exit(1);
}
const needsGoHarness = names.some((n) => startsRealCluster.has(n.split('/')[0]) || (!kubectlInstalled && runsKubectl.has(n.split('/')[0])));
const goBuild = needsGoHarness
  ? spawn(process.execPath, ['--import', 'tsx', join(root, 'realcluster', 'build.ts')], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    })
  : undefined;

const files = [...new Set(names.flatMap((name) => collect(join('test', name))))];
if (files.length === 0) {
  console.error(`no test files in: ${names.join(', ')}`);
  process.exit(1);
}
console.log(`[test] ${files.length} files from tiers: ${names.join(', ')}`);
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
});
child.on('exit', (code, signal) => {
  // The tests that needed the build have waited for it; a build still running is no longer needed.
  goBuild?.kill();
  process.exit(signal ? 1 : (code ?? 1));
});
