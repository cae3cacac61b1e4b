// Lint rules for the whole repository. The one rule that matters most for the
// process model: only electron/ may import 'electron', so the server, the
// renderer, the tests and the benchmarks all run under plain Node and Chromium.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronOnly = {
  paths: [{ name: 'electron', message: 'Only electron/ may import electron.' }],
  patterns: [{ group: ['electron/*'], message: 'Only electron/ may import electron.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'docs/**', 'bench-out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    rules: {
      'no-restricted-imports': ['error', electronOnly],
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**', 'bench/**', '.ci/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
