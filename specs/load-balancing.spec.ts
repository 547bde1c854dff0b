// Behaviour: nginx balances requests over the replicas of its upstream. Round robin (its default, a
// "static" method) takes them in turn; when a replica is down, passive health checks (max_fails=1,
// fail_timeout=10s) send everything to the one left, after one request waited proxy_connect_timeout (1 s
// here; a stopped container's address is silent, not refusing); a POST is never retried elsewhere, because it may
// not be safe to send twice (proxy_next_upstream: non_idempotent is off). A single app server has no one
// to share the load with or to fail over to.
import { countBy } from '../fixtures/evidence.js';
import { attemptGet, timedGet } from '../fixtures/http.js';
import { expect, test } from '../fixtures/test.js';

interface Who {
  hostname: string;
}

const requests = 10;

test('Round robin spreads requests evenly over the replicas', async ({ stack, stackDefinition, evidence }) => {
  const hosts = await test.step(`${requests} requests, one after the other`, async () => {
    const seen: string[] = [];
    for (let i = 0; i < requests; i += 1) seen.push((await timedGet(`${stack.baseURL}/api/health`)).json<Who>().hostname);
    return seen;
  });
  const counts = countBy(hosts);
  evidence.key('requests per replica', Object.values(counts).sort().join(' / '));
  evidence.record('answered by', counts);

  const replicas = stackDefinition.appReplicas.length;
  expect(Object.keys(counts).length, 'replicas that answered').toBe(replicas);
  expect(Object.values(counts).sort(), 'balanced').toEqual(Array(replicas).fill(requests / replicas));
});

test('With one app server stopped, requests still succeed only where another replica is left', async ({ stack, stackDefinition, evidence }) => {
  const victim = stackDefinition.appReplicas[stackDefinition.appReplicas.length - 1] ?? '';
  await test.step(`stop ${victim}`, () => stack.stop(victim));
  const outcomes = await test.step(`${requests} requests`, async () => {
    const out = [];
    for (let i = 0; i < requests; i += 1) out.push(await attemptGet(`${stack.baseURL}/api/health`, { timeoutMs: 5_000 }));
    return out;
  });
  const statuses = countBy(outcomes.map((o) => String(o.status || `no answer (${o.error})`)));
  evidence.key('answers', Object.entries(statuses).map(([status, n]) => `${n} × ${status}`).join(', '));
  evidence.record('slowest', Math.max(...outcomes.map((o) => o.ms)) / 1000, 's');
  // The stack fixture starts the stopped replica again.

  if (stackDefinition.appReplicas.length > 1) {
    expect(outcomes.map((o) => o.status), 'every request served by the replica left').toEqual(Array(requests).fill(200));
    expect(outcomes.every((o) => o.response?.json<Who>().hostname !== victim)).toBe(true);
  } else {
    expect(outcomes.filter((o) => o.status === 200).length, 'no server left to answer').toBe(0);
  }
});

test('A POST is not retried on another replica when its worker dies', async ({ request, stackDefinition, evidence }) => {
  test.skip(!stackDefinition.proxy, 'No proxy in front of the app: nothing would retry a request anywhere.');
  const victim = stackDefinition.appReplicas[0] ?? '';
  const post = async () => (await request.post(`/api/crash?only_on=${victim}`)).status();
  // Round robin sends one of two consecutive requests to the victim.
  const statuses = await test.step(`two POSTs that crash any worker of ${victim}`, async () => [await post(), await post()]);
  evidence.key('statuses', statuses);
  expect([...statuses].sort(), 'the POST that reached the victim is answered 502, not retried').toEqual([200, 502]);
});
