// Unit: the margins timing assertions allow (lib/run/tolerances.ts): the alternatives a spec tells apart
// never meet inside one margin.
import { expect, test } from '@playwright/test';
import {
  expectCpuSpeedup,
  expectKilledAfterLimit,
  expectRanToTheEnd,
  expectRounds,
  showsCpuSpeedup,
  waitedForSlowClientMs,
} from '../lib/run/tolerances.js';

test('a burst of 1, 2, 4 or 8 rounds is told apart from its neighbours', () => {
  for (const rounds of [1, 2, 4, 8]) expect(() => expectRounds(rounds, rounds, 'burst')).not.toThrow();
  expect(() => expectRounds(1.85, 1, 'burst')).not.toThrow();
  expect(() => expectRounds(2, 1, 'burst')).toThrow(/burst: at most 1 round\(s\) and some scheduling/);
  expect(() => expectRounds(1, 2, 'burst')).toThrow(/burst: at least 2 round\(s\)/);
  expect(() => expectRounds(3, 4, 'burst')).toThrow(/at least 4 round/);
});

test('one process shows no speed-up below 1.2; two processes need more than 1.4, three more than 1.8', () => {
  expect(showsCpuSpeedup(1.0, 1)).toBe(true);
  expect(showsCpuSpeedup(1.19, 1)).toBe(true);
  expect(showsCpuSpeedup(1.2, 1)).toBe(false);
  expect(showsCpuSpeedup(1.41, 2)).toBe(true);
  expect(showsCpuSpeedup(1.4, 2)).toBe(false);
  expect(showsCpuSpeedup(1.79, 3)).toBe(false);
  expect(showsCpuSpeedup(1.81, 3)).toBe(true);
});

test('the CPU speed-up assertion holds exactly where showsCpuSpeedup says the measure shows the processes', () => {
  for (const [speedup, parallelism] of [
    [1.0, 1],
    [1.3, 1],
    [1.3, 2],
    [1.7, 2],
    [1.7, 2.5],
    [1.5, 1.5],
  ] as const) {
    const holds = showsCpuSpeedup(speedup, parallelism);
    if (holds) expect(() => expectCpuSpeedup(speedup, parallelism)).not.toThrow();
    else expect(() => expectCpuSpeedup(speedup, parallelism)).toThrow(/CPU speed-up/);
  }
});

test('a request behind a slow client waited 70 % of the time the client still held the server', () => {
  expect(waitedForSlowClientMs(2000, 500)).toBeCloseTo(1050);
  expect(waitedForSlowClientMs(1000, 0)).toBeCloseTo(700);
});

test("a worker killed by timeout: not before 90 % of the limit, and before the handler's own end plus a second", () => {
  expect(() => expectKilledAfterLimit(1900, 2, 5)).not.toThrow();
  expect(() => expectKilledAfterLimit(5900, 2, 5)).not.toThrow();
  expect(() => expectKilledAfterLimit(1700, 2, 5)).toThrow(/killed no earlier than the timeout/);
  expect(() => expectKilledAfterLimit(6000, 2, 5)).toThrow(/killed before the handler would have finished/);
});

test('a handler nobody interrupts ran its own time, less 5 %', () => {
  expect(() => expectRanToTheEnd(1950, 2)).not.toThrow();
  expect(() => expectRanToTheEnd(1899, 2)).toThrow(/the handler ran to the end/);
});
