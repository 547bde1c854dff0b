/**
 * Whether a slow route holds up the app's other routes (specs/porting/slow-route-blocking.spec.ts): on the
 * threaded dev server each request has a thread, so a report that takes 2 s delays nothing else; a sync
 * Gunicorn worker serves one request at a time, so one slow request per worker makes every other page wait
 * until one of them ends. Pure parts here; the spec times the requests.
 */

/** A route timed once, alone. */
export interface RouteTiming {
  path: string;
  status: number;
  ms: number;
  /** A stream its client ended after a few seconds (AppAnswer.streamed): ms is that read's length. */
  streamed?: boolean;
}

/**
 * Below this a slow route's hold on a process is too short to tell from a busy machine's noise: a route that
 * calls the app's own API took 0.61 s alone on a loaded machine, and a page asked meanwhile on the threaded
 * dev server waited 0.29 s of it, which read as held at 0.5 s.
 */
export const slowEnoughMs = 1000;

/**
 * The slowest and the fastest of the routes that answered (2xx, 3xx): the slow one to occupy every process,
 * the fast one to time meanwhile. Null with the reason when the app has no pair to compare.
 */
export function slowAndFast(
  timings: readonly RouteTiming[],
): { slow: RouteTiming; fast: RouteTiming } | { reason: string } {
  // A stream its client ended has no time of its own (stream-timeout judges how long one may stay open).
  const answered = timings.filter((t) => t.status >= 200 && t.status < 400 && !t.streamed);
  if (answered.length < 2)
    return { reason: `${answered.length} route without arguments answers GET: nothing to time beside a slow one` };
  const sorted = [...answered].sort((a, b) => a.ms - b.ms);
  const slow = sorted.at(-1)!;
  const fast = sorted[0]!;
  if (slow.ms < slowEnoughMs)
    return {
      reason: `no route takes ${slowEnoughMs / 1000} s or more (the slowest, GET ${slow.path}, took ${(slow.ms / 1000).toFixed(2)} s): nothing slow enough to hold a process noticeably`,
    };
  return { slow, fast };
}

/** How long after the slow requests the fast one is sent: they must have reached a process first. */
export function headStartMs(slowMs: number): number {
  return Math.round(Math.min(150, slowMs * 0.2));
}

export interface HoldJudgement {
  held: boolean;
  /** The fast route's extra wait while the slow ones ran (the least of the tries), ms. */
  waitedMs: number;
  reason: string;
}

/**
 * Held when the fast route, sent while one slow request per process runs, waits at least half of what is left
 * of a slow request beyond its own time alone, on every try: a queue behind a busy worker waits about all of
 * it; a free thread waits nothing, and a noisy machine does not add half a second to every try.
 */
export function judgeHold(m: {
  slowMs: number;
  fastAloneMs: number;
  fastDuringMs: readonly number[];
  headStartMs: number;
}): HoldJudgement {
  if (m.fastDuringMs.length === 0) throw new Error('judgeHold: no try of the fast route to judge');
  const waitedMs = Math.max(0, Math.min(...m.fastDuringMs) - m.fastAloneMs);
  const left = m.slowMs - m.headStartMs;
  const held = waitedMs >= left * 0.5;
  return {
    held,
    waitedMs,
    reason: held
      ? `it waited ${(waitedMs / 1000).toFixed(2)} s of the ${(left / 1000).toFixed(2)} s the slow requests still had to run`
      : `it waited ${(waitedMs / 1000).toFixed(2)} s more than alone, of the ${(left / 1000).toFixed(2)} s the slow requests still had to run`,
  };
}
