// What the VSIX holds: the bundles and their third-party notices, media and the icon, the grammar,
// the manifest with its translations (package.nls*.json, l10n/), README, CHANGELOG and license; no
// sources, no node_modules, no tests. And the Marketplace metadata: icon, categories, keywords.
// (The e2e tier installs the real VSIX in code-server.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../../harness/repoRoot';

const root = REPO_ROOT;

describe('vsix', () => {
  test('the VSIX holds the bundles, notices, media, grammar, manifest and its translations, README, CHANGELOG and license, and nothing else', () => {
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
      'dist/health.js',
      'dist/logFilterWorker.js',
      'dist/THIRD_PARTY_NOTICES.md',
      'media/lease-lens.svg',
      'media/icon.png',
      'media/panel.css',
      'media/health.css',
      'media/common.css',
      'syntaxes/lease-log.tmLanguage.json',
      'CHANGELOG.md',
      'package.nls.json',
      'package.nls.ru.json',
      'l10n/bundle.l10n.ru.json',
    ]) {
      assert.ok(files.includes(needed), `${needed} is packaged`);
    }
    const unexpected = files.filter(
      (f) => /^(src|webview|test|scripts|node_modules|\.ci)\//.test(f) || /\.(ts|map)$/.test(f) || f.startsWith('.'),
    );
    assert.deepEqual(unexpected, [], 'no sources, source maps, tests or node_modules');
    assert.ok(files.length <= 20, `a small package: ${files.join(', ')}`);
  });

  test('Marketplace metadata: a square PNG icon of 128 or 256 pixels, categories, keywords', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      icon?: string;
      categories?: string[];
      keywords?: string[];
    };
    assert.equal(manifest.icon, 'media/icon.png');
    const png = readFileSync(join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.ok(width === height && (width === 128 || width === 256), `icon is ${width}×${height}`);
    assert.ok((manifest.categories ?? []).length > 0, 'categories');
    assert.ok((manifest.keywords ?? []).includes('kubernetes'), 'keywords');
  });
});
