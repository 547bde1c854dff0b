// Behaviour: Gunicorn replaces each worker after `max_requests` requests (300 here, no jitter), a guard
// against slow leaks; the dev server's one process never changes. The spec counts, per process, the
// requests it saw answered, until a process retires. A sync worker loses no request doing so; a gthread worker
// may close connections it had accepted but not yet served (gunicorn#3038), counted as unanswered. A gevent
// worker goes on accepting for up to a second after its last request (its heartbeat loop's sleep), so it
// answers max_requests and what came in that second.
import { burst } from '../lib/clients/http.js';
import type { Who } from '../lib/clients/probe-client.js';
import {
  appProcesses,
  cooperative,
  cooperativeHeartbeatSeconds,
  requestsPerProcess,
} from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';

/** Requests in flight at once: a few, as a page's visitors send them. */
const concurrency = 4;

/** Requests per process for a server that does not recycle (the dev server): as many as Gunicorn's default test. */
const budgetWithoutRecycling = 350;

test("Gunicorn replaces a worker after max_requests; the dev server's process never changes", async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const maxRequests = stackDefinition.gunicorn?.maxRequests ?? 0;
  test.skip(
    stackDefinition.gunicorn !== null && maxRequests === 0,
    'max_requests is 0 in gunicorn.conf.py: Gunicorn never recycles its workers.',
  );
  // Enough for every process to pass the limit once; twice that where a retiring worker goes on accepting.
  const budget = stackDefinition.gunicorn
    ? maxRequests * appProcesses(stackDefinition) * (cooperative(stackDefinition) ? 2 : 1) + 50
    : budgetWithoutRecycling;
  await test.step('fresh worker processes (counts start at zero)', () => stack.restartApp());
  {
    const served = new Map<string, number>();
    const order: string[] = [];
    // Requests that got no answer: a connection the retiring worker had accepted and closed unserved.
    const dropped: string[] = [];
    // The fastest pace of a burst (requests a second): what a worker that goes on accepting may take meanwhile.
    let fastestPace = 0;
    await test.step(`up to ${budget} requests, ${concurrency} at a time, until a process retires`, async () => {
      for (let sent = 0; sent < budget; sent += 20) {
        const { results, wallMs } = await burst(20, concurrency, () => probe.attempt(probe.route('health')));
        fastestPace = Math.max(fastestPace, (results.length * 1000) / Math.max(1, wallMs));
        for (const outcome of results) {
          const who = outcome.status === 200 ? outcome.response?.json<Who>() : undefined;
          if (!who) {
            dropped.push(outcome.status ? `${outcome.status}` : (outcome.error ?? 'no answer'));
            continue;
          }
          const key = `${who.hostname}/${who.pid}`;
          if (!served.has(key)) order.push(key);
          served.set(key, (served.get(key) ?? 0) + 1);
        }
        if (served.size > appProcesses(stackDefinition)) break;
      }
    });
    const counts = Object.fromEntries(order.map((key) => [key, served.get(key) ?? 0]));
    evidence.key('processes seen', served.size, 'processes');
    evidence.record('requests per process', counts);
    evidence.record(
      'requests answered',
      [...served.values()].reduce((a, b) => a + b, 0),
    );
    evidence.record('requests without an answer', dropped.length ? dropped : 0);

    if (!stackDefinition.gunicorn) {
      expect(dropped, 'every request answered').toEqual([]);
      expect(served.size, 'one process answered every request').toBe(1);
      return;
    }
    // A sync worker takes a connection only when it is free, and retires between two requests: none is lost.
    // A gthread worker accepts connections while its threads are busy, and closes those it had not served when it
    // retires (gunicorn#3038, open): what a client without a retry meets.
    if (stackDefinition.gunicorn.workerClass === 'sync')
      expect(dropped, `a sync worker retires between requests: none goes unanswered`).toEqual([]);
    expect(served.size, 'a replacement process appeared').toBeGreaterThan(appProcesses(stackDefinition));
    // The first to retire answered exactly max_requests, less the start-up probes it took (at most a few).
    const retired = Math.max(...order.slice(0, appProcesses(stackDefinition)).map((key) => served.get(key) ?? 0));
    evidence.record('answered by the retired process', retired);
    // A worker with threads goes on once it has counted max_requests: its other threads finish what they had
    // begun, and its main loop, until it sees it must stop, accepts what comes and serves it before it exits
    // (304 of max_requests 300 measured, Gunicorn 20.1, 4 at a time). A gevent worker's server accepts on its
    // own greenlet until the heartbeat loop wakes and closes it: up to a second of requests at the pace seen.
    // A sync worker stops at once.
    const beyond = cooperative(stackDefinition)
      ? Math.ceil(fastestPace * cooperativeHeartbeatSeconds * 1.5) + 2 * concurrency
      : requestsPerProcess(stackDefinition) > 1
        ? 2 * concurrency
        : 0;
    if (cooperative(stackDefinition)) evidence.record('fastest pace of a burst', Math.round(fastestPace), 'requests/s');
    expect(
      retired,
      `requests the first retired worker answered (max_requests ${maxRequests}${beyond ? `, and up to ${beyond} it took meanwhile` : ''})`,
    ).toBeLessThanOrEqual(maxRequests + beyond);
    expect(retired, `requests the first retired worker answered (max_requests ${maxRequests})`).toBeGreaterThan(
      maxRequests - 10,
    );
  }
  // The stack fixture restarts the replicas whose workers changed: later specs start from fresh processes.
});
