// Behaviour: a slow route (a report, a call to another service, a big query) holds a process for as long as
// it runs. On the threaded dev server every request has a thread of its own, so nothing else waits; a sync
// Gunicorn worker serves one request at a time, so one slow request per worker, and every other page of the
// app waits until one of them ends — as on the dev server started --without-threads. The check times the
// app's routes alone, then sends one request to the slowest per process and times the fastest meanwhile.
// Fix: threads per worker (gunicorn.conf.py: worker_class = "gthread", threads = 8), or the slow work out of
// the request (a job queue), and never a route that calls the app's own HTTP API.
import { expect, test } from '../../fixtures/test.js';
import { headStartMs, judgeHold, type RouteTiming, slowAndFast } from '../../lib/porting/blocking.js';
import { appProcesses } from '../../lib/stacks/definitions.js';

const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

test("A slow route does not hold up the app's other routes", async ({ app, stackDefinition, evidence }) => {
  const paths = app.getPaths().slice(0, 20);
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  const timings: RouteTiming[] = await test.step('time every route alone', async () => {
    const out: RouteTiming[] = [];
    for (const path of paths) {
      const answer = await app.attempt(path);
      out.push({ path, status: answer.status, ms: answer.ms, streamed: answer.streamed });
    }
    return out;
  });
  const pair = slowAndFast(timings);
  test.skip('reason' in pair, 'reason' in pair ? pair.reason : '');
  const { slow: first, fast } = pair as Exclude<typeof pair, { reason: string }>;
  // Once more alone: the first time may include a wait for what the route before it left running (a stream
  // its client ended, which a server of one thread goes on writing until it notices), and the judgement is
  // measured against this time.
  const slow = await test.step(`GET ${first.path} alone once more`, async () => {
    const again = await app.attempt(first.path, { timeoutMs: 60_000 });
    return again.status === first.status && again.ms < first.ms ? { ...first, ms: again.ms } : first;
  });
  const processes = appProcesses(stackDefinition);
  const start = headStartMs(slow.ms);

  const fastAlone = await test.step(`GET ${fast.path} alone, three times`, async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i += 1) times.push((await app.attempt(fast.path)).ms);
    return times.sort((a, b) => a - b)[1]!;
  });
  const tries: { during: number; fastWorker: string | null; slowWorkers: (string | null)[] }[] = [];
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    tries.push(
      await test.step(`${processes} requests to GET ${slow.path} at once, GET ${fast.path} ${start} ms later (${attempt})`, async () => {
        const slowOnes = Array.from({ length: processes }, () => app.attempt(slow.path, { timeoutMs: 60_000 }));
        await new Promise((resolve) => setTimeout(resolve, start));
        const during = await app.attempt(fast.path, { timeoutMs: 60_000 });
        const held = await Promise.all(slowOnes);
        return { during: during.ms, fastWorker: during.worker, slowWorkers: held.map((a) => a.worker) };
      }),
    );
  }
  const j = judgeHold({
    slowMs: slow.ms,
    fastAloneMs: fastAlone,
    fastDuringMs: tries.map((t) => t.during),
    headStartMs: start,
  });
  evidence.record('slow route, alone', seconds(slow.ms), 's');
  evidence.record(`GET ${fast.path} alone (median of 3)`, seconds(fastAlone), 's');
  evidence.record(
    `GET ${fast.path} while ${processes} slow requests ran`,
    tries.map(
      (t) =>
        `${seconds(t.during)} s from ${t.fastWorker ?? 'the server in front'} (slow ones: ${t.slowWorkers.map((w) => w ?? '?').join(', ')})`,
    ),
  );
  evidence.key(`GET ${fast.path}'s wait while GET ${slow.path} ran in every process`, seconds(j.waitedMs), {
    unit: 's',
    id: 'held-wait',
  });
  const g = stackDefinition.gunicorn;
  const server = g
    ? g.workerClass === 'sync'
      ? "Each of Gunicorn's sync workers serves one request at a time"
      : `Gunicorn's ${g.workerClass} workers had no thread or greenlet left for it`
    : stackDefinition.threadPerRequest
      ? "The server's threads were all busy"
      : 'This server serves one request at a time (the dev server started --without-threads)';
  expect(
    j.held,
    `GET ${fast.path} waited for GET ${slow.path} (${slow.streamed ? `a stream, read for ${seconds(slow.ms)} s` : `${seconds(slow.ms)} s`}): ${j.reason}. ${server}, so ${processes} slow request${processes === 1 ? '' : 's'} held every process and the rest of the app waits. Fix: threads per worker (gunicorn.conf.py: worker_class = "gthread", threads = 8), or move the slow work out of the request (a job queue)`,
  ).toBe(false);
});
