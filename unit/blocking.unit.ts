// Unit: whether a slow route holds up the others (lib/porting/blocking.ts): which routes are compared, and
// the judgement on the fast route's waits, a queue behind busy workers against a free thread and noise.
import { expect, test } from '@playwright/test';
import { headStartMs, judgeHold, slowAndFast } from '../lib/porting/blocking.js';

test('the slowest and fastest answering routes are compared; too few or nothing slow is a reason', () => {
  const pair = slowAndFast([
    { path: '/', status: 200, ms: 12 },
    { path: '/report', status: 200, ms: 2100 },
    { path: '/broken', status: 500, ms: 5000 },
    { path: '/health', status: 200, ms: 4 },
  ]);
  expect(pair).toEqual({
    slow: { path: '/report', status: 200, ms: 2100 },
    fast: { path: '/health', status: 200, ms: 4 },
  });
  expect(slowAndFast([{ path: '/', status: 200, ms: 900 }])).toEqual({
    reason: '1 route without arguments answers GET: nothing to time beside a slow one',
  });
  expect(
    slowAndFast([
      { path: '/', status: 200, ms: 12 },
      { path: '/a', status: 302, ms: 610 },
    ]),
  ).toEqual({
    reason:
      'no route takes 1 s or more (the slowest, GET /a, took 0.61 s): nothing slow enough to hold a process noticeably',
  });
});

test('a fast route that waits for the slow ones is held; one that answers at once, or once late, is not', () => {
  const slowMs = 2000;
  const start = headStartMs(slowMs);
  expect(start).toBe(150);
  expect(headStartMs(600)).toBe(120);
  // Behind two sync workers busy for 2 s: about 1.85 s of waiting, both tries.
  expect(judgeHold({ slowMs, fastAloneMs: 10, fastDuringMs: [1870, 1862], headStartMs: start })).toEqual({
    held: true,
    waitedMs: 1852,
    reason: 'it waited 1.85 s of the 1.85 s the slow requests still had to run',
  });
  // A thread free for it: answered at once; one try slowed by a busy machine does not make it held.
  expect(judgeHold({ slowMs, fastAloneMs: 10, fastDuringMs: [14, 1300], headStartMs: start }).held).toBe(false);
  expect(judgeHold({ slowMs, fastAloneMs: 10, fastDuringMs: [945], headStartMs: start }).held).toBe(true);
  expect(judgeHold({ slowMs, fastAloneMs: 10, fastDuringMs: [900], headStartMs: start }).held).toBe(false);
  expect(() => judgeHold({ slowMs, fastAloneMs: 10, fastDuringMs: [], headStartMs: start })).toThrow(/no try/);
});
