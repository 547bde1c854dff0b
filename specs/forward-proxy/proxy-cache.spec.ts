// Behaviour: a forward proxy answers a second office machine's visit to a page another one already fetched
// from its cache: squid says HIT (its X-Cache header, TCP_MEM_HIT in its log) and the site sees one request
// for two visits. An answer marked no-store is fetched from the site on every visit, and so is a visit that
// asks for a fresh copy (Cache-Control: no-cache, a browser's reload).
import { randomUUID } from 'node:crypto';
import type { Cached } from '../../fixtures/probe-client.js';
import { expect, test } from '../../fixtures/forward-proxy/test.js';
import { formatAccessLine } from '../../fixtures/forward-proxy/squid-log.js';
import type { RunningForwardProxy } from '../../fixtures/forward-proxy/running-forward-proxy.js';
import type { Evidence } from '../../fixtures/evidence.js';

/** The site's access log: how many of the test's requests reached it (the ones the proxy did not answer). */
async function expectRequestsAtSite(forwardProxy: RunningForwardProxy, key: string, since: Date, expected: number, evidence: Evidence): Promise<void> {
  await test.step(`the site saw ${expected} request(s)`, async () => {
    const atSite = await forwardProxy.originRequests('shop', key, since);
    evidence.record('requests at the site', atSite.length);
    expect(atSite.length, "requests in the site's access log").toBe(expected);
  });
}

/** "HIT from office-proxy" → "HIT": squid's verdict, without its name. */
const cacheVerdict = (header: string | string[] | undefined): string => String(header ?? '(none)').split(' ')[0] ?? '(none)';

test("A second office machine's visit to a cacheable page is answered by the proxy, and the site sees one request", async ({ forwardProxy, shop, evidence }) => {
  const key = randomUUID();
  const since = new Date();
  const url = shop.cacheableRoute({ key, ttl: 300 });
  const visits = await test.step('two office machines fetch the same cacheable page, one after the other', async () => [await forwardProxy.get(url), await forwardProxy.get(url)]);
  const verdicts = visits.map((v) => cacheVerdict(v.headers['x-cache']));
  evidence.key('X-Cache of two visits', verdicts);
  expect(visits.map((v) => v.status)).toEqual([200, 200]);
  expect(verdicts, "squid's X-Cache header on each visit").toEqual(['MISS', 'HIT']);
  const [first, second] = visits.map((v) => JSON.parse(v.body) as Cached);
  expect(second?.origin_id, 'the second answer is the first one, kept by the proxy').toBe(first?.origin_id);

  await test.step("squid's log says where each answer came from", async () => {
    const lines = (await forwardProxy.accessLog('office', since)).filter((l) => l.url.includes(key));
    evidence.record("squid's log", lines.map(formatAccessLine));
    expect(lines.map((l) => l.code), "squid's result codes").toEqual(['TCP_MISS', 'TCP_MEM_HIT']);
  });
  await expectRequestsAtSite(forwardProxy, key, since, 1, evidence);
});

test('An answer marked no-store is fetched from the site on every visit', async ({ forwardProxy, shop, evidence }) => {
  const key = randomUUID();
  const since = new Date();
  const url = shop.cacheableRoute({ key, variant: 'no-store' });
  const visits = await test.step('two office machines fetch the same no-store page', async () => [await forwardProxy.get(url), await forwardProxy.get(url)]);
  const verdicts = visits.map((v) => cacheVerdict(v.headers['x-cache']));
  evidence.key('X-Cache of two visits', verdicts);
  evidence.record('Cache-Control from the site', String(visits[0]?.headers['cache-control']));
  expect(verdicts, "squid's X-Cache header on each visit").toEqual(['MISS', 'MISS']);
  expect(new Set(visits.map((v) => (JSON.parse(v.body) as Cached).origin_id)).size, 'answers the site made').toBe(2);
  await expectRequestsAtSite(forwardProxy, key, since, 2, evidence);
});

test("A visit that asks for a fresh copy (a browser's reload) goes past the cache to the site", async ({ forwardProxy, shop, evidence }) => {
  const key = randomUUID();
  const since = new Date();
  const url = shop.cacheableRoute({ key, ttl: 300 });
  const reload = { 'Cache-Control': 'no-cache', Pragma: 'no-cache' };
  const visits = await test.step('a machine fetches a cacheable page, another reloads it (Cache-Control: no-cache), a third fetches it', async () => [
    await forwardProxy.get(url),
    await forwardProxy.get(url, { headers: reload }),
    await forwardProxy.get(url),
  ]);
  const verdicts = visits.map((v) => cacheVerdict(v.headers['x-cache']));
  evidence.key('X-Cache of visit, reload, visit', verdicts);
  expect(verdicts, "squid's X-Cache header: the reload is not answered from the cache").toEqual(['MISS', 'MISS', 'HIT']);
  const ids = visits.map((v) => (JSON.parse(v.body) as Cached).origin_id);
  expect(ids[2], 'the third visit gets the copy the reload fetched').toBe(ids[1]);
  await expectRequestsAtSite(forwardProxy, key, since, 2, evidence);
});
