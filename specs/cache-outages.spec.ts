// Behaviour: nginx's cache answers for the app while the app is down. With every replica down, an answer that
// has expired is still served, marked STALE (proxy_cache_use_stale), rather than an error page; only a
// request the cache never saw gets nginx's 502. The X-Cache-Status header stays on error answers too, because
// add_header has `always` (without it nginx drops added headers from 4xx/5xx answers, exactly when they would
// help). Without a cache, an app that is down means no answer at all.
import { randomUUID } from 'node:crypto';
import { sleep, type Outcome } from '../lib/clients/http.js';
import type { Cached } from '../lib/clients/probe-client.js';
import { expect, test } from '../fixtures/test.js';

const cacheStatus = (o: Outcome) => String(o.response?.headers['x-cache-status'] ?? '(none)');
const outcomeText = (o: Outcome) => (o.status ? `${o.status} ${cacheStatus(o)}` : `no answer (${o.error})`);
const originOf = (o: Outcome) => o.response?.json<Cached>().origin_id;

test('With every replica down, an expired answer is served STALE instead of an error', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const key = randomUUID();
  const url = probe.cacheableRoute({ key, ttl: 1 });
  const [first, second] = await test.step('fetch an answer that may be kept for 1 s, twice', async () => [
    await probe.attempt(url),
    await probe.attempt(url),
  ]);
  expect([first.status, second.status]).toEqual([200, 200]);
  // Where nothing caches, the second fetch reached the app again: there is nothing to fall back on later.
  evidence.record(
    'second fetch while up',
    stackDefinition.cachesApi
      ? `${cacheStatus(second)}`
      : originOf(second) === originOf(first)
        ? 'the same answer'
        : 'a new answer from the app',
  );
  if (stackDefinition.cachesApi) expect(cacheStatus(second), 'the cache kept it').toBe('HIT');
  else {
    expect(cacheStatus(second), 'no cache in front').toBe('(none)');
    expect(originOf(second), 'nothing kept the first answer').not.toBe(originOf(first));
  }
  // nginx counts whole seconds: max-age=1 has surely run out 2.5 s later. Without a cache nothing was kept.
  if (stackDefinition.cachesApi) await test.step('let it expire', () => sleep(2_500));
  await test.step(`stop ${stackDefinition.appReplicas.join(', ')}`, () =>
    Promise.all(stackDefinition.appReplicas.map((s) => stack.stop(s))));
  const [again, unseen] = await test.step('ask for it again, and for an answer never cached', async () => [
    await probe.attempt(url, { timeoutMs: 10_000 }),
    await probe.attempt(probe.cacheableRoute({ key: randomUUID() }), { timeoutMs: 10_000 }),
  ]);
  evidence.key('expired answer, app down', outcomeText(again));
  evidence.record('never-cached answer, app down', outcomeText(unseen));
  // The stack fixture starts the replicas again.

  if (stackDefinition.servesStaleWhenDown) {
    expect(outcomeText(again), 'the expired answer, every replica down (proxy_cache_use_stale)').toBe('200 STALE');
    expect(originOf(again), 'the very answer fetched before').toBe(originOf(first));
    expect(outcomeText(unseen), "nothing to fall back on: the proxy's error, still labelled").toBe('502 MISS');
  } else {
    expect(again.status, 'no server, no cache: no answer').toBe(0);
    expect(unseen.status).toBe(0);
  }
});

test("The cache status header stays on the app's error answers", async ({ probe, stackDefinition, evidence }) => {
  const notFound = await probe.attempt(probe.cacheableRoute({ key: randomUUID(), variant: 'no-such-variant' }));
  evidence.key('404 from the app', outcomeText(notFound));
  expect(notFound.status).toBe(404);
  expect(cacheStatus(notFound), "X-Cache-Status on the app's 404 (add_header … always)").toBe(
    stackDefinition.cachesApi ? 'MISS' : '(none)',
  );
});
