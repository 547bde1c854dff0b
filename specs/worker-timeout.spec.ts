// Behaviour: a handler that runs longer than Gunicorn's `timeout` (4 s here, 30 s by default). A worker that
// sends no heartbeat meanwhile is killed and replaced by the master ("WORKER TIMEOUT"), and the client never gets
// the handler's answer. Which workers send none depends on the class and on what the handler does: a sync
// worker never does while it handles a request; a gthread worker's main loop does beside its threads, whatever
// they do; a gevent worker's heartbeat is a greenlet, which runs while the handler waits and not while it
// computes. What a killed sync worker's client gets depends on Gunicorn's version: before 22.0 the connection
// is cut (behind nginx a 502, after nginx tried the GET on the other replica); since 22.0 the dying worker
// answers 500 itself, and nginx passes it on. A killed gevent worker cuts the connection. The dev server has
// no timeout: it waits.
import { expect, test } from '../fixtures/test.js';
import type { Outcome } from '../lib/clients/http.js';
import type { Evidence } from '../lib/evidence/evidence.js';
import { expectKilledAfterLimit, expectRanToTheEnd } from '../lib/run/tolerances.js';
import {
  aliveWhileHandling,
  cooperative,
  cooperativeHeartbeatSeconds,
  type StackDefinition,
} from '../lib/stacks/definitions.js';
import type { RunningStack } from '../lib/stacks/running-stack.js';
import { changedBehaviours, inForce, serverSoftware, versionOf } from '../lib/stacks/versions.js';

/** Where no server kills a long handler, it still runs this long: longer than the shipped Gunicorn timeout (4 s). */
const handlerWithoutTimeoutSeconds = 5;

/**
 * How far past `timeout` each handler runs. A waiting one: 2 s, as the master kills within a second of the limit.
 * A computing one: 4 s, since a gevent worker busy computing may die up to about 2 s after the master's abort
 * (measured 3.8 to 6.2 s after the start for timeout 4, Gunicorn 23): a shorter handler could finish first and
 * hide the kill.
 */
const pastTheLimitSeconds = { waits: 2, computes: 4 } as const;

type Handler = keyof typeof pastTheLimitSeconds;

test("A handler that waits longer than Gunicorn's timeout gets its sync worker killed; the dev server, threads and greenlets just wait", async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const seconds = handlerSeconds(stackDefinition, 'waits');
  await pastTheTimeout(
    'waits',
    seconds,
    () => probe.attempt(probe.route('sleep', { s: seconds }), { timeoutMs: (seconds + 30) * 1000 }),
    { stack, stackDefinition, evidence },
    { id: 'answer-waiting' },
  );
});

test("A handler that computes longer than Gunicorn's timeout gets its sync and gevent workers killed; gthread's threads let it finish", async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  test.skip(
    stackDefinition.gunicorn === null,
    'The dev server has no timeout: a computing handler finishes as a waiting one does (the test beside this one).',
  );
  test.skip(
    stackDefinition.proxy !== null &&
      aliveWhileHandling(stackDefinition, 'waits') === aliveWhileHandling(stackDefinition, 'computes'),
    `Behind ${stackDefinition.proxy} the replicas' ${stackDefinition.gunicorn?.workerClass} workers meet a computing handler as a waiting one: the test beside this one shows what ${stackDefinition.proxy} makes of it; the gunicorn stacks show each worker class computing.`,
  );
  const seconds = handlerSeconds(stackDefinition, 'computes');
  await pastTheTimeout(
    'computes',
    seconds,
    // Wall-clock time: on a busy machine a handler of CPU time would run on, long past what the test needs.
    () =>
      probe.attempt(probe.route('cpu', { ms: seconds * 1000, clock: 'wall' }), { timeoutMs: (seconds + 30) * 1000 }),
    { stack, stackDefinition, evidence },
    { id: 'answer-computing' },
  );
});

// ---

function handlerSeconds(stack: StackDefinition, handler: Handler): number {
  const limitSeconds = stack.gunicorn?.timeoutSeconds;
  return limitSeconds === undefined ? handlerWithoutTimeoutSeconds : limitSeconds + pastTheLimitSeconds[handler];
}

interface Fixtures {
  stack: RunningStack;
  stackDefinition: StackDefinition;
  evidence: Evidence;
}

async function pastTheTimeout(
  handler: Handler,
  handlerSeconds: number,
  send: () => Promise<Outcome>,
  { stack, stackDefinition, evidence }: Fixtures,
  figure: { id: string },
): Promise<void> {
  const limitSeconds = stackDefinition.gunicorn?.timeoutSeconds;
  if (limitSeconds !== undefined) evidence.record('Gunicorn timeout', limitSeconds, 's');
  const since = new Date();
  const g = stackDefinition.gunicorn;
  const killed = g !== null && !aliveWhileHandling(stackDefinition, handler);
  // The master boots the replacement of a killed worker a moment after the client saw the cut: put the
  // replicas back after the test rather than let that happen during the next one.
  if (killed)
    for (const replica of stackDefinition.appReplicas) stack.declareChanged(replica, 'a worker killed by the timeout');
  const outcome = await test.step(
    `one request whose handler ${handler === 'waits' ? 'sleeps' : 'computes'} for ${handlerSeconds} s`,
    send,
  );
  const got = outcome.status ? `${outcome.status}` : 'the connection cut';
  evidence.key(
    'answer',
    `${outcome.status || `connection cut (${outcome.error})`} after ${(outcome.ms / 1000).toFixed(1)} s`,
    figure,
  );
  evidence.behaviour('the client got', got, serverSoftware(stackDefinition));

  if (!killed) {
    const who = g
      ? `Gunicorn's ${g.workerClass} worker, alive while its ${handler === 'waits' ? 'handler waits' : 'thread computes'},`
      : 'the dev server';
    expect(outcome.status, `${who} lets the handler finish`).toBe(200);
    expectRanToTheEnd(outcome.ms, handlerSeconds);
    if (g) {
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
      `WORKER TIMEOUT in the Gunicorn log: the master killed the ${g.workerClass} worker whose handler ${handler === 'waits' ? 'waited' : 'computed'}`,
    ).toBeGreaterThanOrEqual(1);
    // The replacement boots a moment after the kill.
    await expect
      .poll(() => stack.totalInAppLogs(/Booting worker/, since), {
        message: 'a new worker booted after the kill',
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(1);
  });

  // Read from the running server: the dying sync worker answers 500 since Gunicorn 22.0 (versions.ts); a
  // gevent worker's does not (measured on 20.1 and 23.0: the connection is cut).
  const gunicornVersion = versionOf('gunicorn', stackDefinition.versions);
  evidence.record('Gunicorn in force', gunicornVersion);
  const answer =
    g.workerClass === 'sync' ? inForce(changedBehaviours.gunicornTimeoutAnswer, stackDefinition.versions) : 'cut';
  const dies = `${gunicornVersion}'s ${g.workerClass} worker`;
  if (answer === 500) {
    expect(
      outcome.status,
      `${dies} answers 500 as it is killed (since 22.0), and ${stackDefinition.proxy ? 'nginx passes it on' : 'the client gets it'}`,
    ).toBe(500);
  } else if (stackDefinition.proxy) {
    expect(
      outcome.status,
      `${dies} cuts the connection as it is killed: nginx turns the cut upstream connection into`,
    ).toBe(502);
  } else {
    expect(outcome.status, `${dies} cuts the connection as it is killed: no HTTP answer, killed mid-request`).toBe(0);
  }
  // A gevent worker tells the master it is alive once a second, not as a request starts: its last word may be
  // up to a second older than the request (killed 3.9 s into a 4 s timeout, measured on Gunicorn 20.1).
  const lastHeard = cooperative(stackDefinition) ? cooperativeHeartbeatSeconds : 0;
  if (!stackDefinition.proxy) expectKilledAfterLimit(outcome.ms, (limitSeconds ?? 0) - lastHeard, handlerSeconds);
}
