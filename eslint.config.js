// Type-aware lint for every package's src and test. The rules that matter most here are the
// promise ones: a floating promise in a sandbox library is an orphaned container or an
// unhandled rejection.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'docs/api/**', 'packages/supervisor/go/**', 'bench/results/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `async` marks the contract (ContainerAPI, LanguageHandler) even where a body has no await.
      '@typescript-eslint/require-await': 'off',
      // Omitting a property by destructuring, or an unused parameter kept for the signature.
      // A `let` that a callback reads before the one assignment (the callback is created first).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // An abort signal's reason is whatever the caller aborted with; passing it on is the contract.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // String(value) of an unknown value is the deliberate last resort of error messages.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Vitest's asymmetric matchers (expect.any, expect.objectContaining) are typed `any`, and
    // `expect(obj.method)` passes methods unbound on purpose.
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/src/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
