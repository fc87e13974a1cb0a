// ESLint flat config. Besides typescript-eslint's checks it enforces the import rules of
// docs/architecture.md: no `vscode` in src/core, src/shared, src/server or webview; no Node
// built-ins in src/core, src/shared or webview; webview imports only src/shared, src/core and
// browser code (src/core is pure and browser-safe, so the countdown logic is shared, not copied);
// src/ and webview/ import no tools (demo/, bench/, realcluster/, harness/) and no tests (test/);
// tools import no tests.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const noVscode = { name: 'vscode', message: 'Only src/client and src/extension.ts may import vscode (docs/architecture.md).' };
const noBuiltins = nodeBuiltins.map((name) => ({
  name,
  message: 'src/core, src/shared and webview hold no Node built-ins (docs/architecture.md).',
}));
// Import patterns (gitignore-style, matched against the import specifier) for the tools and the tests.
const folderPatterns = (...folders) => folders.flatMap((f) => [`**/${f}`, `**/${f}/**`]);
const noToolsOrTests = {
  group: folderPatterns('demo', 'bench', 'realcluster', 'harness', 'test'),
  message: 'src/ and webview/ never import tools (demo/, bench/, realcluster/, harness/) or tests (test/) (docs/architecture.md).',
};
const noTests = {
  group: folderPatterns('test'),
  message: 'Tools (demo/, bench/, realcluster/, harness/) never import tests (test/) (docs/architecture.md).',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'realcluster/.cache/**',
      'test/e2e/.cache/**',
      '.demo/**',
      'test-results/**',
      '.vscode-test/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  // One no-restricted-imports entry per file set: a later entry for the same file replaces an
  // earlier one, it does not add to it.
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, ...noBuiltins], patterns: [noToolsOrTests] }] },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noToolsOrTests] }] },
  },
  {
    files: ['src/client/**/*.ts', 'src/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noToolsOrTests] }] },
  },
  {
    files: ['demo/**/*.ts', 'bench/**/*.ts', 'realcluster/**/*.ts', 'harness/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTests] }] },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode, ...noBuiltins],
          patterns: [
            {
              group: ['**/src/server/**', '**/src/client/**', '**/src/extension', '**/src/server', '**/src/client'],
              message: 'webview imports only src/shared, src/core (pure, browser-safe) and browser code (docs/architecture.md).',
            },
            noToolsOrTests,
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
