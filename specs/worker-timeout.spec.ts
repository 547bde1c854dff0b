// Behaviour: a handler that runs longer than Gunicorn's `timeout` (4 s here, 30 s by default). The sync
// worker sends no heartbeat while it works, so the master kills and replaces it ("WORKER TIMEOUT"): the
// client sees the connection cut. Behind nginx the cut becomes 502 (nginx's own proxy_read_timeout, 60 s,
// is far longer; the GET is retried on the other replica first). The dev server has no timeout: it waits.
import { expect, test } from '../fixtures/test.js';
import { expectKilledAfterLimit, expectRanToTheEnd } from '../fixtures/tolerances.js';

/** Where no server kills a long handler, it still runs this long: longer than the shipped Gunicorn timeout (4 s). */
const handlerWithoutTimeoutSeconds = 5;

test('A handler longer than Gunicorn\'s timeout gets its worker killed; the dev server just waits', async ({ probe, stack, stackDefinition, evidence }) => {
  const limitSeconds = stackDefinition.gunicorn?.timeoutSeconds;
  const handlerSeconds = limitSeconds === undefined ? handlerWithoutTimeoutSeconds : limitSeconds + 2;
  if (limitSeconds !== undefined) evidence.record('Gunicorn timeout', limitSeconds, 's');
  const since = new Date();
  // The master boots the replacement of a killed worker a moment after the client saw the cut: put the
  // replicas back after the test rather than let that happen during the next one.
  if (stackDefinition.gunicorn) for (const replica of stackDefinition.appReplicas) stack.declareChanged(replica, 'a worker killed by the timeout');
  const outcome = await test.step(`one request whose handler takes ${handlerSeconds} s`, () =>
    probe.attempt(probe.route('sleep', { s: handlerSeconds }), { timeoutMs: (handlerSeconds + 30) * 1000 }),
  );
  const perReplica = await stack.countInAppLogs(/WORKER TIMEOUT/, since);
  const timeouts = Object.values(perReplica);
  evidence.key('answer', `${outcome.status || `connection cut (${outcome.error})`} after ${(outcome.ms / 1000).toFixed(1)} s`);
  evidence.record('WORKER TIMEOUT per replica', perReplica);

  if (!stackDefinition.gunicorn) {
    expect(outcome.status, 'the dev server lets the handler finish').toBe(200);
    expectRanToTheEnd(outcome.ms, handlerSeconds);
    return;
  }
  expect(timeouts.reduce((a, b) => a + b, 0), 'WORKER TIMEOUT in the Gunicorn log').toBeGreaterThanOrEqual(1);
  if (stackDefinition.proxy) {
    expect(outcome.status, 'nginx turns the cut upstream connection into').toBe(502);
  } else {
    expect(outcome.status, 'no HTTP answer: the worker was killed mid-request').toBe(0);
    expectKilledAfterLimit(outcome.ms, limitSeconds ?? 0, handlerSeconds);
  }
});
