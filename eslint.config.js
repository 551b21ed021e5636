// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/** Exact names: as glob patterns, 'events' would also forbid a local './events'. */
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

/**
 * The layer arrows of the architecture: who may import whom. A forbidden import fails lint.
 * `names` are exact module names, `globs` gitignore-style patterns over the import path.
 */
const layer = (files, ignores, { names = [], globs = [] }, message) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': [
      'error',
      { paths: names.map((name) => ({ name, message })), patterns: [{ group: globs, message }] },
    ],
  },
});

export default tseslint.config(
  {
    ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['resources/**/*.mjs', 'scripts/**/*.mjs', 'e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  layer(
    ['src-shared/**'],
    [],
    {
      names: ['electron', 'react', 'react-dom', ...nodeBuiltins],
      globs: [
        'electron/*',
        'node:*',
        '**/src-main/**',
        '**/src-renderer/**',
        '**/src-preload/**',
        'react-dom/*',
      ],
    },
    'src-shared is environment-neutral: no electron, no node:*, no DOM, no other layer.',
  ),
  layer(
    ['src-main/**'],
    ['src-main/electron/**', 'src-main/index.ts'],
    {
      names: ['electron'],
      globs: ['electron/*', '**/electron/**', '**/src-renderer/**', '**/src-preload/**'],
    },
    "Domain code in src-main never imports 'electron' or the shell: only src-main/electron and src-main/index.ts do.",
  ),
  layer(
    ['src-main/electron/**', 'src-main/index.ts'],
    [],
    { globs: ['**/src-renderer/**', '**/src-preload/**'] },
    'The main process never imports the renderer or the preload.',
  ),
  layer(
    ['src-renderer/**'],
    [],
    {
      names: ['electron', ...nodeBuiltins],
      globs: ['electron/*', 'node:*', '**/src-main/**', '**/src-preload/**'],
    },
    'The renderer imports src-shared only: it talks to main through window.orchestrator.',
  ),
  layer(
    ['src-preload/**'],
    [],
    { names: nodeBuiltins, globs: ['node:*', '**/src-main/**', '**/src-renderer/**'] },
    'The preload imports electron and src-shared only.',
  ),
);
