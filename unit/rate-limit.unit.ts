// Unit: a rate limit judged from outside (lib/porting/rate-limit.ts): judgeLimit on hand-made answers, and
// findLimit / measureLimit against a simulated app (processes, a fixed-window limiter counted per process or
// shared, with or without Flask-Limiter's headers) on a simulated clock.
import { expect, test } from '@playwright/test';
import {
  type Ask,
  type Clock,
  findLimit,
  judgeLimit,
  type LimitAnswer,
  liftWaitMs,
  measureLimit,
  refusedEverywhere,
  searchBound,
  statusCounts,
  throughList,
} from '../lib/porting/rate-limit.js';

const noHeaders: LimitAnswer['rateLimit'] = { limit: null, remaining: null, reset: null, retryAfter: null };
const a = (round: number, worker: string | null, status: number, rateLimit = noHeaders): LimitAnswer => ({
  round,
  worker,
  status,
  remoteAddr: '172.18.0.1',
  rateLimit,
});

test('a process that still lets requests through after another answered 429 is a count per process', () => {
  const j = judgeLimit([a(0, 'w1', 200), a(1, 'w1', 200), a(2, 'w1', 429), a(3, 'w2', 200), a(4, 'w1', 429)]);
  expect(j.verdict).toBe('per-process');
  expect(j.total).toBe(3);
  expect(j.firstRefusal).toEqual({ worker: 'w1', through: 2 });
  expect(j.reason).toBe('w2 still let 1 request(s) through after w1 had answered 429');
  expect(throughList(j)).toBe('w1: 2, w2: 1');
});

test('once one process answers 429 every other does too: one shared count', () => {
  const j = judgeLimit([a(0, 'w1', 200), a(1, 'w2', 401), a(2, 'w1', 200), a(3, 'w2', 429), a(4, 'w1', 429)]);
  expect(j.verdict).toBe('shared');
  expect(j.total).toBe(3);
});

test('answers of one round are simultaneous: a 200 beside a 429 in the same round proves nothing', () => {
  const j = judgeLimit([a(0, 'w1', 200), a(1, 'w1', 200), a(2, 'w1', 429), a(2, 'w2', 200)]);
  expect(j.verdict).toBe('shared');
});

test('the 429s before the first request let through were asked while the limit still held: dropped', () => {
  const j = judgeLimit([
    a(0, 'w1', 429),
    a(1, 'w2', 429),
    a(2, 'w2', 200),
    a(3, 'w2', 200),
    a(4, 'w1', 200),
    a(5, 'w2', 429),
  ]);
  expect(j.verdict).toBe('shared');
  expect(j.total).toBe(3);
});

test('more let through than X-RateLimit-Limit declares, or one Remaining twice in a window: per process', () => {
  const h = (remaining: number) => ({ limit: 2, remaining, reset: 1000, retryAfter: 10 });
  const over = judgeLimit([a(0, 'w1', 200, h(1)), a(1, 'w2', 200, h(0)), a(2, 'w1', 200, h(0)), a(3, 'w1', 429, h(0))]);
  expect(over.verdict).toBe('per-process');
  expect(over.reason).toContain('3 requests got through a limit the app declares as 2');
  const twice = judgeLimit([
    a(0, 'w1', 200, { ...h(1), limit: null }),
    a(1, 'w2', 200, { ...h(1), limit: null }),
    a(2, 'w1', 429, { ...h(0), limit: null }),
  ]);
  expect(twice.verdict).toBe('per-process');
  expect(twice.reason).toContain('X-RateLimit-Remaining: 1 in the same window');
});

test('undecided: no 429, only 429s, a window that ended while measuring, every process refusing at once', () => {
  expect(judgeLimit([a(0, 'w1', 200), a(1, 'w1', 200)]).verdict).toBe('undecided');
  expect(statusCounts([a(0, 'w1', 200), a(1, 'w1', 200)])).toBe('200 ×2');
  expect(judgeLimit([a(0, 'w1', 429), a(1, null, 0), a(2, null, 429)]).reason).toBe(
    'no request was let through (429 ×1, no answer ×1, 429 not from the app ×1)',
  );
  const reopened = judgeLimit([a(0, 'w1', 200), a(1, 'w1', 429), a(2, 'w2', 200), a(3, 'w1', 200)]);
  expect(reopened.verdict).toBe('undecided');
  expect(reopened.reason).toContain('w1 refused and later let requests through again');
  const even = judgeLimit([a(0, 'w1', 200), a(1, 'w2', 200), a(2, 'w1', 429), a(3, 'w2', 429)]);
  expect(even.verdict).toBe('undecided');
  expect(even.reason).toContain('every process let 1 through and then refused at the same moment');
});

test('the limit holds everywhere once every process seen refused since the last request let through', () => {
  expect(refusedEverywhere([a(0, 'w1', 200), a(1, 'w1', 429), a(1, 'w2', 429)], 2)).toBe(true);
  expect(refusedEverywhere([a(0, 'w1', 429), a(1, 'w2', 200), a(2, 'w2', 429)], 2)).toBe(false);
  expect(refusedEverywhere([a(0, 'w1', 429), a(0, 'w1', 429)], 2)).toBe(false);
});

test('the wait for a limit to lift: the longest Retry-After, else the latest Reset, else unknown', () => {
  const r = (retryAfter: number | null, reset: number | null) => ({ limit: 5, remaining: 0, reset, retryAfter });
  expect(liftWaitMs([a(0, 'w1', 429, r(3, null)), a(1, 'w2', 429, r(14, null))], 0)).toBe(15_000);
  expect(liftWaitMs([a(0, 'w1', 429, r(null, 1010)), a(1, 'w2', 429, r(null, 1004))], 1000)).toBe(11_000);
  expect(liftWaitMs([a(0, 'w1', 429, r(3600, null))], 0)).toBe(65_000);
  expect(liftWaitMs([a(0, 'w1', 429)], 0)).toBeNull();
  expect(searchBound(1)).toBe(60);
  expect(searchBound(4)).toBe(200);
});

/** A simulated app: `processes` processes chosen by `route`, a fixed window of `limit` per `windowMs` starting at
 * its first hit (Flask-Limiter's default), counted per process or once, on a clock every request advances. */
function simulatedApp(options: {
  processes: number;
  shared: boolean;
  limit: number;
  windowMs: number;
  headers: boolean;
  route: (n: number) => number;
}): { ask: Ask; clock: Clock; sent: () => number } {
  let now = 0;
  let sent = 0;
  const windows = new Map<string, { start: number; count: number }>();
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
  const ask: Ask = async () => {
    now += 5;
    const worker = `app/${options.route(sent++)}`;
    const key = options.shared ? 'one' : worker;
    let w = windows.get(key);
    if (!w || now >= w.start + options.windowMs) windows.set(key, (w = { start: now, count: 0 }));
    w.count += 1;
    const through = w.count <= options.limit;
    const rateLimit = options.headers
      ? {
          limit: options.limit,
          remaining: Math.max(0, options.limit - w.count),
          reset: Math.ceil((w.start + options.windowMs) / 1000),
          retryAfter: Math.ceil((w.start + options.windowMs - now) / 1000),
        }
      : noHeaders;
    return { status: through ? 200 : 429, worker, remoteAddr: '172.18.0.1', rateLimit };
  };
  return { ask, clock, sent: () => sent };
}

/** A fixed sequence of pseudo-random process numbers (no Math.random: a unit test gives one answer). */
const seeded = (processes: number) => {
  let x = 2463534242;
  return () => {
    // xorshift32
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % processes;
  };
};

for (const headers of [true, false])
  test(`a count per process is found after 4x the limit behind 4 processes; a shared one is not (headers: ${headers})`, async () => {
    for (const shared of [false, true]) {
      const pick = seeded(4);
      const sim = simulatedApp({ processes: 4, shared, limit: 5, windowMs: 15_000, headers, route: () => pick() });
      const found = await findLimit(
        [
          { route: '/', ask: async () => ({ status: 200, worker: 'app/0', remoteAddr: null, rateLimit: noHeaders }) },
          { route: '/login', ask: sim.ask },
        ],
        4,
        40_000,
        sim.clock,
      );
      expect(found?.route).toBe('/login');
      // What an earlier test left over is spent and waited out: the measurement starts from a full allowance.
      const m = await measureLimit(sim.ask, 4, sim.clock);
      expect(m.waitedMs).toBeGreaterThan(0);
      const j = judgeLimit(m.measured);
      expect(j.verdict, j.reason).toBe(shared ? 'shared' : 'per-process');
      expect(j.total).toBe(shared ? 5 : 20);
      expect(sim.sent()).toBeLessThan(200);
    }
  });

test('a perfectly even round robin without headers leaves a count per process undecided, never shared', async () => {
  const sim = simulatedApp({
    processes: 2,
    shared: false,
    limit: 5,
    windowMs: 10_000,
    headers: false,
    route: (n) => n % 2,
  });
  await findLimit([{ route: '/login', ask: sim.ask }], 2, 40_000, sim.clock);
  const j = judgeLimit((await measureLimit(sim.ask, 2, sim.clock)).measured);
  expect(j.verdict).toBe('undecided');
});

test('no route answers 429 within the bound: findLimit gives up after searchBound requests each', async () => {
  const sim = simulatedApp({
    processes: 1,
    shared: true,
    limit: 1000,
    windowMs: 60_000,
    headers: false,
    route: () => 0,
  });
  expect(await findLimit([{ route: '/', ask: sim.ask }], 1, 40_000, sim.clock)).toBeNull();
  expect(sim.sent()).toBe(60);
});
