// Copies the README's screenshots from the last end-to-end run (test-results/e2e/, written by
// test/e2e/followLease.test.ts on every run) to media/screenshots/. The test deletes them when it
// starts and takes each one only after the step it shows has passed, so a missing file means the
// last run did not get that far: run `npm run test:e2e` and try again.
// Usage: node scripts/refresh-screenshots.mjs [--dry-run]
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const from = join(root, 'test-results', 'e2e');
const to = join(root, 'media', 'screenshots');
// workbench: the whole window (tree, followed Lease panel, status bar); tree: the side bar;
// panel: the editor area with the Lease panel.
const names = ['workbench', 'tree', 'panel'];
const dryRun = process.argv.includes('--dry-run');

const missing = names.filter((name) => !existsSync(join(from, `${name}.png`)));
if (missing.length > 0) {
  console.error(
    `[screenshots] missing in ${relative(root, from)}/: ${missing.map((n) => `${n}.png`).join(', ')}.\n` +
      'The last e2e run did not reach those steps (or never ran): npm run test:e2e, then run this again.',
  );
  process.exit(1);
}

const times = names.map((name) => statSync(join(from, `${name}.png`)).mtimeMs);
const spreadMinutes = (Math.max(...times) - Math.min(...times)) / 60_000;
if (spreadMinutes > 15) {
  console.error(
    `[screenshots] the screenshots are from different runs (${spreadMinutes.toFixed(0)} minutes apart); run npm run test:e2e again.`,
  );
  process.exit(1);
}

if (!dryRun) {
  mkdirSync(to, { recursive: true });
}
for (const name of names) {
  const source = join(from, `${name}.png`);
  const target = join(to, `${name}.png`);
  const taken = new Date(statSync(source).mtimeMs).toISOString();
  if (!dryRun) {
    copyFileSync(source, target);
  }
  console.log(`[screenshots] ${dryRun ? 'would copy' : 'copied'} ${relative(root, source)} (taken ${taken}) → ${relative(root, target)}`);
}
