/**
 * What the load run measures, declared once: the endpoints, the concurrency levels, how long and how often
 * each point runs. The bench test, its expectations, the page and the README all read these numbers.
 */
import type { ProbeClient } from '../lib/clients/probe-client.js';

/** Open connections, each sending its next request as soon as the last one is answered. */
export const connectionLevels = [1, 8, 64] as const;
/** The highest level: where expectations are checked, stacks ranked and the yardstick and cost measured. */
export const mostConnections = connectionLevels[connectionLevels.length - 1] ?? 64;
/** Runs per point: the page shows their spread, not one number. */
export const runsPerPoint = 3;
/** Seconds per run (autocannon's `duration`); with the drain after each, the whole bench stays bounded. */
export const secondsPerRun = 1;
/** Seconds of the under-load sample for the stack's memory and CPU. */
export const costSampleSeconds = 3;

/** The I/O-bound answer's wait: a sync worker is held for it, a thread is not. */
export const ioSleepSeconds = 0.02;
/** The CPU-bound answer's own CPU time: threads of one process take turns on the GIL for it. */
export const cpuMilliseconds = 10;

export interface Endpoint {
  id: 'tiny-json' | 'io-bound' | 'cpu-bound' | 'static-64k' | 'cacheable';
  title: string;
  /** The URL through the stack's entry; `key` keeps this run's cache entries its own. */
  url: (client: ProbeClient, key: string) => string;
}

export const endpoints: readonly Endpoint[] = [
  { id: 'tiny-json', title: 'tiny JSON answer (/api/health)', url: (c) => c.route('health') },
  {
    id: 'io-bound',
    title: `I/O-bound answer (a ${ioSleepSeconds * 1000} ms sleep)`,
    url: (c) => c.route('sleep', { s: ioSleepSeconds }),
  },
  {
    id: 'cpu-bound',
    title: `CPU-bound answer (${cpuMilliseconds} ms of pure Python)`,
    url: (c) => c.route('cpu', { ms: cpuMilliseconds }),
  },
  { id: 'static-64k', title: '64 KiB static file (/static/known-64k.txt)', url: (c) => c.url('/static/known-64k.txt') },
  {
    id: 'cacheable',
    title: 'cacheable answer (Cache-Control: public, max-age=30)',
    url: (c, key) => c.cacheableRoute({ key }),
  },
];
