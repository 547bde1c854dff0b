// Behaviour: what nginx's proxy_cache keeps, and for how long. It honours the app's Cache-Control: a public
// answer is reused until max-age runs out (then EXPIRED: fetched again); `private` and `no-store` answers
// are never kept, nor one that sets a cookie (caching it would hand one user's session to the next), nor one
// that says nothing (no Cache-Control, no Expires: nginx adds no validity of its own, no proxy_cache_valid),
// nor a POST (proxy_cache_methods is GET and HEAD). Without a cache every request reaches the app.
import { randomUUID } from 'node:crypto';
import { sleep } from '../lib/clients/http.js';
import type { CacheableQuery } from '../lib/clients/probe-client.js';
import { expect, test } from '../fixtures/test.js';

interface Case {
  title: string;
  /** The stable id of its key figure (the matrix's chapters read figures by spec file and id). */
  id: string;
  query: Omit<CacheableQuery, 'key'>;
  method: 'GET' | 'POST';
  /** Pause before the last request, in ms. nginx keeps time in whole seconds and expires an entry once
   *  the clock has passed its validity second, so max-age=1 may still HIT up to 2 s later. */
  pauseBeforeLast?: number;
  /** X-Cache-Status of three requests on a caching stack. */
  cached: string[];
}

const cases: Case[] = [
  {
    title: 'A public answer is reused until its max-age runs out, then fetched again',
    id: 'max-age',
    query: { ttl: 1 },
    method: 'GET',
    pauseBeforeLast: 2_500,
    cached: ['MISS', 'HIT', 'EXPIRED'],
  },
  {
    title: 'A Cache-Control: private answer is never kept by the shared cache',
    id: 'private',
    query: { variant: 'private' },
    method: 'GET',
    cached: ['MISS', 'MISS', 'MISS'],
  },
  {
    title: 'A Cache-Control: no-store answer is never kept',
    id: 'no-store',
    query: { variant: 'no-store' },
    method: 'GET',
    cached: ['MISS', 'MISS', 'MISS'],
  },
  {
    title: "An answer that sets a cookie is never kept, so no user gets another's session",
    id: 'set-cookie',
    query: { variant: 'cookie' },
    method: 'GET',
    cached: ['MISS', 'MISS', 'MISS'],
  },
  {
    title: 'An answer without Cache-Control or Expires is never kept: only what the app allows is stored',
    id: 'unmarked',
    query: { variant: 'unmarked' },
    method: 'GET',
    cached: ['MISS', 'MISS', 'MISS'],
  },
  {
    title: 'A POST is never answered from the cache',
    id: 'post',
    query: {},
    method: 'POST',
    cached: ['(none)', '(none)', '(none)'],
  },
];

for (const c of cases) {
  test(c.title, async ({ probe, stack, stackDefinition, evidence }) => {
    const key = randomUUID();
    const responses =
      await test.step(`${c.method} ${probe.cacheableRoute({ key: '…', ...c.query }).replace(probe.baseURL, '')} three times`, async () => {
        const out = [];
        for (let i = 0; i < 3; i += 1) {
          // Where nothing caches there is nothing to outlive: every request reaches the app anyway.
          if (i === 2 && c.pauseBeforeLast && stackDefinition.cachesApi) await sleep(c.pauseBeforeLast);
          out.push(await probe.cacheable({ key, ...c.query }, { method: c.method }));
        }
        return out;
      });
    const statuses = responses.map((r) => String(r.headers['x-cache-status'] ?? '(none)'));
    const origins = new Set(responses.map((r) => r.data.origin_id));
    evidence.key('X-Cache-Status', statuses, { id: c.id });
    evidence.record('answers made by the app', origins.size);
    const cookies = responses.map((r) => r.headers['set-cookie']?.join('; ')).filter(Boolean);
    if (cookies.length > 0) evidence.record('distinct session cookies handed out', new Set(cookies).size);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);

    const expected = stackDefinition.cachesApi ? c.cached : ['(none)', '(none)', '(none)'];
    // The messages name the behaviour: a config line that breaks one case says which rule it broke.
    expect(statuses, `${c.title}: cache status of each request`).toEqual(expected);
    expect(origins.size, `${c.title}: answers made by the app`).toBe(expected.filter((s) => s !== 'HIT').length);
    expect(await stack.appRequestsContaining(key), `${c.title}: requests in the app's access logs`).toBe(origins.size);
    // A cached Set-Cookie would be replayed: every later client would share the first one's session.
    if (cookies.length > 0) expect(new Set(cookies).size, 'each client its own session').toBe(responses.length);
  });
}
