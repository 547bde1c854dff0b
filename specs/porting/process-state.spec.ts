// Behaviour: state kept in one process (a module-level list, a dict used as a cache, a SQLite file inside
// one container) breaks an app the moment it runs in several, which the dev server never does: reads answer
// differently depending on which worker or replica serves them, and a write through one is missing from the
// next read served by another. Each answer says which process made it (X-Http-Test-Worker, added by the
// stack), so the check names the processes that disagree. Fix: keep state in a database or Redis that every
// process shares, never in the process.
import { randomUUID } from 'node:crypto';
import { expect, test } from '../../fixtures/test.js';
import { appProcesses } from '../../lib/stacks/definitions.js';
import { readersOf } from '../../lib/clients/app-client.js';

const writeFields = ['text', 'title', 'name', 'content', 'item', 'value', 'note', 'message', 'body'];

test('Repeated reads of every route give the same answer whichever process serves them', async ({
  app,
  stackDefinition,
  evidence,
}) => {
  const paths = app.getPaths();
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  const processes = appProcesses(stackDefinition);
  const differing: string[] = [];
  let reached = 0;
  for (const path of paths) {
    // Twice round every process: a process must answer at least twice to show its answer is stable.
    const byWorker = await test.step(`GET ${path} from every process, twice`, async () => {
      const first = await app.fromEveryProcess(path, processes);
      for (const [worker, answers] of await app.fromEveryProcess(path, processes))
        first.set(worker, [...(first.get(worker) ?? []), ...answers]);
      return first;
    });
    reached = Math.max(reached, byWorker.size);
    // Only answers that are stable within each process count: a clock or a random id differs anyway (a CSRF
    // token made for each new session: Flask-WTF's form on every page), and one answer alone shows nothing
    // stable. A 429 is the app's rate limit refusing, not the route's answer (rate-limit-per-process judges the
    // limit), and a server error or no answer is a failure, not a state (route-parity and concurrent-requests
    // judge those: a route that calls the app's own API fails when every process is asked at once): left out,
    // and a process that only refused or failed has nothing to compare.
    const perWorker = [...byWorker.values()]
      .map((answers) => answers.filter((a) => a.status !== 429 && a.status !== 0 && a.status < 500))
      .filter((answers) => answers.length >= 2)
      .map((answers) => new Set(answers.map((a) => a.body)));
    if (
      perWorker.length > 1 &&
      perWorker.every((bodies) => bodies.size === 1) &&
      new Set(perWorker.map((b) => [...b][0])).size > 1
    )
      differing.push(path);
  }
  evidence.record('processes that answered', `${reached} of ${processes}`);
  evidence.key('routes whose answer depends on the process', differing.length ? differing : 'none');
  expect(differing.length, `routes that answer differently in different processes: ${differing.join(', ')}`).toBe(0);
});

test('A write through one process is seen by the next read, whichever process serves it', async ({
  app,
  stackDefinition,
  evidence,
}) => {
  const posts = app.postPaths();
  test.skip(posts.length === 0, 'the app has no route without arguments that takes a POST');
  const marker = `http-test-${randomUUID().slice(0, 8)}`;
  const writes: Record<string, string> = {};
  await test.step(`POST ${marker} to ${posts.join(', ')}`, async () => {
    for (const path of posts) {
      const json = Object.fromEntries(writeFields.map((f) => [f, marker]));
      let answer = await app.attempt(path, {
        method: 'POST',
        body: JSON.stringify(json),
        headers: { 'Content-Type': 'application/json' },
      });
      if (answer.status >= 400 || answer.status === 0)
        answer = await app.attempt(path, {
          method: 'POST',
          body: new URLSearchParams(json).toString(),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        });
      writes[path] = `${answer.status} from ${answer.worker ?? 'the server in front'}`;
    }
  });
  evidence.record('writes', writes);
  const accepted = Object.values(writes).some((w) => /^[23]\d\d /.test(w));
  test.skip(
    !accepted,
    `no POST route accepted a write of {${writeFields.join(', ')}} as JSON or a form: ${JSON.stringify(writes)}`,
  );
  const processes = appProcesses(stackDefinition);
  const reads = [];
  for (const path of app.getPaths())
    reads.push(await test.step(`GET ${path} from every process`, async () => app.fromEveryProcess(path, processes)));
  const { saw, missed } = readersOf(reads, marker);
  test.skip(
    saw.size === 0,
    `no GET route without arguments shows what was written (writes: ${JSON.stringify(writes)}): nothing to compare between processes`,
  );
  evidence.key('processes whose reads show the write', `${saw.size} of ${saw.size + missed.size}`, {
    id: 'reads-after-write',
  });
  evidence.record('processes that miss it', missed.size ? [...missed] : 'none');
  expect(
    missed.size,
    `processes whose reads miss a write made through another (${saw.size} of ${saw.size + missed.size} see it; missing: ${[...missed].join(', ')})`,
  ).toBe(0);
});
