// Unit: the load run's figures (bench/results.ts): the spread of a point's runs, a point's totals, and whether
// two runs rank the stacks alike or differ within the spread.
import { expect, test } from '@playwright/test';
import type { Run } from '../bench/load-generator.js';
import type { Endpoint } from '../bench/plan.js';
import {
  type BenchFile,
  compareOrdering,
  findPoint,
  ordering,
  type Point,
  pointOf,
  spread,
  type StackBench,
} from '../bench/results.js';

const run = (over: Partial<Run>): Run => ({
  rps: 100,
  p50: 5,
  p90: 9,
  p99: 20,
  answered: 100,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  generatorCores: 0.3,
  ...over,
});

test('the spread of runs: the median (the middle one, or the mean of the two middle ones), lowest and highest', () => {
  expect(spread([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30 });
  expect(spread([40, 10, 30, 20])).toEqual({ median: 25, min: 10, max: 40 });
  expect(spread([7])).toEqual({ median: 7, min: 7, max: 7 });
  expect(spread([])).toEqual({ median: 0, min: 0, max: 0 });
});

test('the spread leaves the runs as they were measured', () => {
  const values = [3, 1, 2];
  spread(values);
  expect(values).toEqual([3, 1, 2]);
});

test("a point: each figure's spread over its runs, failures summed, the generator's busiest run", () => {
  const point = pointOf(
    'tiny-json',
    8,
    [
      run({ rps: 900, p99: 30, errors: 1, generatorCores: 0.4 }),
      run({ rps: 1100, p99: 10, timeouts: 2, generatorCores: 0.9 }),
      run({ rps: 1000, p99: 20, non2xx: 3, errors: 1, generatorCores: 0.5 }),
    ],
    1,
  );
  expect(point).toMatchObject({
    endpoint: 'tiny-json',
    connections: 8,
    rps: { median: 1000, min: 900, max: 1100 },
    p99: { median: 20, min: 10, max: 30 },
    errors: 2,
    timeouts: 2,
    non2xx: 3,
    generatorCores: 0.9,
    latencyIsFloor: false,
  });
  expect(point.runs).toHaveLength(3);
});

test("latencies are a floor once any run's p99 takes 80 % of the run's length or more", () => {
  expect(pointOf('io-bound', 64, [run({ p99: 799 })], 1).latencyIsFloor).toBe(false);
  expect(pointOf('io-bound', 64, [run({ p99: 100 }), run({ p99: 800 })], 1).latencyIsFloor).toBe(true);
  expect(pointOf('io-bound', 64, [run({ p99: 1500 })], 2).latencyIsFloor).toBe(false);
});

const point = (endpoint: Endpoint['id'], connections: number, rps: [number, number, number]): Point =>
  pointOf(
    endpoint,
    connections,
    rps.map((r) => run({ rps: r })),
    1,
  );

const bench = (stack: string, points: Point[]): StackBench => ({
  stack,
  title: stack,
  measuredAt: '2026-01-01T00:00:00Z',
  points,
  cost: { idle: [], underLoad: [], load: '' },
  yardstick: null,
  cacheable: { reachedApp: 0, sent: 0 },
  workersBooted: {},
});

const file = (...stacks: StackBench[]): BenchFile => ({ schema: 1, generatedAt: '', machine: '', stacks });

test('a point is found by endpoint and connections, and only so', () => {
  const b = bench('gunicorn', [point('tiny-json', 1, [1, 2, 3]), point('tiny-json', 64, [4, 5, 6])]);
  expect(findPoint(b, 'tiny-json', 64)?.rps.median).toBe(5);
  expect(findPoint(b, 'io-bound', 64)).toBeUndefined();
});

test('stacks rank from most to fewest requests per second by median; a stack without that point is left out', () => {
  const f = file(
    bench('dev', [point('tiny-json', 64, [100, 500, 110])]),
    bench('nginx', [point('tiny-json', 64, [300, 310, 320])]),
    bench('gunicorn', [point('tiny-json', 64, [200, 210, 900])]),
    bench('dev-debug', [point('cpu-bound', 64, [1, 1, 1])]),
  );
  expect(ordering(f, 'tiny-json', 64)).toEqual(['nginx', 'gunicorn', 'dev']);
});

test('the same ordering as the previous run, counting only the stacks both runs measured', () => {
  const now = file(
    bench('nginx', [point('tiny-json', 64, [300, 300, 300])]),
    bench('dev', [point('tiny-json', 64, [100, 100, 100])]),
  );
  const previous = file(
    bench('nginx', [point('tiny-json', 64, [310, 310, 310])]),
    bench('gunicorn', [point('tiny-json', 64, [400, 400, 400])]),
    bench('dev', [point('tiny-json', 64, [90, 90, 90])]),
  );
  expect(compareOrdering(now, previous, 'tiny-json', 64)).toEqual({ same: true });
});

test('a swapped pair whose rates overlap over both runs is within the spread; each swapped pair named in the new order', () => {
  const previous = file(
    bench('nginx', [point('tiny-json', 64, [300, 320, 340])]),
    bench('gunicorn', [point('tiny-json', 64, [280, 290, 300])]),
    bench('dev', [point('tiny-json', 64, [100, 100, 100])]),
  );
  const now = file(
    bench('nginx', [point('tiny-json', 64, [290, 295, 300])]),
    bench('gunicorn', [point('tiny-json', 64, [296, 310, 320])]),
    bench('dev', [point('tiny-json', 64, [90, 100, 110])]),
  );
  expect(compareOrdering(now, previous, 'tiny-json', 64)).toEqual({
    same: false,
    withinSpread: true,
    swapped: [['gunicorn', 'nginx']],
  });
});

test('a swapped pair whose rates lie apart in each run is a finding, not noise', () => {
  const previous = file(
    bench('nginx', [point('tiny-json', 64, [300, 320, 340])]),
    bench('gunicorn', [point('tiny-json', 64, [100, 110, 120])]),
  );
  const now = file(
    bench('nginx', [point('tiny-json', 64, [100, 110, 120])]),
    bench('gunicorn', [point('tiny-json', 64, [500, 510, 520])]),
  );
  expect(compareOrdering(now, previous, 'tiny-json', 64)).toEqual({
    same: false,
    withinSpread: false,
    swapped: [['gunicorn', 'nginx']],
  });
});
