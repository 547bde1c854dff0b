// Behaviour: concurrent requests are spread over every worker process of the stack (and, on the threaded
// dev server, over a thread each). What that means for CPU work: threads-vs-processes.spec.ts.
import { countBy } from '../lib/evidence/evidence.js';
import { burst } from '../lib/clients/http.js';
import { appProcesses } from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';

test('Concurrent requests are spread over every worker process of the stack', async ({
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
  evidence.record('requests per process', countBy(answers.map((a) => `${a.hostname}/${a.pid}`)));

  expect(processes.size, 'distinct worker processes').toBe(appProcesses(stackDefinition));
  expect(hosts.size, 'distinct replicas').toBe(stackDefinition.appReplicas.length);
  // A thread per request (threaded dev server) or one thread per sync worker process.
  expect(threads.size, 'distinct threads').toBe(
    stackDefinition.threadPerRequest ? requests : appProcesses(stackDefinition),
  );
});
