// Behaviour: concurrent slow requests are served side by side up to the stack's concurrency, then queue.
// The study notes say "the dev server blocks": the threaded dev server does not block on waiting (I/O-bound)
// requests; two sync Gunicorn workers take ceil(N/2) rounds; nginx over 2 replicas × 2 workers ceil(N/4); gthread
// workers' threads and gevent workers' greenlets wait side by side, one round up to threads (worker_connections)
// per worker.
import { burst } from '../lib/clients/http.js';
import { countBy } from '../lib/evidence/evidence.js';
import { ioConcurrency, roundsAsTaken } from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';
import { expectRounds } from '../lib/run/tolerances.js';
import { runsAlone } from '../lib/stacks/runs-alone.js';

const requests = 8;
const sleepSeconds = 0.5;

test(
  "Slow requests run side by side up to the stack's concurrency, the rest queue in rounds",
  runsAlone,
  async ({ probe, stackDefinition, evidence }) => {
    evidence.record(
      'concurrency',
      Number.isFinite(ioConcurrency(stackDefinition)) ? ioConcurrency(stackDefinition) : 'a thread per request',
    );

    const { wallMs, results } = await test.step(`send ${requests} concurrent ${sleepSeconds} s sleep requests`, () =>
      burst(requests, requests, () => probe.sleep(sleepSeconds)));
    expect(results.map((r) => r.status)).toEqual(Array(requests).fill(200));
    // As the processes took them: a gthread worker may take more than its threads while another has some free.
    const taken = countBy(results.map((r) => `${r.data.hostname}/${r.data.pid}`));
    const expected = roundsAsTaken(stackDefinition, Object.values(taken));
    evidence.record('requests per process', taken);
    evidence.record('expected rounds', expected);

    const rounds = wallMs / 1000 / sleepSeconds;
    evidence.record('wall time', wallMs / 1000, 's');
    evidence.key('measured rounds', Number(rounds.toFixed(2)), { unit: 'rounds', id: 'rounds' });
    evidence.record('slowest request', Math.max(...results.map((r) => r.ms)) / 1000, 's');

    await test.step(`the burst took ${expected} round(s) of ${sleepSeconds} s`, () =>
      expectRounds(rounds, expected, 'the burst'));
  },
);
