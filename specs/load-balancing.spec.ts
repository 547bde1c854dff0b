// Behaviour: nginx balances requests over the replicas of its upstream. Round robin (its default, a "static"
// method) takes them in turn, weighted round robin in proportion to the weights, whatever the replicas are
// doing; least_conn (a "dynamic" method) sends each request to the replica with the fewest in flight, so a
// replica busy with a long request is spared. The "state" it measures is only its own open connections to
// each replica, not the replica's CPU or memory, and open-source nginx checks health only passively, by
// failed requests. When a replica is down, passive health checks (max_fails=1, fail_timeout=10s) send
// everything to the one left, after one request waited proxy_connect_timeout (1 s here; a stopped container's
// address is silent, not refusing); a POST is never retried elsewhere, because it may not be safe to send
// twice (proxy_next_upstream: non_idempotent is off). A single app server has no one to share the load with
// or to fail over to.
import { countBy } from '../lib/evidence/evidence.js';
import { sleep } from '../lib/clients/http.js';
import type { ProbeClient, Who } from '../lib/clients/probe-client.js';
import { expect, test } from '../fixtures/test.js';
import { runsAlone } from '../lib/stacks/runs-alone.js';
import { slowAnswersAllowedWhileMarkedDown, waitedForConnectTimeout } from '../lib/run/tolerances.js';

const requests = 10;

test('Round robin spreads requests evenly over the replicas', async ({ probe, stackDefinition, evidence }) => {
  const hosts = await test.step(`${requests} requests, one after the other`, () => hostsAnswering(probe, requests));
  const counts = countBy(hosts);
  const replicas = stackDefinition.appReplicas.length;
  evidence.key(
    'requests per replica',
    replicas > 1 ? Object.values(counts).sort().join(' / ') : `all ${requests} on the one app server`,
    { id: 'round-robin' },
  );
  evidence.record('answered by', counts);

  expect(Object.keys(counts).length, 'replicas that answered').toBe(replicas);
  expect(Object.values(counts).sort(), 'balanced').toEqual(Array(replicas).fill(requests / replicas));
});

test('With one app server stopped, requests still succeed only where another replica is left', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const victim = stackDefinition.appReplicas[stackDefinition.appReplicas.length - 1] ?? '';
  await test.step(`stop ${victim}`, () => stack.stop(victim));
  const outcomes = await test.step(`${requests} requests`, async () => {
    const out = [];
    for (let i = 0; i < requests; i += 1) out.push(await probe.attempt(probe.route('health'), { timeoutMs: 5_000 }));
    return out;
  });
  const statuses = countBy(outcomes.map((o) => String(o.status || `no answer (${o.error})`)));
  evidence.key(
    'answers',
    Object.entries(statuses)
      .map(([status, n]) => `${n} × ${status}`)
      .join(', '),
  );
  evidence.record('slowest', Math.max(...outcomes.map((o) => o.ms)) / 1000, 's');
  // The stack fixture starts the stopped replica again.

  if (stackDefinition.appReplicas.length > 1) {
    expect(
      outcomes.map((o) => o.status),
      'every request served by the replica left',
    ).toEqual(Array(requests).fill(200));
    expect(
      outcomes.every((o) => o.response?.json<Who>().hostname !== victim),
      `no answer from the stopped ${victim}`,
    ).toBe(true);
  } else {
    expect(outcomes.filter((o) => o.status === 200).length, 'no server left to answer').toBe(0);
  }
});

test('A stopped replica is marked down: only the first request that meets it waits proxy_connect_timeout', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const checks = stackDefinition.passiveHealthChecks;
  test.skip(
    !checks,
    'One app server and no balancer: there is no replica to mark down (stopped, nothing answers: the test above).',
  );
  const victim = stackDefinition.appReplicas[stackDefinition.appReplicas.length - 1] ?? '';
  const server = checks!.servers[victim];
  if (!server) throw new Error(`compose/nginx: no server ${victim} in upstream app`);
  const connectS = checks!.connectTimeoutSeconds;
  const count = 2 * requests;
  await test.step(`stop ${victim}`, () => stack.stop(victim));
  const started = performance.now();
  const outcomes = await test.step(`${count} requests, one after the other`, async () => {
    const out = [];
    for (let i = 0; i < count; i += 1)
      out.push(await probe.attempt(probe.route('health'), { timeoutMs: connectS * 1000 + 5_000 }));
    return out;
  });
  const elapsedMs = performance.now() - started;
  const slow = outcomes.filter((o) => waitedForConnectTimeout(o.ms, connectS)).length;
  const allowed = slowAnswersAllowedWhileMarkedDown(elapsedMs, server.failTimeoutSeconds);
  evidence.key('answers that waited proxy_connect_timeout', `${slow} of ${count}`);
  evidence.record('proxy_connect_timeout', connectS, 's');
  evidence.record(`fail_timeout of ${victim}`, server.failTimeoutSeconds, 's');
  evidence.record(`max_fails of ${victim}`, server.maxFails);
  evidence.record('slowest', Math.max(...outcomes.map((o) => o.ms)) / 1000, 's');
  evidence.record('all requests took', elapsedMs / 1000, 's');
  // The stack fixture starts the stopped replica again, and nginx after it (which forgets the marking).

  expect(
    outcomes.map((o) => o.status),
    'every request served by the replica left',
  ).toEqual(Array(count).fill(200));
  expect(
    slow,
    `a failed replica is marked down: after the first request that met the stopped ${victim}, nginx sends it nothing for fail_timeout (${server.failTimeoutSeconds} s, max_fails=${server.maxFails}), so at most ${allowed} of ${count} answers wait proxy_connect_timeout (${connectS} s) in ${(elapsedMs / 1000).toFixed(1)} s`,
  ).toBeLessThanOrEqual(allowed);
  expect(
    slow,
    `the first request that met the stopped ${victim} waited proxy_connect_timeout (${connectS} s): a stopped container's address is silent`,
  ).toBeGreaterThanOrEqual(1);
});

test('A POST is not retried on another replica when its worker dies', async ({ probe, stackDefinition, evidence }) => {
  test.skip(!stackDefinition.proxy, 'No proxy in front of the app: nothing would retry a request anywhere.');
  const victim = stackDefinition.appReplicas[0] ?? '';
  // Round robin sends one of two consecutive requests to the victim.
  const outcomes = await test.step(`two POSTs that crash any worker of ${victim}`, async () => [
    await probe.crash({ onlyOn: victim, method: 'POST' }),
    await probe.crash({ onlyOn: victim, method: 'POST' }),
  ]);
  const statuses = outcomes.map((o) => o.status);
  evidence.key('statuses', statuses);
  expect([...statuses].sort(), 'the POST that reached the victim is answered 502, not retried').toEqual([200, 502]);
});

test('Weighted round robin follows the weights', async ({ probe, stackDefinition, evidence }) => {
  test.skip(
    !stackDefinition.balancing,
    'One app server and no balancer: there is nothing to weigh (round robin above shows all requests on one host).',
  );
  const { path, weights } = stackDefinition.balancing!.weighted;
  const total = Object.values(weights).reduce((a, b) => a + b, 0) * 5;
  const hosts = await test.step(`${total} requests through the weighted upstream`, () =>
    hostsAnswering(probe.via(path), total));
  const counts = countBy(hosts);
  evidence.key(
    'requests per replica',
    Object.entries(weights)
      .map(([host]) => counts[host] ?? 0)
      .join(' / '),
  );
  evidence.record('weights', weights);
  // nginx's smooth weighted round robin is exact over every full cycle of the weights, from any starting point.
  expect(counts, 'requests per replica, in proportion to the weights').toEqual(
    Object.fromEntries(Object.entries(weights).map(([host, w]) => [host, w * 5])),
  );
});

test(
  'least_conn keeps new requests away from a replica busy with a long request; round robin does not',
  runsAlone,
  async ({ probe, stackDefinition, evidence }) => {
    test.skip(
      !stackDefinition.balancing,
      'One app server and no balancer: every request goes to the only one, busy or not.',
    );
    const shorts = 8;
    // Which share of short requests lands on the replica that is busy with a long one, per method.
    const onBusyReplica = async (method: string, client: ProbeClient) =>
      test.step(`${method}: one 1.5 s request, then ${shorts} short ones while it runs`, async () => {
        const long = client.sleep(1.5);
        await sleep(300);
        const hosts = await hostsAnswering(client, shorts);
        const busy = (await long).data.hostname;
        return hosts.filter((h) => h === busy).length;
      });
    const roundRobin = await onBusyReplica('round robin', probe);
    const leastConn = await onBusyReplica('least_conn', probe.via(stackDefinition.balancing!.leastConnPath));
    evidence.key(
      'short requests sent to the busy replica (round robin / least_conn)',
      `${roundRobin} / ${leastConn} of ${shorts}`,
      { id: 'busy-replica' },
    );

    expect(roundRobin, 'round robin ignores load: every other request').toBe(shorts / 2);
    expect(leastConn, 'least_conn: none while it is busy').toBe(0);
  },
);

// ---

/** Who answered each of `count` health requests, sent one after the other. */
async function hostsAnswering(client: ProbeClient, count: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i += 1) seen.push((await client.health()).data.hostname);
  return seen;
}
