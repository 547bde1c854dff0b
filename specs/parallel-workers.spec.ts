// Behaviour: concurrent requests are spread over the stack's worker processes (and, on the threaded dev server,
// over a thread each; in a gthread worker, over its threads). A sync worker takes the next request only once
// free, so a burst reaches every worker; a gthread worker accepts while busy, so a burst may miss some.
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
  // gthread worker takes connections while its threads are busy (up to worker_connections): a burst may fall
  // on some of the workers only, even on one.
  if (requestsPerProcess(stackDefinition) === 1 || appProcesses(stackDefinition) === 1)
    expect(processes.size, 'distinct worker processes').toBe(appProcesses(stackDefinition));
  else
    expect(processes.size, 'distinct worker processes (at most every one)').toBeLessThanOrEqual(
      appProcesses(stackDefinition),
    );
  expect(hosts.size, 'distinct replicas').toBe(stackDefinition.appReplicas.length);
  // Each process ran the requests it took at once on threads of its own, up to what it serves at once: a thread
  // per request on the threaded dev server, one thread for a sync worker, up to `threads` for a gthread worker
  // (which takes connections as they come, not evenly: 7 and 5 of 12 on two workers, measured).
  const atOnce = requestsPerProcess(stackDefinition);
  expect(threads.size, `distinct threads (at most ${atOnce} in each process)`).toBe(
    Object.values(perProcess).reduce((sum, n) => sum + Math.min(n, atOnce), 0),
  );
});
