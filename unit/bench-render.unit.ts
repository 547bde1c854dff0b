// Unit: the bench page's verdicts (bench/bench-render.ts): which points are the generator's limit rather than
// the server's, and the ordering line per endpoint against the previous run.
import { expect, test } from '@playwright/test';
import { generatorBound, orderingLines, yardstickTarget } from '../bench/bench-render.js';
import type { Run } from '../bench/load-generator.js';
import { endpoints, mostConnections } from '../bench/plan.js';
import { type BenchFile, pointOf, type StackBench } from '../bench/results.js';

const run = (rps: number, generatorCores = 0.3): Run => ({
  rps,
  p50: 1,
  p90: 2,
  p99: 3,
  answered: rps,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  generatorCores,
});

const bench = (stack: string, over: Partial<StackBench> = {}): StackBench => ({
  stack,
  title: stack,
  measuredAt: '',
  points: endpoints.map((e) => pointOf(e.id, mostConnections, [run(100)], 1)),
  cost: { idle: [], underLoad: [], load: '' },
  yardstick: null,
  cacheable: { reachedApp: 0, sent: 0 },
  workersBooted: {},
  ...over,
});

const file = (...stacks: StackBench[]): BenchFile => ({ schema: 1, generatedAt: '', machine: '', stacks });

test('a point where the generator used 0.9 of a core or more is its limit, named stack, endpoint and level', () => {
  const busy = bench('nginx', {
    points: [pointOf('tiny-json', 64, [run(5000, 0.95)], 1), pointOf('tiny-json', 8, [run(3000, 0.5)], 1)],
  });
  expect(generatorBound(file(busy))).toEqual(['nginx tiny-json ×64']);
});

test("where autocannon reached less than the yardstick target of wrk's rate, points within 80 % of its rate are bound", () => {
  const yardstick = { endpoint: 'tiny-json' as const, connections: 64, autocannon: 1000, wrk: 2000, ratio: 0.5 };
  expect(yardstick.ratio).toBeLessThan(yardstickTarget);
  const stack = bench('gunicorn', {
    yardstick,
    points: [
      pointOf('tiny-json', 64, [run(1000)], 1),
      pointOf('static-64k', 64, [run(799)], 1),
      pointOf('io-bound', 64, [run(800)], 1),
    ],
  });
  expect(generatorBound(file(stack))).toEqual(['gunicorn tiny-json ×64', 'gunicorn io-bound ×64']);
  expect(generatorBound(file({ ...stack, yardstick: { ...yardstick, wrk: 1100, ratio: 0.91 } }))).toEqual([]);
});

test('without a previous run of two stacks there is one line saying so; with one, a line per endpoint', () => {
  expect(orderingLines(file(bench('dev')), undefined)).toEqual([
    'No previous run with two or more stacks to compare the ordering with.',
  ]);
  expect(orderingLines(file(bench('dev')), file(bench('dev')))).toHaveLength(1);
  const lines = orderingLines(file(bench('dev'), bench('nginx')), file(bench('dev'), bench('nginx')));
  expect(lines).toHaveLength(endpoints.length);
  expect(lines[0]).toBe(
    `${endpoints[0]?.title}, ${mostConnections} connections: same ordering of the stacks as the previous run.`,
  );
});
