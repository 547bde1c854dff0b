// Behaviour: concurrent requests are spread over the stack's worker processes (and, on the threaded dev server,
// over a thread each; in a gthread worker, over its threads; in a gevent worker, over its greenlets, each a
// "thread" to the app). A sync worker takes the next request only once free, so a burst reaches every worker; a
// gthread or gevent worker accepts while busy, so a burst may miss some.
// What that means for CPU work: threads-vs-processes.spec.ts.
import { countBy } from '../lib/evidence/evidence.js';
import { burst } from '../lib/clients/http.js';
import { appProcesses, requestsPerProcess } from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';

test('Concurrent requests are spread over the worker processes, and over threads where a process has them', async ({
  probe,
  stackDefinition,
  evidence,
}) => {
  const requests = 12;
  const { results } = await test.step(`send ${requests} concurrent 0.3 s requests`, () =>
    burst(requests, requests, () => probe.sleep(0.3)));
  const answers = results.map((r) => r.data);
  const processes = new Set(answers.map((a) => `${a.hostname}/${a.pid}`));
  const hosts = new Set(answers.map((a) => a.hostname));
  // By name, not ident: on a busy machine a request may start after another ended and take over its ident.
  const threads = new Set(answers.map((a) => `${a.hostname}/${a.pid}/${a.thread_name}`));
  evidence.key('processes seen', processes.size, 'processes');
  evidence.record('hosts seen', hosts.size);
  evidence.record('threads seen', threads.size);
  // get_ident() values, which a later thread may take over: fewer than the names where requests did not overlap.
  evidence.record('thread idents seen', new Set(answers.map((a) => `${a.hostname}/${a.pid}/${a.thread}`)).size);
  const perProcess = countBy(answers.map((a) => `${a.hostname}/${a.pid}`));
  evidence.record('requests per process', perProcess);

  // A process that serves one request at a time takes the next only once free: a burst reaches every one. A
  // gthread or gevent worker takes connections while busy (up to worker_connections): a burst may fall
  // on some of the workers only, even on one.
  if (requestsPerProcess(stackDefinition) === 1 || appProcesses(stackDefinition) === 1)
    expect(processes.size, 'distinct worker processes').toBe(appProcesses(stackDefinition));
  else
    expect(processes.size, 'distinct worker processes (at most every one)').toBeLessThanOrEqual(
      appProcesses(stackDefinition),
    );
  expect(hosts.size, 'distinct replicas').toBe(stackDefinition.appReplicas.length);
  // Each process ran the requests it took at once on threads of its own, up to what it serves at once: a thread
  // per request on the threaded dev server, one thread for a sync worker, up to `threads` for a gthread worker,
  // a greenlet each (up to worker_connections) for a gevent worker. Told by when each request slept, not by
  // thread names alone: a gthread worker's pool gives a freed thread the next request, which on a busy machine
  // may start only after another ended.
  const atOnce = requestsPerProcess(stackDefinition);
  const byProcess = new Map<string, (typeof answers)[number][]>();
  for (const a of answers)
    byProcess.set(`${a.hostname}/${a.pid}`, [...(byProcess.get(`${a.hostname}/${a.pid}`) ?? []), a]);
  const peaks = Object.fromEntries([...byProcess].map(([key, slept]) => [key, peakAtOnce(slept)]));
  evidence.record('most requests at once per process', peaks);
  const sharedThread = [...byProcess.values()].flatMap((slept) =>
    slept.flatMap((a, i) =>
      slept
        .slice(i + 1)
        .filter((b) => overlap(a, b) && b.thread_name === a.thread_name)
        .map(() => a.thread_name),
    ),
  );
  expect(sharedThread, 'requests that ran at the same time in one process, on one thread').toEqual([]);
  expect(Math.max(...Object.values(peaks)), `requests at once in one process (at most ${atOnce})`).toBeLessThanOrEqual(
    atOnce,
  );
  if (atOnce > 1 && answers.length > processes.size)
    expect(
      Math.max(...Object.values(peaks)),
      `requests at once in one process: its ${stackDefinition.gunicorn ? `${stackDefinition.gunicorn.workerClass} worker's ` : ''}threads ran several side by side`,
    ).toBeGreaterThan(1);
  else expect(threads.size, 'one thread in each process').toBe(processes.size);
});

// ---

type Slept = { started: number; finished: number };

function overlap(a: Slept, b: Slept): boolean {
  return a.started < b.finished && b.started < a.finished;
}

/** The most requests that were sleeping at the same moment. */
function peakAtOnce(slept: readonly Slept[]): number {
  const edges = slept.flatMap((s) => [
    { at: s.started, by: 1 },
    { at: s.finished, by: -1 },
  ]);
  // An end before a start at the same instant: touching is not overlapping.
  edges.sort((a, b) => a.at - b.at || a.by - b.by);
  let now = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (now += edge.by));
  return peak;
}
