// dist/THIRD_PARTY_NOTICES.md (scripts/notices.mjs, written by the build) names every npm package
// that esbuild's metafiles (dist/meta/) say is in a bundle, with its version and licence text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { ensureBuilt, root } from './build';

interface Metafile {
  inputs: Record<string, unknown>;
}

/** `name@version` of each package whose files are metafile inputs (the innermost node_modules). */
function bundled(metafiles: Metafile[]): string[] {
  const found = new Set<string>();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
      if (m?.[1]) {
        const dir = input.slice(0, input.lastIndexOf(`node_modules/${m[1]}/`) + `node_modules/${m[1]}`.length);
        const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string; version: string };
        found.add(`${manifest.name}@${manifest.version}`);
      }
    }
  }
  return [...found].sort();
}

describe('third-party notices', () => {
  let notices = '';
  let metafiles: Metafile[] = [];
  before(async () => {
    await ensureBuilt();
    notices = readFileSync(join(root, 'dist/THIRD_PARTY_NOTICES.md'), 'utf8');
    const dir = join(root, 'dist/meta');
    metafiles = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Metafile);
  });

  test('every package in a bundle is listed with its version and a licence text', () => {
    assert.ok(metafiles.length >= 4, 'a metafile per bundle');
    const packages = bundled(metafiles);
    assert.ok(packages.includes('@vscode/l10n@0.0.18') && packages.some((p) => p.startsWith('date-fns@')), 'the bundles hold packages');
    // A section: `## name version`, a blank line, `Licence: …`, then the text in a fence (which may hold `## ` lines).
    const headings = [...notices.matchAll(/^## (\S+) (\S+)\n\nLicence: /gm)];
    const sections = new Map(
      headings.map((h, i) => [`${h[1]}@${h[2]}`, notices.slice(h.index, headings[i + 1]?.index ?? notices.length)] as const),
    );
    assert.deepEqual([...sections.keys()].sort(), packages, 'one section per bundled package, no other');
    for (const [id, text] of sections) {
      assert.match(text, /^Licence: \S+/m, `${id} names its licence`);
      assert.match(text, /```text\n[\s\S]*(permission|licen[cs]e|copyright)[\s\S]*\n```/i, `${id} has its licence text`);
    }
  });
});
