// Unit: what the load run measures (bench/plan.ts): its levels, and the URL each endpoint asks through a stack.
import { expect, test } from '@playwright/test';
import { connectionLevels, endpoints, mostConnections, runsPerPoint, secondsPerRun } from '../bench/plan.js';
import { ProbeClient } from '../lib/clients/probe-client.js';

test('the levels rise, and the highest of them is the one where stacks are ranked', () => {
  expect([...connectionLevels]).toEqual([...connectionLevels].sort((a, b) => a - b));
  expect(new Set(connectionLevels).size).toBe(connectionLevels.length);
  expect(mostConnections).toBe(Math.max(...connectionLevels));
});

test('a point has runs enough for a median and a spread, each run a positive length', () => {
  expect(runsPerPoint).toBeGreaterThanOrEqual(3);
  expect(runsPerPoint % 2).toBe(1);
  expect(secondsPerRun).toBeGreaterThan(0);
});

test("each endpoint has its own id, and asks through the stack's entry, the cacheable one under this run's key", () => {
  const client = new ProbeClient('http://127.0.0.1:8080');
  const urls = Object.fromEntries(endpoints.map((e) => [e.id, e.url(client, 'run-1')]));
  expect(new Set(endpoints.map((e) => e.id)).size).toBe(endpoints.length);
  expect(urls).toEqual({
    'tiny-json': 'http://127.0.0.1:8080/api/health',
    'io-bound': 'http://127.0.0.1:8080/api/sleep?s=0.02',
    'cpu-bound': 'http://127.0.0.1:8080/api/cpu?ms=10',
    'static-64k': 'http://127.0.0.1:8080/static/known-64k.txt',
    cacheable: 'http://127.0.0.1:8080/api/cacheable?key=run-1',
  });
});

test("an endpoint's title states the numbers it asks for", () => {
  const title = (id: string) => endpoints.find((e) => e.id === id)?.title;
  expect(title('io-bound')).toBe('I/O-bound answer (a 20 ms sleep)');
  expect(title('cpu-bound')).toBe('CPU-bound answer (10 ms of pure Python)');
});
