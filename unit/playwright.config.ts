// The unit layer: pure logic, no Docker, no stacks, no browser (npm run test:unit). Playwright's runner for
// its TypeScript transpiling and reporters; nothing here starts a server.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.unit.ts',
  fullyParallel: true,
  workers: 2,
  timeout: 10_000,
  outputDir: '../reports/test-output/unit',
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['../reports/summary-reporter.ts']],
});
