// Unit: streaming answers (lib/porting/streaming.ts): which looks are streams, when each event arrived, a
// stream held back against one paced as the app made it, and an endless stream cut at Gunicorn's timeout.
import { expect, test } from '@playwright/test';
import type { StreamRead } from '../lib/clients/http.js';
import { arrivals, isStream, judgeBuffering, judgeTimeout, timeoutReadMs } from '../lib/porting/streaming.js';

const sse = { 'content-type': 'text/event-stream; charset=utf-8' };
const read = (over: Partial<StreamRead>): StreamRead => ({
  status: 200,
  headers: sse,
  headersMs: 5,
  chunks: [],
  ending: 'complete',
  endMs: 3000,
  ...over,
});
// Six progress events 0.6 s apart, as examples/progress-stream sends them.
const paced = [0, 1, 2, 3, 4, 5].map((i) => ({ ms: 6 + i * 600, text: `data: {"percent": ${i * 20}}\n\n` }));

test('a stream is an event stream or a body still coming a second after its headers; a page, or no headers, is not', () => {
  expect(isStream(read({}))).toBe(true);
  expect(isStream(read({ headers: { 'content-type': 'text/html' }, endMs: 40 }))).toBe(false);
  expect(isStream(read({ headers: { 'content-type': 'text/plain' }, ending: 'open', endMs: 1500 }))).toBe(true);
  expect(isStream(read({ headers: { 'content-type': 'text/plain' }, endMs: 2500 }))).toBe(true);
  // A slow route sends its headers with its body: 2 s, then everything at once.
  expect(isStream(read({ headers: { 'content-type': 'application/json' }, headersMs: 2000, endMs: 2010 }))).toBe(false);
  expect(isStream(read({ headersMs: null, status: 0, headers: {}, ending: 'open', endMs: 8000 }))).toBe(false);
  expect(isStream(read({ status: 404 }))).toBe(false);
});

test('events are timed when their blank line arrives; a heartbeat comment counts; other bodies by chunk', () => {
  expect(
    arrivals(
      read({
        chunks: [
          { ms: 10, text: 'event: news\ndata: a\n\n: heart' },
          { ms: 1010, text: 'beat\n\n' },
          { ms: 2010, text: 'data: b\r\n\r\ndata: c\n\n' },
        ],
      }),
    ),
  ).toEqual([10, 1010, 2010, 2010]);
  expect(
    arrivals(
      read({
        headers: { 'content-type': 'text/plain' },
        chunks: [
          { ms: 5, text: '10%\n' },
          { ms: 900, text: '' },
          { ms: 1000, text: '20%\n' },
        ],
      }),
    ),
  ).toEqual([5, 1000]);
});

test('events spread over the stream are paced; all of them at its end are held back; nothing, or too short, is not judged', () => {
  expect(judgeBuffering(read({ chunks: paced, endMs: 3010 }))).toMatchObject({
    verdict: 'paced',
    pieces: 6,
    firstMs: 6,
  });
  // Behind nginx with proxy_buffering on: headers and every event together at the end (measured: 3.0 s).
  const held = judgeBuffering(read({ headersMs: 3004, chunks: paced.map((c) => ({ ...c, ms: 3005 })), endMs: 3006 }));
  expect(held).toMatchObject({ verdict: 'held', pieces: 6, firstMs: 3005 });
  expect(held.reason).toBe(
    'its 6 pieces arrived together, the first 3.0 s after the request (it ended after 3.0 s; at 3.0, 3.0, 3.0, 3.0, 3.0, 3.0 s)',
  );
  // An endless feed: a first event at once, then heartbeats, still open when the read stopped.
  expect(
    judgeBuffering(
      read({ ending: 'open', endMs: 8000, chunks: [0, 1, 2, 3].map((i) => ({ ms: 5 + i * 1000, text: ': hb\n\n' })) }),
    ).verdict,
  ).toBe('paced');
  // A first event late in the stream (a buffer that filled at 7 s of 8): held back.
  expect(
    judgeBuffering(read({ ending: 'open', endMs: 8000, chunks: [{ ms: 7000, text: 'data: x\n\n' }] })).verdict,
  ).toBe('held');
  expect(judgeBuffering(read({ ending: 'open', endMs: 8000 }))).toMatchObject({
    verdict: 'silent',
    reason: 'nothing arrived (still open after 8.0 s): no pacing to compare',
  });
  expect(judgeBuffering(read({ endMs: 400, chunks: [{ ms: 390, text: 'data: x\n\n' }] })).verdict).toBe('short');
});

test("an endless stream ending at Gunicorn's timeout is cut; open at the read's end survived; ended early, finite", () => {
  expect(timeoutReadMs(30)).toBe(39_000);
  expect(timeoutReadMs(10)).toBe(15_000);
  expect(timeoutReadMs(40)).toBeNull();
  expect(judgeTimeout({ ending: 'cut', endMs: 30_900 }, 30)).toEqual({
    verdict: 'cut',
    endMs: 30_900,
    reason: "cut after 30.9 s, at Gunicorn's timeout of 30 s",
  });
  // Behind nginx the killed worker's connection closes, and nginx ends its answer cleanly.
  expect(judgeTimeout({ ending: 'complete', endMs: 31_200 }, 30).verdict).toBe('cut');
  expect(judgeTimeout({ ending: 'open', endMs: 39_000 }, 30).verdict).toBe('survived');
  expect(judgeTimeout({ ending: 'complete', endMs: 12_000 }, 30).verdict).toBe('finite');
});
