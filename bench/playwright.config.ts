/**
 * `npm run bench`: the load run, separate from the correctness run (`npx playwright test`). The same stacks,
 * fixtures and global setup; one test per stack, one stack at a time (the generator and the servers share
 * this machine's cores, so nothing else may run beside them). Select stacks as in the suite:
 * `npm run bench -- --project=nginx` or HTTP_TEST_STACKS.
 */
import os from 'node:os';
import { defineConfig } from '@playwright/test';
import { readSettings, SettingsError } from '../lib/run/settings.js';
import { stacks, type StackName } from '../lib/stacks/definitions.js';
import type { StackOptions } from '../fixtures/test.js';

function stackNamesOrExit(): StackName[] {
  try {
    const settings = readSettings();
    // The load plan's answers are the probe app's routes (bench/plan.ts).
    if (settings.app)
      throw new SettingsError(
        `npm run bench measures the probe app's routes, not HTTP_TEST_APP=${settings.app.spec}: unset HTTP_TEST_APP`,
      );
    return settings.stacks;
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(`http-test: ${error.message}`);
    process.exit(2);
  }
}

export default defineConfig<object, StackOptions>({
  testDir: '.',
  testMatch: '*.bench.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  globalSetup: '../lib/run/global-setup.ts',
  outputDir: '../reports/bench-output',
  reporter: [
    ['list'],
    // Into the correctness run's results (not emptied here): `npm run report` then shows both, the load
    // figures as each stack's "Under load" test with its JSON attached.
    ['allure-playwright', { resultsDir: './reports/allure-results', detail: false, suiteTitle: false }],
    ['./bench-reporter.ts'],
    ['../reports/summary-reporter.ts'],
  ],
  metadata: {
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
  },
  projects: stackNamesOrExit().map((name) => ({
    name,
    metadata: { title: stacks[name].title },
    use: { stackName: name },
  })),
});
