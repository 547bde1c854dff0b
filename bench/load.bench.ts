// Behaviour: under load, a stack's throughput, latency and cost follow from how it is built. At 64
// connections on the I/O-bound answer a sync Gunicorn stack serves at most `processes / sleep` requests per
// second, while the threaded dev server waits on all of them at once; behind nginx the cacheable answer does
// not reach the app and the static file never touches Python. Everything else is reported as measured.
import { sleep } from '../lib/clients/http.js';
import { appProcesses, ioConcurrency } from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';
import { containerCost } from './container-cost.js';
import { runLoad, wrkAvailable, wrkRps } from './load-generator.js';
import {
  connectionLevels,
  costSampleSeconds,
  endpoints,
  ioSleepSeconds,
  mostConnections,
  runsPerPoint,
  secondsPerRun,
} from './plan.js';
import { benchAttachmentName, findPoint, pointOf, type Point, type StackBench } from './results.js';

/** A sync server cannot beat processes / sleep; measured rates may read a little high over a short run. */
const physicsHeadroom = 1.15;

test('Under load: requests per second, latency and cost as concurrency grows', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}, testInfo) => {
  const points = endpoints.length * connectionLevels.length * runsPerPoint;
  test.setTimeout((points * (secondsPerRun + 3) + 120) * 1000);
  const runId = Math.random().toString(36).slice(2, 8);
  const cacheKey = (connections: number, run: number) => `bench-${runId}-${connections}-${run}`;
  const since = new Date();
  // The generator stops; a server may still hold a queue of requests. A request that waits its turn behind
  // them means the next run starts on an empty server.
  const drain = () => probe.attempt(probe.route('health'), { timeoutMs: 30_000 });

  const idle = await test.step('memory and CPU at idle', () => containerCost(stack));
  const measured: Point[] = [];
  let cacheableSent = 0;
  for (const endpoint of endpoints) {
    await test.step(`${endpoint.title}: ${connectionLevels.join(', ')} connections, ${runsPerPoint} × ${secondsPerRun} s`, async () => {
      for (const connections of connectionLevels) {
        const runs = [];
        for (let run = 0; run < runsPerPoint; run += 1) {
          const result = await runLoad(endpoint.url(probe, cacheKey(connections, run)), connections, secondsPerRun);
          runs.push(result);
          if (endpoint.id === 'cacheable') cacheableSent += result.answered;
          await drain();
        }
        measured.push(pointOf(endpoint.id, connections, runs, secondsPerRun));
      }
    });
  }

  const underLoad =
    await test.step(`memory and CPU under ${costSampleSeconds} s of ${mostConnections} connections on the tiny JSON answer`, async () => {
      const load = runLoad(endpoints[0]?.url(probe, '') ?? '', mostConnections, costSampleSeconds);
      await sleep(500);
      const cost = await containerCost(stack);
      await load;
      await drain();
      return cost;
    });

  const fastest = measured
    .filter((p) => p.connections === mostConnections)
    .sort((a, b) => b.rps.median - a.rps.median)[0];
  const yardstick =
    fastest && (await wrkAvailable())
      ? await test.step(`yardstick: autocannon and wrk on the fastest point (${fastest.endpoint}, ${mostConnections} connections)`, async () => {
          // Its own cache key: these requests are not counted with the cacheable points'.
          const url = endpoints.find((e) => e.id === fastest.endpoint)?.url(probe, `yardstick-${runId}`) ?? '';
          const ours = await runLoad(url, mostConnections, 2);
          await drain();
          const theirs = await wrkRps(url, mostConnections, 2);
          await drain();
          return {
            endpoint: fastest.endpoint,
            connections: mostConnections,
            autocannon: ours.rps,
            wrk: theirs,
            ratio: theirs > 0 ? ours.rps / theirs : 0,
          };
        })
      : null;

  const reachedApp = await stack.appRequestsContaining(`key=bench-${runId}-`);
  const workersBooted = await stack.countInAppLogs(/Booting worker with pid/, since);

  const bench: StackBench = {
    stack: stackDefinition.name,
    title: stackDefinition.title,
    measuredAt: new Date().toISOString(),
    points: measured,
    cost: { idle, underLoad, load: `${mostConnections} connections on ${endpoints[0]?.title}` },
    yardstick,
    cacheable: { reachedApp, sent: cacheableSent },
    workersBooted,
  };
  await testInfo.attach(benchAttachmentName, { body: JSON.stringify(bench, null, 2), contentType: 'application/json' });

  const io = findPoint(bench, 'io-bound', mostConnections);
  const staticFile = findPoint(bench, 'static-64k', mostConnections);
  const json = findPoint(bench, 'tiny-json', mostConnections);
  evidence.key(`I/O-bound, ${mostConnections} connections`, Math.round(io?.rps.median ?? 0), 'requests/s');
  evidence.record(`tiny JSON, ${mostConnections} connections`, Math.round(json?.rps.median ?? 0), 'requests/s');
  evidence.record(`static file, ${mostConnections} connections`, Math.round(staticFile?.rps.median ?? 0), 'requests/s');
  evidence.record('cacheable requests that reached the app', `${reachedApp} of ${cacheableSent}`);
  evidence.record('memory at idle', Math.round(idle.reduce((t, c) => t + c.memoryMiB, 0)), 'MiB');
  evidence.record('memory under load', Math.round(underLoad.reduce((t, c) => t + c.memoryMiB, 0)), 'MiB');
  if (yardstick) evidence.record('autocannon / wrk', Number(yardstick.ratio.toFixed(2)));

  // Loose where physics decides; everything else is a figure.
  const syncBound = appProcesses(stackDefinition) / ioSleepSeconds;
  if (Number.isFinite(ioConcurrency(stackDefinition))) {
    expect
      .soft(
        io?.rps.median ?? 0,
        `a sync stack serves at most processes / sleep = ${syncBound} requests/s on the I/O-bound answer`,
      )
      .toBeLessThanOrEqual(syncBound * physicsHeadroom);
    expect
      .soft(
        io?.rps.median ?? 0,
        `a sync stack keeps its ${appProcesses(stackDefinition)} processes busy on the I/O-bound answer`,
      )
      .toBeGreaterThan(syncBound * 0.3);
  } else {
    expect
      .soft(
        io?.rps.median ?? 0,
        `a thread per request waits on many sleeps at once: more than twice one process's ${syncBound} requests/s`,
      )
      .toBeGreaterThan(syncBound * 2);
  }
  if (stackDefinition.cachesApi) {
    expect
      .soft(reachedApp, 'behind nginx the cacheable answer reaches the app about once per cache key')
      .toBeLessThanOrEqual(2 * connectionLevels.length * runsPerPoint);
  } else {
    expect
      .soft(reachedApp, 'without a cache every cacheable request reaches the app')
      .toBeGreaterThanOrEqual(cacheableSent);
  }
  if (stackDefinition.staticServedBy !== 'app') {
    expect
      .soft(
        staticFile?.rps.median ?? 0,
        'nginx serves the static file from disk faster than the app answers its smallest JSON',
      )
      .toBeGreaterThan(json?.rps.median ?? 0);
  }
});
