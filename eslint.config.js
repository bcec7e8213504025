// ESLint flat config. Workflow code must stay deterministic: it may import only @temporalio/workflow, types, and
// sluice's pure engine modules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IMPURE = [
  'node:*',
  'fs',
  'path',
  'http',
  'https',
  'net',
  'crypto',
  'child_process',
  'os',
  'knex',
  'pg',
  'better-sqlite3',
  'node-fetch',
  'undici',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];
const IMPURE_PROJECT_DIRS = [
  '**/activities/*',
  '**/client/*',
  '**/worker/*',
  '**/emulator/*',
  '**/engine/destinations/*',
  '**/engine/http/http-client',
  '**/engine/auth/*',
  '**/engine/config/load-config-file',
  '**/engine/config/secrets',
];

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.sluice/', 'bench/results.json'] },
  js.configs.recommended,
  { files: ['bin/*.js', '*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: IMPURE,
              message: 'Workflow code must be deterministic: no Node built-ins, I/O or clients.',
              allowTypeImports: true,
            },
            {
              group: IMPURE_PROJECT_DIRS,
              message: 'Workflows may import these modules as types only.',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Workflow code must not read the process environment.' },
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
      ],
    },
  },
);
