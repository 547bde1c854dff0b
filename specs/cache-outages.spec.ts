// Behaviour: nginx's cache answers for the app while the app is down. With every replica down, an answer that
// has expired is still served, marked STALE (proxy_cache_use_stale), rather than an error page; only a
// request the cache never saw gets nginx's 502. The X-Cache-Status header stays on error answers too, because
// add_header has `always` (without it nginx drops added headers from 4xx/5xx answers, exactly when they would
// help). Without a cache, an app that is down means no answer at all.
import { randomUUID } from 'node:crypto';
import { attemptGet, sleep, type Outcome } from '../fixtures/http.js';
import { expect, test } from '../fixtures/test.js';

interface Cached {
  origin_id: string;
}

const cacheStatus = (o: Outcome) => String(o.response?.headers['x-cache-status'] ?? '(none)');
const outcomeText = (o: Outcome) => (o.status ? `${o.status} ${cacheStatus(o)}` : `no answer (${o.error})`);

test('With every replica down, an expired answer is served STALE instead of an error', async ({ stack, stackDefinition, evidence }) => {
  const key = randomUUID();
  const url = `${stack.baseURL}/api/cacheable?ttl=1&key=${key}`;
  const first = await test.step('fetch an answer that may be kept for 1 s', () => attemptGet(url));
  expect(first.status).toBe(200);
  // nginx counts whole seconds: max-age=1 has surely run out 2.5 s later.
  await test.step('let it expire', () => sleep(2_500));
  await test.step(`stop ${stackDefinition.appReplicas.join(', ')}`, () => Promise.all(stackDefinition.appReplicas.map((s) => stack.stop(s))));
  const [again, unseen] = await test.step('ask for it again, and for an answer never cached', async () => [
    await attemptGet(url, { timeoutMs: 10_000 }),
    await attemptGet(`${stack.baseURL}/api/cacheable?key=${randomUUID()}`, { timeoutMs: 10_000 }),
  ]);
  evidence.key('expired answer, app down', outcomeText(again));
  evidence.record('never-cached answer, app down', outcomeText(unseen));
  // The stack fixture starts the replicas again.

  if (stackDefinition.servesStaleWhenDown) {
    expect(outcomeText(again)).toBe('200 STALE');
    expect(again.response?.json<Cached>().origin_id, 'the very answer fetched before').toBe(first.response?.json<Cached>().origin_id);
    expect(outcomeText(unseen), 'nothing to fall back on: the proxy\'s error, still labelled').toBe('502 MISS');
  } else {
    expect(again.status, 'no server, no cache: no answer').toBe(0);
    expect(unseen.status).toBe(0);
  }
});

test('The cache status header stays on the app\'s error answers', async ({ stack, stackDefinition, evidence }) => {
  const notFound = await attemptGet(`${stack.baseURL}/api/cacheable/no-such-variant?key=${randomUUID()}`);
  evidence.key('404 from the app', outcomeText(notFound));
  expect(notFound.status).toBe(404);
  expect(cacheStatus(notFound)).toBe(stackDefinition.cachesApi ? 'MISS' : '(none)');
});
