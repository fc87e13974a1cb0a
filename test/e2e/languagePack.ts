// A language pack of our own for code-server's `--locale`: an extension that contributes a
// localization for the language and translates nothing. Without any pack for the locale,
// VS Code (1.100) resolves the display language to English ("resolvedLanguage": "en"), so
// `vscode.env.language` is `en` and no extension gets its translations; Microsoft's real packs
// (MS-CEINTL.vscode-language-pack-*) come from the Marketplace, which this machine cannot reach.
// With this pack installed the workbench's language is the locale: VS Code's own UI stays English
// (the pack has no translations), and extensions — Lease Lens — show theirs. Built once per
// locale into test/e2e/.cache/ with vsce.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { withLock } from '../../harness/lock';
import { E2E_CACHE, REPO_ROOT } from '../../harness/codeServer';

/** The VSIX of an empty language pack for `locale` (e.g. `ru`), built when missing. */
export async function languagePackVsix(locale: string): Promise<string> {
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(locale)) {
    throw new Error(`not a VS Code locale: ${locale}`);
  }
  const vsix = join(E2E_CACHE, `language-pack-${locale}.vsix`);
  if (existsSync(vsix)) {
    return vsix;
  }
  mkdirSync(E2E_CACHE, { recursive: true });
  return withLock(join(E2E_CACHE, `language-pack-${locale}.lock`), 2 * 60_000, async () => {
    if (existsSync(vsix)) {
      return vsix;
    }
    const dir = join(E2E_CACHE, `language-pack-${locale}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'translations'), { recursive: true });
    const manifest = {
      name: `lease-lens-e2e-language-pack-${locale}`,
      displayName: `Empty language pack (${locale}) for Lease Lens end-to-end tests`,
      description: `Makes "${locale}" VS Code's display language without translating VS Code itself.`,
      publisher: 'lease-lens-e2e',
      version: '0.0.1',
      license: 'MIT',
      repository: { type: 'git', url: 'https://example.invalid/lease-lens.git' },
      engines: { vscode: '^1.100.0' },
      categories: ['Language Packs'],
      contributes: {
        localizations: [
          {
            languageId: locale,
            languageName: locale,
            localizedLanguageName: locale,
            translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
          },
        ],
      },
    };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(dir, 'translations', 'main.i18n.json'), `${JSON.stringify({ version: '1.0.0', contents: {} })}\n`);
    writeFileSync(join(dir, 'README.md'), `${manifest.description}\n`);
    writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
    const vsce = join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
    execFileSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], {
      cwd: dir,
      stdio: 'pipe',
    });
    return vsix;
  });
}

/**
 * Registers the installed pack for VS Code's display language resolution, as VS Code's own
 * language pack service would after an install in a running server: `languagepacks.json` in the
 * user data folder, naming the pack and its translations of VS Code. (`--install-extension` runs
 * in a CLI process of its own, which does not write it.)
 */
export function registerLanguagePack(locale: string, dirs: { userDataDir: string; extensionsDir: string }): void {
  const id = `lease-lens-e2e.lease-lens-e2e-language-pack-${locale}`;
  const folder = readdirSync(dirs.extensionsDir).find((name) => name.startsWith(`${id}-`));
  if (!folder) {
    throw new Error(`the language pack ${id} is not installed in ${dirs.extensionsDir}`);
  }
  const packs = {
    [locale]: {
      hash: createHash('md5').update(id).update('0.0.1').digest('hex'),
      extensions: [{ extensionIdentifier: { id }, version: '0.0.1' }],
      translations: { vscode: join(dirs.extensionsDir, folder, 'translations', 'main.i18n.json') },
      label: locale,
    },
  };
  writeFileSync(join(dirs.userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}
