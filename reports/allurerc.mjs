// Allure Report 3 configuration: one environment per stack, so the same behaviour's dev / gunicorn / nginx
// results stand side by side (each test carries a `stack` label, set by fixtures/test.ts).
import { defineConfig } from 'allure';

// lib/stacks/definitions.ts's stackNames, then the forward proxy (lib/forward-proxy/office.ts).
const stackNames = ['dev', 'dev-nothreads', 'dev-debug', 'gunicorn', 'nginx', 'forward-proxy'];

export default defineConfig({
  name: 'http-test: Flask dev server vs Gunicorn vs nginx (and a forward proxy)',
  output: './reports/allure-report',
  // Kept between runs (git-ignored) so trends show: flaky, slower, newly failing.
  historyPath: './reports/allure-history.jsonl',
  environments: Object.fromEntries(
    stackNames.map((stack) => [
      stack,
      { name: stack, matcher: ({ labels }) => labels.some((label) => label.name === 'stack' && label.value === stack) },
    ]),
  ),
  plugins: {
    awesome: { options: { reportLanguage: 'en', reportName: 'http-test' } },
  },
});
