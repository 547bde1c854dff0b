// Behaviour: a handler that runs longer than Gunicorn's `timeout` (4 s here, 30 s by default). The sync
// worker sends no heartbeat while it works, so the master kills and replaces it ("WORKER TIMEOUT"), and the
// client never gets the handler's answer. What it gets instead depends on Gunicorn's version: before 22.0
// the connection is cut (behind nginx a 502, after nginx tried the GET on the other replica); since 22.0 the
// dying worker answers 500 itself, and nginx passes it on. A gthread worker's main loop goes on telling the
// master it is alive while a thread runs the handler: `timeout` is no limit on a request there, and the
// handler finishes. The dev server has no timeout: it waits.
import { expect, test } from '../fixtures/test.js';
import { expectKilledAfterLimit, expectRanToTheEnd } from '../lib/run/tolerances.js';
import { aliveWhileHandling } from '../lib/stacks/definitions.js';
import { changedBehaviours, inForce, serverSoftware, versionOf } from '../lib/stacks/versions.js';

/** Where no server kills a long handler, it still runs this long: longer than the shipped Gunicorn timeout (4 s). */
const handlerWithoutTimeoutSeconds = 5;

test("A handler longer than Gunicorn's timeout gets its sync worker killed; the dev server and threads just wait", async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const limitSeconds = stackDefinition.gunicorn?.timeoutSeconds;
  const handlerSeconds = limitSeconds === undefined ? handlerWithoutTimeoutSeconds : limitSeconds + 2;
  if (limitSeconds !== undefined) evidence.record('Gunicorn timeout', limitSeconds, 's');
  const since = new Date();
  const killed = stackDefinition.gunicorn !== null && !aliveWhileHandling(stackDefinition);
  // The master boots the replacement of a killed worker a moment after the client saw the cut: put the
  // replicas back after the test rather than let that happen during the next one.
  if (killed)
    for (const replica of stackDefinition.appReplicas) stack.declareChanged(replica, 'a worker killed by the timeout');
  const outcome = await test.step(`one request whose handler takes ${handlerSeconds} s`, () =>
    probe.attempt(probe.route('sleep', { s: handlerSeconds }), { timeoutMs: (handlerSeconds + 30) * 1000 }));
  const got = outcome.status ? `${outcome.status}` : 'the connection cut';
  evidence.key(
    'answer',
    `${outcome.status || `connection cut (${outcome.error})`} after ${(outcome.ms / 1000).toFixed(1)} s`,
  );
  evidence.behaviour('the client got', got, serverSoftware(stackDefinition));

  if (!killed) {
    const who = stackDefinition.gunicorn
      ? `Gunicorn's ${stackDefinition.gunicorn.workerClass} worker, alive while a thread runs the handler,`
      : 'the dev server';
    expect(outcome.status, `${who} lets the handler finish`).toBe(200);
    expectRanToTheEnd(outcome.ms, handlerSeconds);
    if (stackDefinition.gunicorn) {
      const timeouts = await stack.countInAppLogs(/WORKER TIMEOUT/, since);
      evidence.record('WORKER TIMEOUT per replica', timeouts);
      expect(
        Object.values(timeouts).reduce((a, b) => a + b, 0),
        `no WORKER TIMEOUT: ${who.replace(/,$/, '')} is never killed for a slow handler`,
      ).toBe(0);
    }
    return;
  }
  await test.step('the master logged WORKER TIMEOUT and booted a replacement', async () => {
    const timeouts = await stack.countInAppLogs(/WORKER TIMEOUT/, since);
    evidence.record('WORKER TIMEOUT per replica', timeouts);
    expect(
      Object.values(timeouts).reduce((a, b) => a + b, 0),
      'WORKER TIMEOUT in the Gunicorn log: the master killed the worker',
    ).toBeGreaterThanOrEqual(1);
    // The replacement boots a moment after the kill.
    await expect
      .poll(() => stack.totalInAppLogs(/Booting worker/, since), {
        message: 'a new worker booted after the kill',
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(1);
  });

  // Read from the running server: the dying sync worker answers 500 since Gunicorn 22.0 (versions.ts).
  const answer = inForce(changedBehaviours.gunicornTimeoutAnswer, stackDefinition.versions);
  const gunicornVersion = versionOf('gunicorn', stackDefinition.versions);
  evidence.record('Gunicorn in force', gunicornVersion);
  if (answer === 500) {
    expect(
      outcome.status,
      `${gunicornVersion} answers 500 from the worker it kills (since 22.0), and ${stackDefinition.proxy ? 'nginx passes it on' : 'the client gets it'}`,
    ).toBe(500);
  } else if (stackDefinition.proxy) {
    expect(
      outcome.status,
      `${gunicornVersion} cuts the connection (before 22.0): nginx turns the cut upstream connection into`,
    ).toBe(502);
  } else {
    expect(
      outcome.status,
      `${gunicornVersion} cuts the connection (before 22.0): no HTTP answer, the worker was killed mid-request`,
    ).toBe(0);
  }
  if (!stackDefinition.proxy) expectKilledAfterLimit(outcome.ms, limitSeconds ?? 0, handlerSeconds);
});
