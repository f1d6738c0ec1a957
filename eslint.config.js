import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const focusedOrSkipped = ['describe', 'it', 'test'].flatMap((object) =>
  ['only', 'skip'].map((property) => ({ object, property, message: `${object}.${property} must not be committed: every test runs.` })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'ui/dist/**', 'node_modules/**', 'src/generated/**', 'coverage/**', '.policyscope/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', globalThis: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.mjs'],
    rules: {
      'no-restricted-properties': ['error', ...focusedOrSkipped],
      'no-restricted-globals': ['error', { name: 'fit', message: 'focused test' }, { name: 'fdescribe', message: 'focused test' }, { name: 'xit', message: 'skipped test' }, { name: 'xdescribe', message: 'skipped test' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The engine is pure: the CLI, the service and the tests call it with plain data.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*'], message: 'src/engine must not depend on Nest.' },
            { group: ['@prisma/*', '**/generated/**', 'pg'], message: 'src/engine must not touch the database.' },
            { group: ['fs', 'node:fs', 'fs/*', 'node:fs/*', 'node:child_process', 'child_process', 'node:net', 'node:http'], message: 'src/engine does no I/O.' },
            { group: ['**/modules/**', '**/database/**', '**/config/**', '**/cli/**'], message: 'src/engine must not import the layers above it.' },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'src/engine reads no environment: options are passed in.' }],
    },
  },
);
