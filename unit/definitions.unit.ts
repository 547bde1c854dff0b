// Unit: the stacks' descriptions completed with what runs (lib/stacks/definitions.ts resolveDefinition), and
// the capacities every timing expectation is derived from (processes, I/O concurrency, rounds, CPU parallelism).
import { expect, test } from '@playwright/test';
import {
  aliveWhileHandling,
  appProcesses,
  cooperative,
  cpuParallelism,
  expectedRounds,
  type GunicornSettings,
  ioConcurrency,
  isStackName,
  multithreaded,
  requestsPerProcess,
  resolveDefinition,
  roundsAsTaken,
  stackNames,
  stacks,
} from '../lib/stacks/definitions.js';

const gunicorn = (workers: number, workerClass = 'sync', threads = 1): GunicornSettings => ({
  workers,
  workerClass,
  timeoutSeconds: 30,
  gracefulTimeoutSeconds: 30,
  maxRequests: 0,
  threads,
  workerConnections: 1000,
  keepAliveSeconds: 2,
});

const python = { python: '3.12.3', flask: '3.1.1', werkzeug: '3.1.3' };

test("Gunicorn alone answers an oversized header with its version's status: 400 before 21.0, 431 since", () => {
  expect(resolveDefinition(stacks.gunicorn, gunicorn(2), { ...python, gunicorn: '20.1.0' }).refuses).toEqual({
    body: 200,
    uri: 400,
    header: 400,
  });
  expect(resolveDefinition(stacks.gunicorn, gunicorn(2), { ...python, gunicorn: '21.2.0' }).refuses.header).toBe(431);
  expect(resolveDefinition(stacks.gunicorn, gunicorn(2), { ...python, gunicorn: '23.0.0' }).refuses.header).toBe(431);
});

test("behind nginx the header is refused by nginx first, with nginx's 400, whatever Gunicorn's version", () => {
  const versions = { ...python, gunicorn: '23.0.0', nginx: '1.26.3' };
  expect(resolveDefinition(stacks.nginx, gunicorn(2), versions).refuses).toEqual({ body: 413, uri: 414, header: 400 });
});

test("the dev server's refusals are the description's, with no Gunicorn version needed", () => {
  const dev = resolveDefinition(stacks.dev, null, python);
  expect(dev.refuses).toEqual(stacks.dev.refuses);
  expect(dev).toMatchObject({ gunicorn: null, processesPerReplica: 1, versions: python });
});

test("a Gunicorn stack's processes per replica are its workers in force; without its settings it is an error", () => {
  const resolved = resolveDefinition(stacks.gunicorn, gunicorn(3), { ...python, gunicorn: '23.0.0' });
  expect(resolved).toMatchObject({ processesPerReplica: 3, gunicorn: gunicorn(3) });
  expect(() => resolveDefinition(stacks.gunicorn, null, { ...python, gunicorn: '23.0.0' })).toThrow(
    'stack "gunicorn" runs Gunicorn, but its settings in force are unknown',
  );
});

test('resolving leaves the description as it was (the next run resolves it again)', () => {
  resolveDefinition(stacks.gunicorn, gunicorn(2), { ...python, gunicorn: '23.0.0' });
  expect(stacks.gunicorn.refuses).toEqual({ body: 200, uri: 400, header: 400 });
  expect(stacks.gunicorn).not.toHaveProperty('processesPerReplica');
});

test("every app process counts, across replicas: nginx's two replicas of 2 workers are 4", () => {
  const versions = { ...python, gunicorn: '23.0.0', nginx: '1.26.3' };
  expect(appProcesses(resolveDefinition(stacks.nginx, gunicorn(2), versions))).toBe(4);
  expect(appProcesses(resolveDefinition(stacks.dev, null, python))).toBe(1);
});

test('waiting requests: a thread each on the threaded dev server, one per process otherwise, the rest in rounds', () => {
  const dev = resolveDefinition(stacks.dev, null, python);
  const noThreads = resolveDefinition(stacks['dev-nothreads'], null, python);
  const twoWorkers = resolveDefinition(stacks.gunicorn, gunicorn(2), { ...python, gunicorn: '23.0.0' });
  expect(ioConcurrency(dev)).toBe(Number.POSITIVE_INFINITY);
  expect(ioConcurrency(noThreads)).toBe(1);
  expect(ioConcurrency(twoWorkers)).toBe(2);
  expect(expectedRounds(dev, 8)).toBe(1);
  expect(expectedRounds(noThreads, 4)).toBe(4);
  expect(expectedRounds(twoWorkers, 4)).toBe(2);
  expect(expectedRounds(twoWorkers, 5)).toBe(3);
  expect(expectedRounds(twoWorkers, 1)).toBe(1);
});

test("waiting requests under Gunicorn: a gthread worker's threads, a gevent worker's greenlets, a sync worker's one", () => {
  const versions = { ...python, gunicorn: '23.0.0' };
  const gthread = resolveDefinition(stacks.gunicorn, gunicorn(2, 'gthread', 4), versions);
  expect(requestsPerProcess(gthread)).toBe(4);
  expect(ioConcurrency(gthread)).toBe(8);
  expect(expectedRounds(gthread, 8)).toBe(1);
  expect(expectedRounds(gthread, 9)).toBe(2);
  expect(ioConcurrency(resolveDefinition(stacks.gunicorn, gunicorn(2, 'gevent'), versions))).toBe(2000);
  // A sync worker's `threads` setting is not read by it (Gunicorn names such a worker gthread itself).
  expect(ioConcurrency(resolveDefinition(stacks.gunicorn, gunicorn(2, 'sync', 4), versions))).toBe(2);
  // As taken: a sync worker's burst spreads evenly; the busiest gthread worker's requests beyond its threads wait.
  const sync = resolveDefinition(stacks.gunicorn, gunicorn(2), versions);
  expect(roundsAsTaken(sync, [4, 4])).toBe(4);
  // 4 threads a worker: 8 requests fit in two rounds when one worker took them all, in one when both took 4.
  expect(roundsAsTaken(gthread, [8])).toBe(2);
  expect(roundsAsTaken(gthread, [6, 2])).toBe(2);
  expect(roundsAsTaken(gthread, [4, 4])).toBe(1);
  expect(roundsAsTaken(gthread, [3, 1])).toBe(1);
  expect(roundsAsTaken(resolveDefinition(stacks.dev, null, python), [8])).toBe(1);
  const nginx = resolveDefinition(stacks.nginx, gunicorn(2, 'gthread', 3), { ...versions, nginx: '1.26.3' });
  expect(ioConcurrency(nginx)).toBe(12);
  // Threads wait together, yet share one interpreter lock: computing, only processes count.
  expect(cpuParallelism(gthread, 8)).toBe(2);
});

test("keep-alive without a proxy follows Gunicorn's worker class and keepalive; Werkzeug never keeps a connection", () => {
  const versions = { ...python, gunicorn: '23.0.0' };
  expect(resolveDefinition(stacks.gunicorn, gunicorn(2), versions).clientKeepAlive).toBe(false);
  const gthread = resolveDefinition(stacks['gunicorn-gthread'], gunicorn(2, 'gthread', 8), versions);
  expect(gthread.clientKeepAlive).toBe(true);
  const noKeepalive = { ...gunicorn(2, 'gthread', 8), keepAliveSeconds: 0 };
  expect(resolveDefinition(stacks['gunicorn-gthread'], noKeepalive, versions).clientKeepAlive).toBe(false);
  expect(resolveDefinition(stacks.dev, null, python).clientKeepAlive).toBe(false);
  // nginx keeps the client's connection whatever its upstreams do.
  expect(resolveDefinition(stacks.nginx, gunicorn(2), { ...versions, nginx: '1.26.3' }).clientKeepAlive).toBe(true);
});

test("threads in a process: the threaded dev server's, a gthread worker's, a gevent worker's greenlets; who dies of a slow handler", () => {
  const versions = { ...python, gunicorn: '23.0.0' };
  const sync = resolveDefinition(stacks.gunicorn, gunicorn(2), versions);
  const gthread = resolveDefinition(stacks['gunicorn-gthread'], gunicorn(2, 'gthread', 1), versions);
  const gevent = resolveDefinition(stacks['gunicorn-gevent'], gunicorn(2, 'gevent'), versions);
  const alive = (stack: typeof sync) => [aliveWhileHandling(stack, 'waits'), aliveWhileHandling(stack, 'computes')];
  expect([multithreaded(sync), ...alive(sync)]).toEqual([false, false, false]);
  // A gthread worker of one thread is still called from a thread of its pool, and still alive while it works.
  expect([multithreaded(gthread), ...alive(gthread)]).toEqual([true, true, true]);
  // A gevent worker's heartbeat is a greenlet too: it runs while the handler waits, not while it computes.
  expect([multithreaded(gevent), ...alive(gevent)]).toEqual([true, true, false]);
  expect([cooperative(sync), cooperative(gthread), cooperative(gevent)]).toEqual([false, false, true]);
  expect(cooperative(resolveDefinition(stacks.gunicorn, gunicorn(2, 'eventlet'), versions))).toBe(true);
  const dev = resolveDefinition(stacks.dev, null, python);
  expect([multithreaded(dev), ...alive(dev), cooperative(dev)]).toEqual([true, false, false, false]);
  expect(multithreaded(resolveDefinition(stacks['dev-nothreads'], null, python))).toBe(false);
});

test("gunicorn-gthread and gunicorn-gevent are the gunicorn stack with their own file read over gunicorn.conf.py, not for a user's app", () => {
  const { gunicorn: sync } = stacks;
  for (const [name, file] of [
    ['gunicorn-gthread', 'gthread.conf.py'],
    ['gunicorn-gevent', 'gevent.conf.py'],
  ] as const) {
    const variant = stacks[name];
    expect(variant, name).toMatchObject({
      composeFile: sync.composeFile,
      appServer: 'gunicorn',
      appReplicas: sync.appReplicas,
    });
    expect(variant.gunicornConfig, name).toEqual([...(sync.gunicornConfig ?? []), `gunicorn/${file}`]);
    expect(variant.composeEnv?.HTTP_TEST_GUNICORN_CONFIG, name).toBe(`/etc/gunicorn/${file}`);
    expect(variant.notForUserApps, name).toMatch(/own gunicorn\.conf\.py/);
  }
  expect(sync.notForUserApps).toBeUndefined();
});

test('CPU-bound requests run at once in processes only, never on more than the cores, and at least one', () => {
  const dev = resolveDefinition(stacks.dev, null, python);
  const fourWorkers = resolveDefinition(stacks.gunicorn, gunicorn(4), { ...python, gunicorn: '23.0.0' });
  expect(cpuParallelism(dev, 8)).toBe(1);
  expect(cpuParallelism(fourWorkers, 2)).toBe(2);
  expect(cpuParallelism(fourWorkers, 1.6)).toBe(1.6);
  expect(cpuParallelism(fourWorkers, 8)).toBe(4);
  expect(cpuParallelism(fourWorkers, 0.5)).toBe(1);
});

test('stack names: each described under its own name, and nothing else is one', () => {
  for (const name of stackNames) expect(stacks[name].name).toBe(name);
  expect(isStackName('nginx')).toBe(true);
  expect(isStackName('apache')).toBe(false);
});
