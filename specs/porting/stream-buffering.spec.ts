// Behaviour: a streaming answer (Server-Sent Events, a generator response: a progress feed, a log tail, a token
// stream) reaches the browser piece by piece on the dev server and under Gunicorn, which write each piece as
// the app makes it. nginx buffers what the app sends (proxy_buffering on, the default) and passes it on when
// its buffer fills or the answer ends: a progress feed's events arrive together at the end, a quiet feed's not
// at all. The check reads each of the app's GET routes without arguments for a few seconds, keeps the streams
// (text/event-stream, or a body still arriving a second after its headers) and times when each event arrives.
// Fix: the response header X-Accel-Buffering: no on the stream, or proxy_buffering off; in its location.
import { expect, test } from '../../fixtures/test.js';
import type { StreamRead } from '../../lib/clients/http.js';
import { type BufferingJudgement, isStream, judgeBuffering } from '../../lib/porting/streaming.js';

/** How long each route is read: a progress feed of a few seconds ends within it. */
const readMs = 8_000;

test("The app's streams arrive piece by piece, as the app sends them", async ({ app, stackDefinition, evidence }) => {
  const paths = app.getPaths().slice(0, 20);
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  const streams: { path: string; read: StreamRead; judged: BufferingJudgement }[] = [];
  const unanswered: string[] = [];
  for (const path of paths)
    await test.step(`GET ${path}, read for up to ${readMs / 1000} s`, async () => {
      const read = await app.stream(path, readMs).catch(() => null);
      if (read && isStream(read)) streams.push({ path, read, judged: judgeBuffering(read) });
      else if (read && read.headersMs === null) unanswered.push(path);
    });
  test.skip(
    streams.length === 0,
    `no route streams (none answers text/event-stream or keeps its body coming a second after its headers): ${paths.join(', ')}`,
  );
  if (unanswered.length)
    evidence.record(`no headers in ${readMs / 1000} s (a slow route, or a stream held back)`, unanswered);
  evidence.record(
    'streams',
    Object.fromEntries(streams.map((x) => [x.path, `${x.judged.verdict}: ${x.judged.reason}`])),
  );
  const judged = streams.filter((x) => x.judged.verdict === 'held' || x.judged.verdict === 'paced');
  test.skip(
    judged.length === 0,
    `the app's streams sent nothing to time while read, or lasted under a second: ${streams.map((x) => `${x.path}: ${x.judged.reason}`).join('; ')}`,
  );
  const held = judged.filter((x) => x.judged.verdict === 'held');
  evidence.key('streams held back', `${held.length} of ${judged.length}`, { id: 'held' });
  const first = judged[0]!;
  evidence.record(
    `first piece of GET ${first.path}, after the request`,
    Number(((first.judged.firstMs ?? 0) / 1000).toFixed(2)),
    's',
  );
  const who = stackDefinition.proxy
    ? `nginx ${stackDefinition.versions.nginx ?? ''} buffers the app's answer (proxy_buffering on, the default) and passes it on when its buffer fills or the answer ends`.replace(
        '  ',
        ' ',
      )
    : 'the server holds the pieces back until the answer ends';
  expect(
    held.length,
    `${held.map((x) => `GET ${x.path}: ${x.judged.reason}`).join('; ')}: ${who}, so the page sees nothing until then. Fix: the response header X-Accel-Buffering: no on the stream (Response(generate(), mimetype="text/event-stream", headers={"X-Accel-Buffering": "no"})), or proxy_buffering off; in its nginx location`,
  ).toBe(0);
});
