// Behaviour: a client that trickles its request ties up whoever reads it. A sync Gunicorn worker reads
// headers and body itself, so as many slow clients as workers make every other request wait ("slowloris");
// the threaded dev server gives each connection its own thread, a gthread worker one of its threads, a gevent
// worker one of its greenlets (the others go on serving); nginx reads the headers, and with
// proxy_request_buffering on (its default) the whole body too, before it hands a request to Gunicorn.
import { sleep } from '../lib/clients/http.js';
import { slowRequest } from '../lib/clients/raw-client.js';
import { appProcesses, ioConcurrency } from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';
import { servedAtOnceMs, waitedForSlowClientMs } from '../lib/run/tolerances.js';
import { runsAlone } from '../lib/stacks/runs-alone.js';

/** Long enough for the slow clients to hold their workers before the normal request comes. */
const headStartMs = 300;
/** How long a slow client trickles: waiting that long is told from being served at once (< 0.5 s) by far. */
const holdAtMostMs = 1_500;

for (const part of ['headers', 'body'] as const) {
  test(
    `Clients that trickle their request ${part} hold sync workers hostage, unless a thread each or nginx takes them`,
    runsAlone,
    async ({ probe, stack, stackDefinition, evidence }) => {
      // Shorter than Gunicorn's timeout, which would otherwise kill the held workers.
      const holdMs = Math.min(holdAtMostMs, (stackDefinition.gunicorn?.timeoutSeconds ?? 4) * 1000 - 1_500);
      test.skip(
        holdMs < 1_000,
        `Gunicorn's timeout (${stackDefinition.gunicorn?.timeoutSeconds} s) kills a held worker before a slow client can be told from a fast one.`,
      );
      const slowClients = appProcesses(stackDefinition);
      // A trickling client holds what reads its request: a sync worker, or one of a gthread worker's threads (a
      // gevent worker's greenlets).
      const blocked = !stackDefinition.buffersRequests && slowClients >= ioConcurrency(stackDefinition);
      evidence.record('slow clients', slowClients);

      const alone = await test.step('a normal request with nobody slow around', () => probe.health());
      const [normal, ...slow] =
        await test.step(`${slowClients} clients trickle their ${part} for ${holdMs / 1000} s; a normal request meanwhile`, async () => {
          const trickling = Array.from({ length: slowClients }, () => slowRequest(stack.port, { part, holdMs }));
          await sleep(headStartMs);
          return Promise.all([probe.get(probe.route('health'), { timeoutMs: 15_000 }), ...trickling]);
        });
      evidence.record('normal request alone', alone.ms / 1000, 's');
      evidence.key('normal request during the attack', (normal?.ms ?? Number.NaN) / 1000, 's');
      evidence.record(
        'slow clients answered',
        slow.map((s) => s.status),
      );

      expect(normal?.status).toBe(200);
      expect(
        slow.map((s) => s.status),
        'the slow clients are served in the end',
      ).toEqual(slow.map(() => 200));
      if (blocked) {
        expect(normal?.ms ?? 0, 'the normal request waited for a worker').toBeGreaterThan(
          waitedForSlowClientMs(holdMs, headStartMs),
        );
      } else {
        expect(normal?.ms ?? Number.POSITIVE_INFINITY, 'the normal request was served at once').toBeLessThan(
          servedAtOnceMs,
        );
      }
    },
  );
}
