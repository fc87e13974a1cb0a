// Runs the test tiers with node's test runner (TypeScript through tsx) in one run, so that one
// summary (tests, pass, fail) closes the output. `node scripts/test.mjs [tier …]`; no tier: all.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tiers = {
  unit: ['test/unit'],
  cluster: ['test/cluster'],
  extension: ['test/extension'],
  server: ['test/server'],
  webview: ['test/webview'],
  language: ['test/language'],
  faults: ['test/faults'],
  bench: ['test/bench'],
  e2e: ['test/e2e'],
  real: ['test/cluster/real', 'test/real'],
};
// Folders that belong to another tier than their parent's.
const own = new Set(['test/cluster/real']);

function collect(dir, top = true) {
  if (!top && own.has(dir)) return [];
  const abs = join(root, dir);
  let entries;
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  const files = [];
  for (const entry of entries.sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(abs, entry);
    if (statSync(path).isDirectory()) files.push(...collect(join(dir, entry), false));
    else if (entry.endsWith('.test.ts')) files.push(relative(root, path));
  }
  return files;
}

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = asked.length ? asked : Object.keys(tiers);
for (const name of names) {
  if (!tiers[name]) {
    console.error(`unknown test tier "${name}"; known: ${Object.keys(tiers).join(', ')}`);
    process.exit(2);
  }
}
const files = [...new Set(names.flatMap((name) => tiers[name].flatMap((dir) => collect(dir))))];
if (files.length === 0) {
  console.error(`no test files in: ${names.join(', ')}`);
  process.exit(1);
}
console.log(`[test] ${files.length} files from tiers: ${names.join(', ')}`);
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } },
);
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
