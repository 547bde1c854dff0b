/**
 * The load itself: autocannon (in this process, so its own CPU is measurable) for every point, and Debian's
 * wrk where installed, as a yardstick for how much of a figure is the generator's limit rather than the
 * server's. Both talk to 127.0.0.1 only, for a bounded time.
 */
import { execFile } from 'node:child_process';
import autocannon from 'autocannon';

export interface Run {
  /** Answers with a 2xx status per second of the run. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  /** Every request that got an answer. */
  answered: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Cores this process (the generator) used during the run: 1.0 is one core fully busy. */
  generatorCores: number;
}

const timeoutSeconds = 10;

/** The parts of autocannon's per-connection client (lib/httpClient.js, 8.0) that the fix below touches. */
interface AutocannonClient {
  on(event: 'headers', listener: (info: { shouldKeepAlive: boolean }) => void): void;
  _doRequest: () => void;
  _resetConnection: () => void;
}

/**
 * Every WSGI server here answers `Connection: close`. autocannon 8.0 then writes its next request on the
 * connection the server is closing, and keeps that lost request at the head of its queue: every later
 * latency is timed from an ever older start and half the requests sent are lost (measured against Gunicorn
 * at one connection: p50 257 ms over a 1 s run, 814 ms over 3 s, where wrk says 0.7 ms). So a client whose
 * answer said close opens a new connection for its next request instead, as any HTTP client must; its
 * figures then agree with wrk's (64 connections: p50 45 vs 57 ms, p99 218 vs 191 ms, 976 vs 955 requests/s).
 */
function reconnectAfterClose(client: AutocannonClient): void {
  let closing = false;
  const send = client._doRequest.bind(client);
  client.on('headers', (info) => {
    closing = !info.shouldKeepAlive;
  });
  client._doRequest = () => {
    if (!closing) return send();
    closing = false;
    // Drops the closed connection and its queue, connects again, and sends from there (through this method).
    client._resetConnection();
  };
}

export async function runLoad(url: string, connections: number, seconds: number): Promise<Run> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the load only goes to 127.0.0.1, not ${url}`);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: timeoutSeconds,
    pipelining: 1,
    setupClient: reconnectAfterClose as unknown as autocannon.Options['setupClient'],
  });
  const wallMicros = (performance.now() - started) * 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    answered: result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    generatorCores: (cpu.user + cpu.system) / wallMicros,
  };
}

/** Whether Debian's wrk is on PATH (`apt-get install wrk`; scripts/install.sh installs it). */
export function wrkAvailable(): Promise<boolean> {
  return new Promise((resolve) =>
    execFile('wrk', ['--version'], (error, stdout, stderr) => resolve(/^wrk /m.test(`${stdout}${stderr}`))),
  );
}

/** Requests per second wrk gets on the same URL (one thread: the machine has two cores and a server to run). */
export function wrkRps(url: string, connections: number, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(
      'wrk',
      ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', `${timeoutSeconds}s`, url],
      { timeout: (seconds + 20) * 1000 },
      (error, stdout) => {
        const match = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
        if (error || !match)
          return reject(new Error(`wrk failed on ${url}: ${error?.message ?? stdout.trim().split('\n').pop()}`));
        const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
        const total = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
        // Count 2xx only, as for autocannon.
        resolve(total > 0 ? (Number(match[1]) * (total - non2xx)) / total : 0);
      },
    );
  });
}
