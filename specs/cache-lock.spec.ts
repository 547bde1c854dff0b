// Behaviour: many clients missing the same cache entry at once reach the app once behind nginx. With
// proxy_cache_lock, nginx sends one request to the app and makes the others wait for its answer (a
// "thundering herd" collapsed into one origin hit); without a cache, or without the lock, each of them
// reaches the app.
import { randomUUID } from 'node:crypto';
import { burst } from '../lib/clients/http.js';
import { expect, test } from '../fixtures/test.js';

const clients = 6;

test('Concurrent misses of one cache entry reach the app once', async ({ probe, stack, stackDefinition, evidence }) => {
  const key = randomUUID();
  // The app takes 1 s, so every request arrives while the first is still being answered.
  const { results, wallMs } =
    await test.step(`${clients} clients ask at once for an answer that takes the app 1 s`, () =>
      burst(clients, clients, () => probe.cacheable({ key, delay: 1 })));
  const origins = new Set(results.map((r) => r.data.origin_id));
  const statuses = results.map((r) => String(r.headers['x-cache-status'] ?? '(none)')).sort();
  evidence.key('answers made by the app', origins.size, { id: 'app-answers' });
  evidence.record('X-Cache-Status', statuses);
  evidence.record('wall time', wallMs / 1000, 's');

  expect(results.map((r) => r.status)).toEqual(Array(clients).fill(200));
  expect(await stack.appRequestsContaining(key), "requests in the app's access logs").toBe(
    stackDefinition.collapsesCacheMisses ? 1 : clients,
  );
  if (stackDefinition.collapsesCacheMisses) {
    expect(origins.size, 'one origin hit, shared by every client').toBe(1);
    expect(statuses, 'the first missed, the rest waited for it').toEqual([...Array(clients - 1).fill('HIT'), 'MISS']);
  } else {
    expect(origins.size, 'every client reached the app').toBe(clients);
  }
});
