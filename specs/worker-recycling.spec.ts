// Behaviour: Gunicorn replaces each worker after `max_requests` requests (300 here, no jitter), a guard
// against slow leaks; the dev server's one process never changes. The spec counts, per process, the
// requests it saw answered, until a process retires.
import { burst } from '../lib/clients/http.js';
import { appProcesses } from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';

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
  // Enough for every process to pass the limit once.
  const budget = stackDefinition.gunicorn ? maxRequests * appProcesses(stackDefinition) + 50 : budgetWithoutRecycling;
  await test.step('fresh worker processes (counts start at zero)', () => stack.restartApp());
  {
    const served = new Map<string, number>();
    const order: string[] = [];
    await test.step(`up to ${budget} requests, 4 at a time, until a process retires`, async () => {
      for (let sent = 0; sent < budget; sent += 20) {
        const { results } = await burst(20, 4, () => probe.health());
        for (const who of results.map((r) => r.data)) {
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
      'requests sent',
      [...served.values()].reduce((a, b) => a + b, 0),
    );

    if (!stackDefinition.gunicorn) {
      expect(served.size, 'one process answered every request').toBe(1);
      return;
    }
    expect(served.size, 'a replacement process appeared').toBeGreaterThan(appProcesses(stackDefinition));
    // The first to retire answered exactly max_requests, less the start-up probes it took (at most a few).
    const retired = Math.max(...order.slice(0, appProcesses(stackDefinition)).map((key) => served.get(key) ?? 0));
    evidence.record('answered by the retired process', retired);
    expect(retired, `requests the first retired worker answered (max_requests ${maxRequests})`).toBeLessThanOrEqual(
      maxRequests,
    );
    expect(retired, `requests the first retired worker answered (max_requests ${maxRequests})`).toBeGreaterThan(
      maxRequests - 10,
    );
  }
  // The stack fixture restarts the replicas whose workers changed: later specs start from fresh processes.
});
