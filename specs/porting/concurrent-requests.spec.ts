// Behaviour: an app answers requests that come at once as it answers them one at a time. Its author, alone on
// the dev server, never sends two requests at once; a page with a few users does, and the data layer shows
// what one user hid: SQLite's "database is locked" when a write keeps its transaction open across slow work
// and requests wait past its 5 s busy timeout (the threaded dev server and gthread workers let them all in;
// two sync workers only two, yet SQLite's lock is no queue: the worker that just committed takes it again
// before the waiting one's retry wakes, and that one starves), one connection shared by the server's
// threads, a connection opened before Gunicorn forked (one socket in every worker: their queries interleave
// and each may read another's answer), a request that calls the app's own HTTP API and waits for a worker
// that is as busy as itself. Under Gunicorn the app is started anew first, so the burst meets workers as a
// start forks them, not as earlier tests left them. The check asks each route without arguments, and posts
// the first form that writes without an account, once alone and then in a burst of the same requests at
// once; red where a request that answered alone fails in the burst, the app's log shows a database error
// signature meanwhile, or one TCP connection is open in several processes of a replica (the same socket inode
// in their /proc/<pid>/fd); a call to its own server (a connection from the app's container to its own port,
// read from /proc/net/tcp while the request waits) is named where the request that made it failed, alone
// too. Fix: the one each signature names (short transactions, a connection per request, connections opened
// after the fork, the function called instead of the API).
import { expect, test } from '../../fixtures/test.js';
import { answeredAlone, burstSize, judgeBurst, type Outcome } from '../../lib/porting/concurrency.js';
import { establishedConnections, selfCallFinding, selfCalls } from '../../lib/porting/self-calls.js';
import {
  sharedConnectionFinding,
  sharedConnections,
  socketListing,
  splitListing,
  type SharedConnection,
} from '../../lib/porting/shared-connections.js';
import { formsByRole, newAccount, withoutLogOut } from '../../lib/porting/forms.js';
import { formsOn, guessed, submit } from '../../lib/porting/page-forms.js';
import { startedHereAs } from '../../lib/porting/baseline.js';

test('Requests that come at once are answered as they are one at a time, without a database error', async ({
  page,
  app,
  stack,
  stackDefinition,
  evidence,
}) => {
  const paths = withoutLogOut(app.getPaths()).slice(0, 12);
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  // Long enough for a queue behind busy workers, within Gunicorn's own timeout where it cuts first.
  const timeoutMs = (stackDefinition.gunicorn ? Math.min(stackDefinition.gunicorn.timeoutSeconds + 10, 45) : 30) * 1000;

  // A connection shared across the fork may be mended by the first error that meets it (a pool that drops a
  // broken connection): an earlier test's burst must not have done so.
  if (stackDefinition.gunicorn)
    await test.step('start the app anew: workers as a start forks them', () => stack.restartApp());
  // After the restart: a restarted entry is published on a new port.
  const origin = stack.baseURL;

  // Connections open in several processes of a replica, by replica; looked at after the requests alone and
  // after the burst (a pool may open its connection on the first request, in the master never).
  const sharedSeen: Record<string, SharedConnection[]> = {};
  const lookForShared = async () => {
    for (const replica of stackDefinition.appReplicas) {
      const { holders, tcp } = splitListing(await stack.exec(replica, socketListing).catch(() => ''));
      for (const c of sharedConnections(establishedConnections(tcp), holders, stackDefinition.appPort)) {
        const seen = (sharedSeen[replica] ??= []);
        if (!seen.some((s) => s.remote === c.remote && s.holders === c.holders)) seen.push(c);
      }
    }
  };

  // The app's containers' calls to their own server, read every second while a request waits (a request
  // answered within the second is not looked at: a call that returns in time is no finding).
  const selfCallsSeen: Record<string, string[]> = {};
  const watching = async <T>(target: string, work: Promise<T>): Promise<T> => {
    let done = false;
    const looking = (async () => {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        if (done) return;
        for (const replica of stackDefinition.appReplicas) {
          const text = await stack
            .exec(replica, ['sh', '-c', 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; true'])
            .catch(() => '');
          const calls = selfCalls(establishedConnections(text), stackDefinition.appPort);
          if (calls.length) (selfCallsSeen[target] ??= []).push(...calls);
        }
      }
    })();
    try {
      return await work;
    } finally {
      done = true;
      await looking;
    }
  };

  const streams: string[] = [];
  const alone: Outcome[] = await test.step('each route alone', async () => {
    const out: Outcome[] = [];
    for (const path of paths) {
      const answer = await watching(`GET ${path}`, app.attempt(path));
      // A stream holds its process for as long as it is open: ten at once are stream-timeout's and
      // slow-route-blocking's measure, not a database's.
      if (answer.streamed || answer.contentType === 'text/event-stream') streams.push(path);
      else out.push({ target: `GET ${path}`, status: answer.status });
    }
    return out;
  });
  await lookForShared();
  if (streams.length) evidence.record('streams, not sent at once', streams);

  // The first form that writes without an account, submitted once in the browser as a user would; its POST
  // (fields, CSRF token, cookies) is what the burst sends again.
  const write = await test.step('post the first form that writes without an account, alone', async () => {
    const form = formsByRole(await formsOn(page, origin, paths)).content.find((f) => !f.external);
    if (!form) return null;
    const sent = page.waitForRequest((r) => r.method() === 'POST', { timeout: 15_000 });
    const answer = await submit(page, origin, form, guessed('content', newAccount('burst'), 'http-test-burst'));
    const request = await sent;
    return {
      target: `POST ${form.action}`,
      url: request.url(),
      body: request.postDataBuffer() ?? Buffer.alloc(0),
      contentType: (await request.headerValue('content-type')) ?? 'application/x-www-form-urlencoded',
      referer: (await request.headerValue('referer')) ?? `${origin}${form.page}`,
      status: answer.status,
    };
  });
  if (write) alone.push({ target: write.target, status: write.status });
  evidence.record(
    'asked alone',
    alone.map((o) => `${o.target}: ${o.status || 'no answer'}`),
  );
  evidence.record(
    'writes',
    write
      ? `${write.target}, as the browser posted it`
      : "not tried: no form on the app's pages writes without an account",
  );

  const since = new Date(Date.now() - 1000);
  const burst: Outcome[] = await test.step(`${burstSize} requests at once to each`, async () => {
    const out: Outcome[] = [];
    // Only what answered alone: a route that failed alone is route-parity's, and asking it ten times more
    // (a feed nginx holds back) only holds workers.
    const fine = answeredAlone(alone);
    for (const path of paths.filter((p) => !streams.includes(p) && fine.has(`GET ${p}`))) {
      const answers = await watching(
        `GET ${path}`,
        Promise.all(Array.from({ length: burstSize }, () => app.attempt(path, { timeoutMs }))),
      );
      out.push(...answers.map((a) => ({ target: `GET ${path}`, status: a.status })));
    }
    if (write && fine.has(write.target)) {
      const statuses = await Promise.all(
        Array.from({ length: burstSize }, () =>
          page.request
            .post(write.url, {
              data: write.body,
              headers: { 'content-type': write.contentType, referer: write.referer },
              maxRedirects: 0,
              timeout: timeoutMs,
            })
            .then((r) => r.status())
            .catch(() => 0),
        ),
      );
      out.push(...statuses.map((status) => ({ target: write.target, status })));
    }
    return out;
  });
  await lookForShared();
  const log = (await stack.appLogs(since)).join('\n');
  const verdict = judgeBurst(alone, burst, log, selfCallsSeen, sharedSeen);
  // A burst that broke the app may leave it broken where no snapshot looks (a shared connection with another
  // worker's answer still unread): started anew after this test, so that the next test meets it as it starts.
  if (verdict.broken)
    for (const replica of stackDefinition.appReplicas)
      stack.declareChanged(replica, 'requests at once broke the app (its connections may hold unread answers)');

  evidence.key('requests that failed at once, not alone', verdict.failed.length, { id: 'burst-failures' });
  if (verdict.failed.length) evidence.record('failed in the burst', verdict.failed);
  evidence.key(
    'database error signatures in the log',
    verdict.signatures.length ? verdict.signatures.map((s) => `${s.id} ×${s.count}`).join(', ') : 'none',
    { id: 'burst-signatures' },
  );
  for (const s of verdict.signatures) evidence.record(`log: ${s.id}`, s.line);
  evidence.key("calls to the app's own server while a failing request waited", verdict.selfCalls.length, {
    id: 'burst-self-calls',
  });
  if (verdict.selfCalls.length) evidence.record("calls to the app's own server", verdict.selfCalls);
  evidence.key('connections open in several processes', verdict.shared.length, { id: 'burst-shared-connections' });
  if (verdict.shared.length) evidence.record('connections open in several processes', verdict.shared);

  const causes = verdict.signatures.map((s) => `"${s.line}" (${s.count}×): ${s.means}. Fix: ${s.fix}`);
  if (verdict.shared.length)
    causes.unshift(
      `${verdict.shared.join('; ')}: ${sharedConnectionFinding.means}. Fix: ${sharedConnectionFinding.fix}`,
    );
  if (verdict.selfCalls.length)
    causes.unshift(
      `${[...new Set(verdict.selfCalls.map((c) => c.split(': ')[0]))].join(', ')} called the app's own server (${verdict.selfCalls[0]!.split(': ')[1]}): ${selfCallFinding.means}. Fix: ${selfCallFinding.fix}`,
    );
  expect(
    [...verdict.failed, ...causes],
    `${burstSize} requests at once under ${startedHereAs(stackDefinition)} broke what one request at a time did not: ${[...verdict.failed, ...causes].join('; ')}${causes.length ? '' : '. No known signature in the log: read the app log of this stack for the traceback'}`,
  ).toEqual([]);
});
