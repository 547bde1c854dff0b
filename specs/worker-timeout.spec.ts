// Behaviour: a handler that runs longer than Gunicorn's `timeout` (4 s here, 30 s by default). The sync
// worker sends no heartbeat while it works, so the master kills and replaces it ("WORKER TIMEOUT"): the
// client sees the connection cut. Behind nginx the cut becomes 502 (nginx's own proxy_read_timeout, 60 s,
// is far longer; the GET is retried on the other replica first). The dev server has no timeout: it waits.
import { attemptGet } from '../fixtures/http.js';
import { gunicornConfig } from '../fixtures/stacks.js';
import { expect, test } from '../fixtures/test.js';

const limitSeconds = gunicornConfig.timeoutSeconds;
const handlerSeconds = limitSeconds + 2;

test(`A handler longer than Gunicorn's timeout (${limitSeconds} s) gets its worker killed; the dev server just waits`, async ({ stack, stackDefinition, evidence }) => {
  const since = new Date();
  const outcome = await test.step(`one request whose handler takes ${handlerSeconds} s`, () =>
    attemptGet(`${stack.baseURL}/api/sleep?s=${handlerSeconds}`, { timeoutMs: 30_000 }),
  );
  const perReplica = await stack.countInAppLogs(/WORKER TIMEOUT/, since);
  const timeouts = Object.values(perReplica);
  evidence.key('answer', `${outcome.status || `connection cut (${outcome.error})`} after ${(outcome.ms / 1000).toFixed(1)} s`);
  evidence.record('WORKER TIMEOUT per replica', perReplica);

  if (!stackDefinition.gunicorn) {
    expect(outcome.status, 'the dev server lets the handler finish').toBe(200);
    expect(outcome.ms).toBeGreaterThanOrEqual(handlerSeconds * 1000 * 0.95);
    return;
  }
  expect(timeouts.reduce((a, b) => a + b, 0), 'WORKER TIMEOUT in the Gunicorn log').toBeGreaterThanOrEqual(1);
  if (stackDefinition.proxy) {
    expect(outcome.status, 'nginx turns the cut upstream connection into').toBe(502);
  } else {
    expect(outcome.status, 'no HTTP answer: the worker was killed mid-request').toBe(0);
    // Killed after the limit (the master checks about once a second), before the handler would have finished.
    expect(outcome.ms).toBeGreaterThanOrEqual(limitSeconds * 1000 * 0.9);
    expect(outcome.ms).toBeLessThan(handlerSeconds * 1000 + 1000);
  }
});
