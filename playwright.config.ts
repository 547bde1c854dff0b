import { readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { defineConfig, type Project } from '@playwright/test';
import { forwardProxy } from './lib/forward-proxy/office.js';
import { forwardProxyStack, readSettings, SettingsError, type Settings } from './lib/run/settings.js';
import { stacks } from './lib/stacks/definitions.js';
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
const specFiles = readdirSync('./specs')
  .filter((f) => f.endsWith('.spec.ts'))
  .sort();
// The forward proxy's specs (specs/forward-proxy/) run on its own stack only: it is not a way to run the app.
const forwardProxySpecs = `${forwardProxyStack}/**/*.spec.ts`;
// A user's app (HTTP_TEST_APP): the porting check (specs/porting/) and the user's own specs on every app
// stack; the probe app's specs and the forward proxy do not apply. Otherwise the porting check does not run
// (the probe app's crash and sleep routes are not a user's app).
const app = settings.app;
const portingSpecs = 'porting/**/*.spec.ts';
/** A project that runs its specs on the stack `name` (reports group by the `stackName` option). */
const onStack = (
  name: (typeof settings.stacks)[number],
  project: { name?: string; testDir?: string; testMatch?: string; testIgnore?: string[] } = {},
) => ({
  name,
  ...project,
  // Each worker starts a stack of its own, and a start costs CPU the other workers' tests need: one worker per
  // stack, two for nginx (two replicas, and the most specs that wait: timeouts, recycling, signals, caches).
  workers: stacks[name].appServer === 'gunicorn' ? 2 : 1,
  metadata: { title: stacks[name].title },
  use: { stackName: name },
});
// One worker: its 17 quick tests are not worth a second squid, c-icap and ClamAV.
// Reports group its projects by the `stackName` option, as the app stacks' (its own `test` does not read it).
const forwardProxyUse = { stackName: forwardProxyStack };
const onForwardProxy = (name: string, testMatch: string): Project => ({
  name,
  testMatch,
  workers: 1,
  metadata: { title: forwardProxy.title },
  use: forwardProxyUse,
});
const forwardProxyProjects =
  settings.forwardProxy && !app
    ? eachFileAlone
      ? readdirSync(`./specs/${forwardProxyStack}`)
          .filter((f) => f.endsWith('.spec.ts'))
          .sort()
          .map((file) =>
            onForwardProxy(`${forwardProxyStack}:${file.replace(/\.spec\.ts$/, '')}`, `${forwardProxyStack}/${file}`),
          )
      : [onForwardProxy(forwardProxyStack, forwardProxySpecs)]
    : [];

export default defineConfig<object, StackOptions>({
  testDir: './specs',
  // Most tests wait (on sleeps, timeouts, restarts) rather than compute: they run side by side, each worker
  // with a stack of its own. Tests that measure time or CPU carry lib/stacks/runs-alone.ts's lock and run with
  // the machine to themselves. `--workers=1` runs everything one after the other. A kept stack
  // (HTTP_TEST_REUSE=1) is one compose project per stack, which two workers must not share: one worker.
  workers: settings.reuse ? 1 : 7,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  globalSetup: './lib/run/global-setup.ts',
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
    // First: it runs on one worker beside the others, instead of waiting for a free one at the end.
    ...forwardProxyProjects,
    ...(eachFileAlone
      ? // The order check (scripts/check-order.sh): a project per stack and spec file, so every file runs first
        // on a stack of its own. Reports still group by stack (the `stackName` option).
        settings.stacks.flatMap((name) =>
          specFiles.map((file) =>
            onStack(name, { name: `${name}:${file.replace(/\.spec\.ts$/, '')}`, testMatch: file }),
          ),
        )
      : app
        ? settings.stacks
            .filter((name) => !stacks[name].notForUserApps)
            .flatMap((name) => [
              onStack(name, { testMatch: portingSpecs }),
              ...(app.specsDir
                ? [onStack(name, { name: `${name}: your specs`, testDir: app.specsDir, testMatch: '**/*.spec.ts' })]
                : []),
            ])
        : // Longest first (nginx has the most to do): the runner starts projects in this order. Reports keep
          // the stacks' own order (lib/stacks/definitions.ts).
          [...settings.stacks]
            .reverse()
            .map((name) => onStack(name, { testIgnore: [forwardProxySpecs, portingSpecs] }))),
  ],
});
