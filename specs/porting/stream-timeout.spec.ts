// Behaviour: an endless stream (a news feed, a log tail: while True: yield …; sleep 1) holds a sync Gunicorn
// worker for as long as the browser keeps it open, and a sync worker tells the master it is alive only between
// requests: once the stream has run for Gunicorn's `timeout` (30 s by default) the master kills the worker and
// the stream ends there, the page's EventSource reconnecting every half minute. gthread and gevent workers
// answer the master from their own loop and keep the stream. The dev server has no such limit. The check keeps
// each stream that is still open after 5 s open for the timeout in force and a margin, and reads the
// replicas' logs for "WORKER TIMEOUT". Fix: worker_class = "gthread" with threads (or gevent) in gunicorn.conf.py,
// and a heartbeat so that proxies keep the connection.
import { expect, test } from '../../fixtures/test.js';
import { runsAlone } from '../../lib/stacks/runs-alone.js';
import { endlessAfterMs, isStream, judgeTimeout, timeoutReadMs } from '../../lib/porting/streaming.js';

test(
  "The app's endless streams stay open past Gunicorn's timeout",
  runsAlone,
  async ({ app, stack, stackDefinition, evidence }) => {
    const g = stackDefinition.gunicorn;
    test.skip(!g, 'no Gunicorn here: the dev server keeps a stream open as long as the app sends it');
    const timeout = g!.timeoutSeconds;
    const boundMs = timeoutReadMs(timeout);
    test.skip(
      boundMs === null,
      `Gunicorn's timeout is ${timeout} s: longer than this check keeps a stream open (45 s); with sync workers a stream still ends there`,
    );
    const paths = app.getPaths().slice(0, 20);
    test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
    const endless = await test.step(`GET each route, kept if still open after ${endlessAfterMs / 1000} s`, async () => {
      // One at a time: a look queued behind a busy sync worker would look like a stream still coming.
      const looks = [];
      for (const path of paths) looks.push({ path, read: await app.stream(path, 1_500).catch(() => null) });
      // No headers yet is a candidate too: behind a proxy that buffers, an endless stream sends none.
      return looks
        .filter((l) => l.read !== null && (isStream(l.read) || (l.read.headersMs === null && l.read.ending === 'open')))
        .map((l) => l.path);
    });
    test.skip(
      endless.length === 0,
      `no route streams (text/event-stream, or a body still coming after a second): ${paths.join(', ')}`,
    );
    const since = new Date();
    const reads =
      await test.step(`read ${endless.join(', ')} for up to ${(boundMs! / 1000).toFixed(0)} s (timeout ${timeout} s, ${g!.workers} ${g!.workerClass} workers)`, async () =>
        Promise.all(endless.slice(0, 2).map(async (path) => ({ path, read: await app.stream(path, boundMs!) }))));
    const judged = reads
      .filter((r) => r.read.ending === 'open' || r.read.endMs >= endlessAfterMs)
      .map((r) => ({ path: r.path, j: judgeTimeout(r.read, timeout) }));
    test.skip(
      judged.length === 0,
      `no stream stays open ${endlessAfterMs / 1000} s (${reads.map((r) => `${r.path} ended after ${(r.read.endMs / 1000).toFixed(1)} s`).join('; ')}): nothing endless to hold past the timeout`,
    );
    const killed = await stack.totalInAppLogs(/WORKER TIMEOUT/, since);
    evidence.record('"WORKER TIMEOUT" in the replicas\' logs during the read', killed);
    evidence.record('streams', Object.fromEntries(judged.map((x) => [x.path, x.j.reason])));
    const cut = judged.filter((x) => x.j.verdict === 'cut');
    evidence.key('endless streams cut', `${cut.length} of ${judged.length} (timeout ${timeout} s)`, { id: 'cut' });
    expect(
      cut.length,
      `${cut.map((x) => `GET ${x.path}: ${x.j.reason}`).join('; ')} (Gunicorn ${stackDefinition.versions.gunicorn ?? ''}, ${g!.workerClass} workers; "WORKER TIMEOUT" ${killed} time${killed === 1 ? '' : 's'} in the log): a sync worker busy with one request past its timeout is killed, so an endless stream ends there and the browser reconnects. Fix: worker_class = "gthread" and threads = 8 (or gevent) in gunicorn.conf.py, with a heartbeat on the stream`,
    ).toBe(0);
  },
);
