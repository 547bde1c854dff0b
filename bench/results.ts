/**
 * The load run's figures as data: one Point per stack, endpoint and concurrency (its runs, and their median,
 * min and max), each stack's cost, the generator yardstick; and the questions a reader asks of two runs
 * (does the ordering of the stacks hold, or does it differ within the spread).
 */
import type { Run } from './load-generator.js';
import type { ContainerCost } from './container-cost.js';
import type { Endpoint } from './plan.js';

/** The attachment that carries a stack's StackBench from the bench test to the bench reporter. */
export const benchAttachmentName = 'bench';

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface Point {
  endpoint: Endpoint['id'];
  connections: number;
  runs: Run[];
  rps: Spread;
  p50: Spread;
  p90: Spread;
  p99: Spread;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** The most of one core the generator used in any run of the point: near 1.0, the figure is its limit. */
  generatorCores: number;
  /**
   * A request still queued when its run ends is never timed, so where the slowest answers take about a run's
   * length the latencies are a floor, not the figure (a server that queues more than a run's worth).
   */
  latencyIsFloor: boolean;
}

export interface StackBench {
  stack: string;
  title: string;
  measuredAt: string;
  points: Point[];
  cost: { idle: ContainerCost[]; underLoad: ContainerCost[]; load: string };
  /** autocannon / wrk requests per second on this stack's fastest point, where wrk is installed. */
  yardstick: { endpoint: Endpoint['id']; connections: number; autocannon: number; wrk: number; ratio: number } | null;
  /** Requests for this run's cacheable key that reached the app, of those the generator sent. */
  cacheable: { reachedApp: number; sent: number };
  /** Gunicorn workers started during the load (max_requests recycling), per replica. */
  workersBooted: Record<string, number>;
}

export interface BenchFile {
  schema: 1;
  generatedAt: string;
  machine: string;
  stacks: StackBench[];
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

/** Slowest answers within this share of the run's length: the latency figures are a floor. */
const censoredShare = 0.8;

export function pointOf(endpoint: Endpoint['id'], connections: number, runs: Run[], secondsPerRun: number): Point {
  const sum = (pick: (r: Run) => number) => runs.reduce((total, r) => total + pick(r), 0);
  return {
    endpoint,
    connections,
    runs,
    rps: spread(runs.map((r) => r.rps)),
    p50: spread(runs.map((r) => r.p50)),
    p90: spread(runs.map((r) => r.p90)),
    p99: spread(runs.map((r) => r.p99)),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    generatorCores: Math.max(...runs.map((r) => r.generatorCores)),
    latencyIsFloor: runs.some((r) => r.p99 >= censoredShare * secondsPerRun * 1000),
  };
}

export function findPoint(bench: StackBench, endpoint: Endpoint['id'], connections: number): Point | undefined {
  return bench.points.find((p) => p.endpoint === endpoint && p.connections === connections);
}

/** Stacks from most to fewest requests per second on one point (medians). */
export function ordering(file: BenchFile, endpoint: Endpoint['id'], connections: number): string[] {
  return file.stacks
    .filter((s) => findPoint(s, endpoint, connections))
    .sort(
      (a, b) =>
        (findPoint(b, endpoint, connections)?.rps.median ?? 0) - (findPoint(a, endpoint, connections)?.rps.median ?? 0),
    )
    .map((s) => s.stack);
}

export type OrderVerdict = { same: true } | { same: false; withinSpread: boolean; swapped: [string, string][] };

/**
 * Whether this run ranks the stacks as the previous one did on a point. Where it does not, a swapped pair is
 * within the spread if, in either run, the two stacks' ranges (lowest to highest rate of its repeats) overlap:
 * that run could not tell them apart. Apart in both runs and in the other order, it is a finding.
 */
export function compareOrdering(
  now: BenchFile,
  previous: BenchFile,
  endpoint: Endpoint['id'],
  connections: number,
): OrderVerdict {
  const a = ordering(now, endpoint, connections);
  const b = ordering(previous, endpoint, connections).filter((s) => a.includes(s));
  const common = a.filter((s) => b.includes(s));
  if (common.join() === b.join()) return { same: true };
  const swapped: [string, string][] = [];
  for (let i = 0; i < common.length; i += 1)
    for (let j = i + 1; j < common.length; j += 1) {
      const [x, y] = [common[i] ?? '', common[j] ?? ''];
      if (b.indexOf(x) > b.indexOf(y)) swapped.push([x, y]);
    }
  const rangeIn = (file: BenchFile, stack: string): Spread | undefined => {
    const bench = file.stacks.find((s) => s.stack === stack);
    return bench && findPoint(bench, endpoint, connections)?.rps;
  };
  const overlapIn = (file: BenchFile, x: string, y: string) => {
    const [rx, ry] = [rangeIn(file, x), rangeIn(file, y)];
    return !rx || !ry || (rx.min <= ry.max && ry.min <= rx.max);
  };
  // Noise where either run could not tell the two apart; a finding where each run kept them apart, in turn.
  const overlap = (x: string, y: string) => overlapIn(now, x, y) || overlapIn(previous, x, y);
  return { same: false, withinSpread: swapped.every(([x, y]) => overlap(x, y)), swapped };
}
