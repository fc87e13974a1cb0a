// Bundles the entry points of Lease Lens with esbuild.
//   dist/extension.js  the extension host side (CommonJS, `vscode` external)
//   dist/server.js     the Lease server process (CommonJS, Node)
//   dist/webview.js    the webview app (browser IIFE)
//   dist/health.js     the Leadership Health view webview app (browser IIFE)
//   dist/logFilterWorker.js  the worker thread that runs controller log filters for the host (Node)
// and dist/THIRD_PARTY_NOTICES.md: the licences of the npm packages in the bundles, from esbuild's
// metafiles (kept in dist/meta/ for the package tests; scripts/notices.mjs).
// Usage: node scripts/build.mjs [--watch] [--production]
import { mkdirSync, writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { metafilePath, writeNotices } from './notices.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // The licences go to dist/THIRD_PARTY_NOTICES.md (scripts/notices.mjs), not into the bundles.
  legalComments: 'none',
  metafile: true,
};

const node = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // client-node is an ES module package; `import.meta.url` is not used on our paths.
  mainFields: ['module', 'main'],
};

const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { logFilterWorker: 'src/client/documents/logFilterWorker.ts' }, outdir: 'dist' },
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
  },
  {
    ...common,
    entryPoints: { health: 'webview/health/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
  },
];

const started = Date.now();
if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('[build] watching for changes');
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  mkdirSync('dist/meta', { recursive: true });
  builds.forEach((options, i) => {
    for (const name of Object.keys(options.entryPoints)) {
      writeFileSync(metafilePath('dist', name), JSON.stringify(results[i].metafile));
    }
  });
  writeNotices(
    results.map((r) => r.metafile),
    process.cwd(),
    'dist/THIRD_PARTY_NOTICES.md',
  );
  console.log(
    `[build] dist/extension.js, dist/server.js, dist/webview.js, dist/health.js, dist/logFilterWorker.js in ${Date.now() - started} ms`,
  );
}
