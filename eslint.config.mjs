// ESLint for the whole repo (`npm run lint`, run by .ci/run). Recommended sets of ESLint and typescript-eslint, plus
// the few type-aware rules that catch real bugs here (a promise nobody awaits: a lost error or a write after the
// response), React's rules of hooks in the console, one import order, and no console output where logs must go
// through pino. Formatting is Prettier's business (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['**/dist/**', '**/node_modules/**', 'coverage/**', '.data/**', 'backups/**', 'test-results/**', 'docs/**']),

  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/internal-regex': '^@kaytuu/' },
    rules: {
      // node: built-ins, then packages, then @kaytuu/* contexts, then relative files; no blank lines between groups
      // (how the code is written). Not alphabetised within a group: the order there often says something.
      'import-x/order': ['error', { groups: ['builtin', 'external', 'internal', ['parent', 'sibling', 'index']], 'newlines-between': 'never' }],
      'import-x/no-duplicates': 'error',
      'import-x/first': 'error',
      'import-x/newline-after-import': 'error',
      // a body that spans lines gets braces: an unbraced `if … for … if … else` once bound its else to the wrong if
      curly: ['error', 'multi-line'],
      // `_`-prefixed names say "unused on purpose" (a positional argument, a destructured field left out)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // Type-aware rules on the TypeScript sources (root tsconfig.json for the server and tests, apps/console/tsconfig.json
  // for the console; the project service picks the nearest).
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // react-router's navigate() returns a promise only under a data router, and one that does not reject
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: 'NavigateFunction', package: 'react-router' }] },
      ],
      '@typescript-eslint/await-thenable': 'error',
      // an async function where a void callback is expected (an event handler, a timer): its rejection is lost
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },

  // Plain JavaScript (scripts, bench, config files): CommonJS where the extension or jest says so.
  { files: ['**/*.cjs', 'jest.config.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },

  // The console runs in the browser; its hooks follow React's rules.
  {
    files: ['apps/console/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  // Server code and the console log through pino / the UI, never to stdout: a stray console.log could print personal
  // data past the log serializers. Entry points and CLI scripts (apps/*/src/main.ts, apps/api/src/scripts) may print.
  {
    files: ['libs/**/*.ts', 'apps/api/src/**/*.ts', 'apps/worker/src/**/*.ts', 'apps/console/src/**/*.{ts,tsx}'],
    ignores: ['apps/*/src/main.ts', 'apps/api/src/scripts/**', '**/*.spec.ts'],
    rules: { 'no-console': 'error' },
  },
);
