/**
 * Streaming answers (Server-Sent Events, a generator response: a progress feed, a log tail, a token stream)
 * as they leave the dev server (specs/porting/stream-buffering.spec.ts, stream-timeout.spec.ts): nginx's
 * proxy_buffering (on by default) holds the pieces back and passes them on together, and a sync Gunicorn
 * worker busy with an endless stream past its `timeout` is killed, the stream cut. Pure parts here; the specs
 * read the streams (lib/clients/http.ts readStream).
 */
import type { StreamRead } from '../clients/http.js';

/** A body still arriving this long after its headers came is a stream (a page sends its body with them). */
export const stillArrivingMs = 1_000;

/** Shorter than this from headers to end, a stream's pacing is too short to tell from a busy machine's noise. */
export const pacedLongEnoughMs = 1_000;

const contentTypeOf = (read: Pick<StreamRead, 'headers'>): string =>
  String(read.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();

/**
 * Whether a look at a route found a stream: a 2xx event stream, or a 2xx body still arriving a second after its
 * headers. An answer whose headers never came while read is no stream here (it may be a slow route): behind a
 * proxy that buffers, an event stream's own headers wait with its body.
 */
export function isStream(read: Pick<StreamRead, 'status' | 'headers' | 'headersMs' | 'ending' | 'endMs'>): boolean {
  if (read.headersMs === null || read.status < 200 || read.status >= 300) return false;
  if (contentTypeOf(read) === 'text/event-stream') return true;
  return read.ending === 'open' || read.endMs - read.headersMs >= stillArrivingMs;
}

/**
 * When each piece arrived, ms after the request was sent (a proxy that buffers holds the headers back too): for
 * an event stream, each complete event (a blank line ends one; a comment such as a heartbeat counts, it is what
 * keeps a connection alive), otherwise each non-empty chunk.
 */
export function arrivals(read: Pick<StreamRead, 'headers' | 'chunks'>): number[] {
  const at: number[] = [];
  if (contentTypeOf(read) !== 'text/event-stream') {
    for (const c of read.chunks) if (c.text.length > 0) at.push(c.ms);
    return at;
  }
  let pending = '';
  for (const c of read.chunks) {
    pending += c.text.replace(/\r\n?/g, '\n');
    let end = pending.indexOf('\n\n');
    while (end >= 0) {
      if (pending.slice(0, end).trim()) at.push(c.ms);
      pending = pending.slice(end + 2);
      end = pending.indexOf('\n\n');
    }
  }
  return at;
}

export interface BufferingJudgement {
  /** held: the pieces came together at the end; paced: spread over the stream; else not judged, with why. */
  verdict: 'held' | 'paced' | 'silent' | 'short';
  /** How many pieces (events or chunks) came. */
  pieces: number;
  /** When the first came, ms after the request was sent (null when none). */
  firstMs: number | null;
  /** From the request to the end of the body, or to the end of the read for a stream still open. */
  spanMs: number;
  reason: string;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Held back when the first piece arrives in the last quarter of the stream's time, from the request (a proxy
 * that buffers passes them on together when the answer ends or its buffer fills); paced when it came before,
 * as the app makes its pieces on the dev server (a progress feed's first event at once). A stream that sent
 * nothing while read, or lasted under a second, says nothing about pacing.
 */
export function judgeBuffering(read: StreamRead): BufferingJudgement {
  const at = arrivals(read);
  const spanMs = read.endMs;
  const firstMs = at.length ? at[0]! : null;
  const base = { pieces: at.length, firstMs, spanMs };
  const what = read.ending === 'open' ? `still open after ${s(spanMs)}` : `it ended after ${s(spanMs)}`;
  if (firstMs === null)
    return { ...base, verdict: 'silent', reason: `nothing arrived (${what}): no pacing to compare` };
  if (spanMs < pacedLongEnoughMs)
    return { ...base, verdict: 'short', reason: `${at.length} pieces in ${s(spanMs)}: too short to tell pacing` };
  const times = at.map((t) => (t / 1000).toFixed(1)).join(', ');
  if (firstMs >= spanMs * 0.75)
    return {
      ...base,
      verdict: 'held',
      reason: `its ${at.length} pieces arrived together, the first ${s(firstMs)} after the request (${what}; at ${times} s)`,
    };
  return {
    ...base,
    verdict: 'paced',
    reason: `its ${at.length} pieces arrived as made, the first ${s(firstMs)} after the request (${what}; at ${times} s)`,
  };
}

/** How long the timeout check reads an endless stream: Gunicorn's timeout and a margin, or null when over the bound. */
export function timeoutReadMs(timeoutSeconds: number, boundSeconds = 45): number | null {
  const ms = (timeoutSeconds + Math.max(5, timeoutSeconds * 0.3)) * 1000;
  return ms <= boundSeconds * 1000 ? Math.round(ms) : null;
}

/** Still open this long, a stream is an endless one (a feed, a log tail), not a progress of a few seconds. */
export const endlessAfterMs = 5_000;

export interface TimeoutJudgement {
  /** cut: ended at Gunicorn's timeout; survived: open when the read stopped; finite: ended by itself first. */
  verdict: 'cut' | 'survived' | 'finite';
  /** When it ended (ms after the request was sent), or when the read stopped. */
  endMs: number;
  reason: string;
}

/**
 * An endless stream that ends within a margin of Gunicorn's timeout (no earlier than 90 % of it) was ended by
 * the timeout: a sync worker tells the master it is alive only between requests, so the master kills it. One
 * still open when the read stops outlived the timeout; one that ends well before it ended by itself.
 */
export function judgeTimeout(read: Pick<StreamRead, 'ending' | 'endMs'>, timeoutSeconds: number): TimeoutJudgement {
  const { endMs } = read;
  if (read.ending === 'open')
    return { verdict: 'survived', endMs, reason: `still open after ${s(endMs)} (timeout ${timeoutSeconds} s)` };
  if (endMs >= timeoutSeconds * 1000 * 0.9)
    return {
      verdict: 'cut',
      endMs,
      reason: `${read.ending === 'cut' ? 'cut' : 'ended'} after ${s(endMs)}, at Gunicorn's timeout of ${timeoutSeconds} s`,
    };
  return { verdict: 'finite', endMs, reason: `ended by itself after ${s(endMs)}, before the timeout` };
}
