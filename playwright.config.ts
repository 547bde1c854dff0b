import { readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { defineConfig } from '@playwright/test';
import { forwardProxy } from './fixtures/forward-proxy/office.js';
import { forwardProxyStack, readSettings, SettingsError, type Settings } from './fixtures/settings.js';
import { stacks } from './fixtures/stacks.js';
import type { StackOptions } from './fixtures/test.js';

function settingsOrExit(): Settings {
  try {
    return readSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(`http-test: ${error.message}`);
    process.exit(2);
  }
}

const settings = settingsOrExit();
const allureResultsDir = './reports/allure-results';

// allure-playwright appends to its results folder; each run starts it empty so the report shows this run
// (trends come from reports/allure-history.jsonl). Only the main process: workers load this file too.
if (!process.env.TEST_WORKER_INDEX) rmSync(allureResultsDir, { recursive: true, force: true });
const asRoot = os.userInfo().uid === 0;
const eachFileAlone = process.env.HTTP_TEST_EACH_FILE_ALONE === '1';
const specFiles = readdirSync('./specs').filter((f) => f.endsWith('.spec.ts')).sort();
// The forward proxy's specs (specs/forward-proxy/) run on its own stack only: it is not a way to run the app.
const forwardProxySpecs = `${forwardProxyStack}/**/*.spec.ts`;
// A user's app (HTTP_TEST_APP): the porting check (specs/porting/) and the user's own specs on every app
// stack; the probe app's specs and the forward proxy do not apply. Otherwise the porting check does not run
// (the probe app's crash and sleep routes are not a user's app).
const app = settings.app;
const portingSpecs = 'porting/**/*.spec.ts';
/** A project that runs its specs on the stack `name` (reports group by the `stackName` option). */
const onStack = (name: (typeof settings.stacks)[number], project: { name?: string; testDir?: string; testMatch?: string; testIgnore?: string[] } = {}) => ({
  name,
  ...project,
  metadata: { title: stacks[name].title },
  use: { stackName: name },
});
const forwardProxyProjects = settings.forwardProxy && !app
  ? eachFileAlone
    ? readdirSync(`./specs/${forwardProxyStack}`).filter((f) => f.endsWith('.spec.ts')).sort().map((file) => ({ name: `${forwardProxyStack}:${file.replace(/\.spec\.ts$/, '')}`, testMatch: `${forwardProxyStack}/${file}`, metadata: { title: forwardProxy.title }, use: { stackName: forwardProxyStack } }))
    : [{ name: forwardProxyStack, testMatch: forwardProxySpecs, metadata: { title: forwardProxy.title } }]
  : [];

export default defineConfig<object, StackOptions>({
  testDir: './specs',
  // Timing specs compare stacks: one stack at a time keeps the 2-core machine quiet for each of them.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  globalSetup: './fixtures/global-setup.ts',
  outputDir: './reports/test-output',
  reporter: [
    ['list'],
    ['allure-playwright', { resultsDir: allureResultsDir, detail: false, suiteTitle: false }],
    ['./reports/matrix-reporter.ts'],
    // Last, so its closing line is the run's last line.
    ['./reports/summary-reporter.ts'],
  ],
  use: {
    launchOptions: settings.chromiumPath
      ? {
          executablePath: settings.chromiumPath,
          // Debian's Chromium on a closed network: no background calls home; root needs --no-sandbox.
          args: [
            ...(asRoot ? ['--no-sandbox'] : []),
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-quic',
          ],
        }
      : {},
  },
  projects: [
    ...(eachFileAlone
      ? // The order check (scripts/check-order.sh): a project per stack and spec file, so every file runs first
        // on a stack of its own. Reports still group by stack (the `stackName` option).
        settings.stacks.flatMap((name) => specFiles.map((file) => onStack(name, { name: `${name}:${file.replace(/\.spec\.ts$/, '')}`, testMatch: file })))
      : app
        ? settings.stacks.flatMap((name) => [
            onStack(name, { testMatch: portingSpecs }),
            ...(app.specsDir ? [onStack(name, { name: `${name}: your specs`, testDir: app.specsDir, testMatch: '**/*.spec.ts' })] : []),
          ])
        : settings.stacks.map((name) => onStack(name, { testIgnore: [forwardProxySpecs, portingSpecs] }))),
    ...forwardProxyProjects,
  ],
});
