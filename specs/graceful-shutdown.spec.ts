// Behaviour: Gunicorn's master handles signals for its workers. HUP starts new workers with the config
// reloaded and lets the old ones finish what they are doing; TERM stops accepting and lets in-flight
// requests finish within graceful_timeout. The dev server has neither: TERM ends it mid-request.
import { burst, sleep } from '../lib/clients/http.js';
import { appProcesses } from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';

const inFlightSeconds = 1.5;

test('HUP replaces every Gunicorn worker without failing a request in flight', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  test.skip(
    !stackDefinition.gunicorn,
    'The Werkzeug dev server has no master process and no reload signal: HUP simply ends it (its --reload watches files, a debug tool off here).',
  );
  const processes = appProcesses(stackDefinition);
  // The workers, by who answers: a sync worker takes one request at a time, so one burst reaches them all; a
  // gthread or gevent worker takes connections while busy and one burst may miss a worker, so a few more are sent.
  const workers = async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 10 && seen.size < processes; round += 1) {
      const { results } = await burst(processes * 3, processes * 3, () => probe.sleep(0.3));
      for (const r of results) seen.add(`${r.data.hostname}/${r.data.pid}`);
    }
    return seen;
  };
  const before = await test.step('the workers before', workers);
  const hupAt = new Date();
  const inFlight =
    await test.step(`${processes} requests of ${inFlightSeconds} s in flight, then HUP to every Gunicorn master`, async () => {
      const requests = Array.from({ length: processes }, () =>
        probe.attempt(probe.route('sleep', { s: inFlightSeconds })),
      );
      await sleep(300);
      await Promise.all(stackDefinition.appReplicas.map((service) => stack.kill(service, 'HUP')));
      return Promise.all(requests);
    });
  // The new workers boot one after the other, slowly on a busy machine: each logs "worker ready" once it has
  // loaded the app (post_worker_init in gunicorn.conf.py). Counting them before asking who answers means the
  // sample below cannot miss a worker that was still booting.
  await test.step('every replacement worker logged that it is ready', async () => {
    await expect
      .poll(() => stack.totalInAppLogs(/worker ready \(pid: \d+\)/, hupAt), {
        message: `${processes} new workers logged "worker ready" after HUP`,
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(processes);
  });
  const after = await test.step('the workers after', workers);
  evidence.key(
    'in-flight answers',
    inFlight.map((o) => o.status),
  );
  evidence.record('workers before', [...before]);
  evidence.record('workers after', [...after]);

  expect(
    inFlight.map((o) => o.status),
    'every request in flight completes',
  ).toEqual(inFlight.map(() => 200));
  expect(
    [...after].filter((w) => before.has(w)),
    'no old worker remains',
  ).toEqual([]);
  expect(after.size, 'as many workers as before').toBe(processes);
});

test('TERM lets a request in flight finish under Gunicorn; the dev server dies mid-request', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const since = new Date();
  const outcome = await test.step(`a ${inFlightSeconds} s request in flight, then TERM to the app server`, async () => {
    const request = probe.attempt(probe.route('sleep', { s: inFlightSeconds }), { timeoutMs: 15_000 });
    await sleep(300);
    await Promise.all(stackDefinition.appReplicas.map((service) => stack.kill(service, 'TERM')));
    return request;
  });
  await test.step('the app server stops', async () => {
    const appStates = async () =>
      (await stack.states()).filter((s) => stackDefinition.appReplicas.includes(s.service)).map((s) => s.status);
    await expect.poll(appStates, { timeout: 15_000 }).toEqual(stackDefinition.appReplicas.map(() => 'exited'));
  });
  const logs = (await stack.appLogs(since)).join('\n');
  evidence.key('in-flight answer', outcome.status || `connection cut (${outcome.error})`);
  evidence.record('after', outcome.ms / 1000, 's');
  if (stackDefinition.gunicorn) {
    evidence.record('graceful_timeout', stackDefinition.gunicorn.gracefulTimeoutSeconds, 's');
    expect(
      outcome.status,
      `finished within graceful_timeout (${stackDefinition.gunicorn.gracefulTimeoutSeconds} s)`,
    ).toBe(200);
    expect(logs, 'the master shut down in order').toMatch(/Shutting down: Master/);
  } else {
    expect(outcome.status, 'the process ended with the request unanswered').toBe(0);
  }
  // The stack fixture starts the stopped services again for the next test.
});
