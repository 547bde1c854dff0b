// ESLint 9 flat config: typescript-eslint's recommended rules on the project's TypeScript, with nothing that
// fights Prettier (eslint-config-prettier last). `npm run lint` runs Prettier's check, then this.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Type-aware rules (recommendedTypeChecked) take four times as long (about 30 s against 7): not in `npm run
// lint`, run on demand with `npm run lint:types`.
const typeAware = process.env.ESLINT_TYPE_AWARE === '1';

export default tseslint.config(
  {
    // Generated output and built files; node_modules is ignored by ESLint itself.
    ignores: [
      'reports/allure-results/',
      'reports/allure-report/',
      'reports/test-output/',
      'reports/matrix/',
      'reports/matrix-apps/',
      'reports/bench/',
      'reports/bench-output/',
      'reports/.merge-shards.mjs',
      'reports/.allure-results-*/',
      'web/dist/',
      'examples/*/client/dist/',
      'compose/',
    ],
  },
  {
    files: [
      'lib/**/*.ts',
      'fixtures/**/*.ts',
      'specs/**/*.ts',
      'reports/**/*.ts',
      'bench/**/*.ts',
      'unit/**/*.ts',
      'examples/*/http-test-specs/**/*.ts',
      'web/src/**/*.ts',
      'playwright.config.ts',
      'web/vite.config.ts',
      'examples/*/client/vite.config.ts',
    ],
    extends: [
      js.configs.recommended,
      ...(typeAware ? tseslint.configs.recommendedTypeChecked : tseslint.configs.recommended),
    ],
    languageOptions: typeAware ? { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } : {},
    rules: {
      // Playwright reads a fixture's first parameter to learn what it depends on: `async ({}, use) =>` is how
      // a fixture says "nothing", and the only way.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
      // A leading underscore marks a parameter an interface requires and this implementation does not use
      // (a reporter's `onEnd(_result)`, global setup's `_config`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  prettier,
  {
    // After eslint-config-prettier, which turns max-len off: it is kept here on purpose.
    files: ['**/*.ts'],
    rules: {
      // Prettier's width, for what Prettier does not break: comments and code. A message or a page written as
      // one string stays whole, so it can be found with grep as a reader sees it.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
);
