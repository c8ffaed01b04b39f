// ESLint (flat config): the rules hostflow relies on, checked by the machine rather than by review.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** `@typescript-eslint/no-restricted-imports` with type-only imports always allowed. */
const restrict = (patterns, paths = [], allowTypeImports = true) => [
  'error',
  {
    paths: paths.map((name) => ({ name, allowTypeImports, message: 'not allowed in this folder' })),
    patterns: patterns.map((p) => ({ ...p, allowTypeImports })),
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      '**/*.cjs',
      'bench/results/**',
      'chaos/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', globalThis: 'readonly', URL: 'readonly' } },
  },
  // Boundaries (design.md, "Layout"). Type-only imports cross every boundary freely.
  {
    // Workflow code is replayed: only itself, the shared contract and the SDK's workflow-safe parts.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [
          {
            regex: '^(?!\\./|\\.\\./contract/|@temporalio/(workflow|common)$)',
            message:
              'workflow code imports only workflows/, contract/, @temporalio/workflow and @temporalio/common at run time',
          },
        ],
        nodeBuiltins,
      ),
    },
  },
  {
    // The contract is shared by workflows (so it is replayed too), activities, the API and the
    // client: plain values and pure functions only.
    files: ['contract/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [
          {
            regex: '^(?!\\./|@noble/hashes/)',
            message: 'contract/ imports only itself (and @noble/hashes) at run time',
          },
        ],
        nodeBuiltins,
      ),
    },
  },
  {
    // Activities run on the worker: never load the workflow runtime (@temporalio/workflow).
    files: ['activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        {
          group: ['@temporalio/workflow', '../workflows/*'],
          message: 'activities must not load workflow runtime code (use contract/)',
        },
      ]),
    },
  },
  {
    // The Bandwidth client knows nothing of Temporal, of hostflow's other layers, or of the sandbox.
    files: ['bandwidth/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [
          { group: ['@temporalio/*'], message: 'bandwidth/ knows nothing of Temporal' },
          {
            regex: '^\\.\\./(?!bandwidth/)',
            message: 'bandwidth/ is a standalone client: it imports only itself',
          },
        ],
        [],
        false,
      ),
    },
  },
  {
    // The sandbox is written from Bandwidth's documents, so it and the client cannot share a mistake.
    files: ['sandbox/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [{ group: ['../bandwidth/*', '../../bandwidth/*'], message: 'the sandbox shares no code with bandwidth/' }],
        [],
        false,
      ),
    },
  },
);
