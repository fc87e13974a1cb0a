// What the VSIX holds: the three bundles, media, the grammar, the manifest, README and license;
// no sources, no node_modules, no tests. (The e2e tier installs the real VSIX in code-server.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../../harness/repoRoot';

const root = REPO_ROOT;

describe('vsix', () => {
  test('the VSIX holds the bundles, media, grammar, manifest, README and license, and nothing else', () => {
    const vsce = join(root, 'node_modules', '.bin', 'vsce');
    const files = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
      .sort();
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/extension.js',
      'dist/server.js',
      'dist/webview.js',
      'media/lease-lens.svg',
      'media/panel.css',
      'syntaxes/lease-log.tmLanguage.json',
    ]) {
      assert.ok(files.includes(needed), `${needed} is packaged`);
    }
    const unexpected = files.filter(
      (f) => /^(src|webview|test|scripts|node_modules|\.ci)\//.test(f) || /\.(ts|map)$/.test(f) || f.startsWith('.'),
    );
    assert.deepEqual(unexpected, [], 'no sources, source maps, tests or node_modules');
    assert.ok(files.length <= 12, `a small package: ${files.join(', ')}`);
  });
});
