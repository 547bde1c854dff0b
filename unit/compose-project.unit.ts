// Unit: the compose-project core's waits, on a fake clock (lib/stacks/compose-project.ts): the one readiness
// loop and its timeout message, settling a log on a marker, and which container ends a start.
import { expect, test } from '@playwright/test';
import type { ContainerState } from '../lib/docker/cli.js';
import {
  type Clock,
  endedContainer,
  lastLogLine,
  type Look,
  NotReadyError,
  pollUntilReady,
  untilMarked,
} from '../lib/stacks/compose-project.js';

/** A clock that moves only when waited on: a wait of seconds takes none, and its length can be read. */
function fakeClock(): Clock & { waited: number } {
  const clock = {
    waited: 0,
    now: () => clock.waited,
    sleep: async (ms: number) => {
      clock.waited += ms;
    },
  };
  return clock;
}

/** Looks that answer in turn, the last one from then on. */
const looks = <T>(...answers: Look<T>[]) => {
  let asked = 0;
  return () => Promise.resolve(answers[Math.min(asked++, answers.length - 1)]!);
};

test('ready at the third look: the value of that look, after two intervals', async () => {
  const clock = fakeClock();
  const port = await pollUntilReady(
    looks<number>({ waiting: 'a' }, { waiting: 'b' }, { ready: 8080 }),
    10_000,
    100,
    clock,
  );
  expect(port).toBe(8080);
  expect(clock.waited).toBe(200);
});

test('never ready: at the deadline, what it last waited for and HTTP_TEST_STARTUP_TIMEOUT', async () => {
  const clock = fakeClock();
  const wait = pollUntilReady(looks<number>({ waiting: 'app: 1 of 2 ready lines' }), 1_000, 100, clock);
  await expect(wait).rejects.toThrow(NotReadyError);
  await expect(wait).rejects.toThrow(
    'not ready within the start-up timeout (app: 1 of 2 ready lines); raise HTTP_TEST_STARTUP_TIMEOUT if the machine is just slow',
  );
  expect(clock.waited).toBe(1_000);
});

test('a look that knows waiting cannot help ends the wait at once', async () => {
  const clock = fakeClock();
  const look = () => Promise.reject(new NotReadyError("proxy refused the run's own user (407)"));
  await expect(pollUntilReady(look, 10_000, 100, clock)).rejects.toThrow('(407)');
  expect(clock.waited).toBe(0);
});

/** A log that receives the marker `times` times, one line per read, from the read `from` on. */
function slowLog(marker: string, from: number, times: number) {
  let reads = 0;
  return {
    get reads() {
      return reads;
    },
    read: async () => {
      reads += 1;
      const lines = ['2026-12-01T20:00:00Z GET /api/health 200'];
      for (let i = 0; i < times && reads >= from + i; i += 1) lines.push(`2026-12-01T20:00:01Z ${marker}`);
      return lines.join('\n');
    },
  };
}

test('a settled log is read once the marker shows as often as it was written', async () => {
  const log = slowLog('m-1', 2, 2);
  const settled = await untilMarked(
    log.read,
    { marker: 'm-1', times: 2, timeoutMs: 5_000, intervalMs: 50, write: async () => true },
    fakeClock(),
  );
  expect(settled?.split('\n')).toHaveLength(3);
  // The first marker shows at the 2nd read, the second at the 3rd: one marker of two is not enough.
  expect(log.reads).toBe(3);
});

test('a marker that never shows: undefined after the timeout; nothing written: undefined at once', async () => {
  const clock = fakeClock();
  const never = slowLog('m-2', Number.POSITIVE_INFINITY, 1);
  expect(
    await untilMarked(
      never.read,
      { marker: 'm-2', times: 1, timeoutMs: 5_000, intervalMs: 50, write: async () => true },
      clock,
    ),
  ).toBeUndefined();
  expect(clock.waited).toBe(5_000);
  const unwritten = slowLog('m-3', 1, 1);
  expect(
    await untilMarked(
      unwritten.read,
      { marker: 'm-3', times: 1, timeoutMs: 5_000, intervalMs: 50, write: async () => false },
      fakeClock(),
    ),
  ).toBeUndefined();
  expect(unwritten.reads).toBe(0);
});

test('a start ends at a container that exited or died, with its last words without the timestamp', () => {
  const state = (service: string, status: string): ContainerState => ({
    id: service,
    service,
    status,
    exitCode: status === 'running' ? 0 : 3,
    startedAt: '',
    hostname: service,
    addresses: [],
  });
  expect(endedContainer([state('app1', 'running'), state('app2', 'created')])).toBeUndefined();
  expect(endedContainer([state('app1', 'running'), state('app2', 'exited')])?.service).toBe('app2');
  expect(endedContainer([state('nginx', 'dead')])?.service).toBe('nginx');
  expect(
    lastLogLine('2026-12-01T20:00:00.1Z Booting\n2026-12-01T20:00:00.2Z http-test: app setup failed: exit 3\n\n'),
  ).toBe('http-test: app setup failed: exit 3');
  expect(lastLogLine('')).toBeUndefined();
});
