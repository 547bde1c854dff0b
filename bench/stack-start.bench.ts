// Benchmark: how long the suite takes to have a stack ready, against the least anyone could do: a plain
// `docker-compose up -d` of the same compose file with the same images and environment, then asking the
// entry until the first 200. Both in the same run, alternating, so the machine's state is shared. The suite
// does more than the plain start: a watchdog, a TLS key made for the run, readiness by each server's own log
// lines (every Gunicorn worker), the settings in force, and the known-state snapshot. The forward proxy is
// not measured here: "its first 200" has no plain equivalent (readiness there is auth, ICAP and an origin).
import { performance } from 'node:perf_hooks';
import * as compose from 'docker-compose';
import { containerOf, newProjectName, publishedPort, removeProject } from '../lib/docker/cli.js';
import { sleep } from '../lib/clients/http.js';
import { composeOptions, startStack, stopStack } from '../lib/stacks/lifecycle.js';
import { stacks } from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';
import { runtimeFromGlobalSetup } from '../fixtures/stack-test.js';
import { makeTlsCertificate } from '../lib/run/secrets.js';

/** Starts of each kind per stack; the median is reported. */
const rounds = 3;
/** The plain start's polling: finer than the suite's (100 ms), so the baseline is not slowed by it. */
const plainPollMs = 50;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

test('Stack start: the suite is ready within 1.2 × a plain compose up and the first 200', async ({
  stackName,
  evidence,
}) => {
  test.setTimeout(rounds * 2 * 60_000);
  const description = stacks[stackName];
  const runtime = runtimeFromGlobalSetup();

  const plainStart = async (): Promise<number> => {
    // The TLS key is the suite's own extra work: made before the clock starts for the plain start.
    const tls = description.tls ? await makeTlsCertificate('localhost') : null;
    const project = newProjectName(`${stackName}-plain`);
    try {
      const started = performance.now();
      await compose.upAll({ ...composeOptions(description, runtime, project, tls), commandOptions: ['--no-build'] });
      const port = await publishedPort(await containerOf(project, description.entry.service), description.entry.port);
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return performance.now() - started;
        if (performance.now() - started > runtime.startupTimeoutMs)
          throw new Error(`plain start of ${stackName}: no 200 within the start-up timeout`);
        await sleep(plainPollMs);
      }
    } finally {
      await removeProject(project);
      tls?.remove();
    }
  };
  const suiteStart = async (): Promise<number> => {
    const started = performance.now();
    const stack = await startStack(description, runtime);
    const ms = performance.now() - started;
    await stopStack(stack);
    return ms;
  };

  const plain: number[] = [];
  const suite: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    await test.step(`round ${round + 1} of ${rounds}`, async () => {
      // Alternating which goes first: neither always meets a machine still busy with the other's removal.
      if (round % 2 === 0) {
        plain.push(await plainStart());
        suite.push(await suiteStart());
      } else {
        suite.push(await suiteStart());
        plain.push(await plainStart());
      }
    });
  }
  const ratio = median(suite) / median(plain);
  const seconds = (values: number[]) => values.map((ms) => Number((ms / 1000).toFixed(2)));
  evidence.record('plain up -d + first 200', seconds(plain), 's');
  evidence.record('suite ready', seconds(suite), 's');
  evidence.key('suite / plain (medians)', Number(ratio.toFixed(2)), '×');
  expect(
    ratio,
    `${stackName}: the suite's start (median ${(median(suite) / 1000).toFixed(2)} s) within 1.2 × a plain start (median ${(median(plain) / 1000).toFixed(2)} s)`,
  ).toBeLessThanOrEqual(1.2);
});
