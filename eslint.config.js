import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // All SQL lives in db/: the rest of the app calls query functions with a scoped handle.
    files: ['app/**/*.{ts,tsx}', 'tenants/**/*.ts', 'scripts/**/*.ts', 'server.ts', 'server/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'kysely', message: 'Only db/ imports kysely: put the query in db/queries/<area>.ts.', allowTypeImports: false }] },
      ],
    },
  },
);
