// Behaviour: a forward proxy answers a second office machine's visit to a page another one already fetched
// from its cache: squid says HIT (TCP_MEM_HIT in its log, and in a header: X-Cache up to squid 5, the
// standard Cache-Status of RFC 9211 since squid 6) and the site sees one request for two visits. Pages that
// differ only in the query string are kept apart (squid keys on the whole URL): ?q=alice never answers
// ?q=bob. An answer marked no-store is fetched from the site on every visit, and so is a visit that asks
// for a fresh copy (Cache-Control: no-cache, a browser's reload).
import { randomUUID } from 'node:crypto';
import type { Cached } from '../../lib/clients/probe-client.js';
import { expect, test } from '../../fixtures/forward-proxy.js';
import { formatAccessLine } from '../../lib/forward-proxy/squid-log.js';
import type { RunningForwardProxy } from '../../lib/forward-proxy/running-forward-proxy.js';
import type { Evidence, KeyOptions } from '../../lib/evidence/evidence.js';

/** The site's access log: how many of the test's requests reached it (the ones the proxy did not answer). */
async function expectRequestsAtSite(
  forwardProxy: RunningForwardProxy,
  key: string,
  since: Date,
  expected: number,
  evidence: Evidence,
): Promise<void> {
  await test.step(`the site saw ${expected} request(s)`, async () => {
    const atSite = await forwardProxy.originRequests('shop', key, since);
    evidence.record('requests at the site', atSite.length);
    expect(atSite.length, "requests in the site's access log").toBe(expected);
  });
}

/** squid's access log: where each answer came from, in the result codes every squid version writes. */
async function expectResultCodes(
  forwardProxy: RunningForwardProxy,
  key: string,
  since: Date,
  expected: string[],
  evidence: Evidence,
): Promise<void> {
  await test.step("squid's log says where each answer came from", async () => {
    const lines = (await forwardProxy.accessLog('office', since)).filter((l) => l.url.includes(key));
    evidence.record("squid's log", lines.map(formatAccessLine));
    expect(
      lines.map((l) => l.code),
      "squid's result codes in its access log",
    ).toEqual(expected);
  });
}

/**
 * squid's own word on each answer, from whichever header its version sends: `X-Cache: HIT from office-proxy`
 * (squid 5 and before) or `Cache-Status: office-proxy;hit;detail=match` / `office-proxy;detail=mismatch` (squid 6).
 */
function cacheVerdict(headers: Record<string, string | string[] | undefined>): { verdict: string; header: string } {
  const xCache = headers['x-cache'];
  if (xCache !== undefined) return { verdict: String(xCache).split(' ')[0] ?? '(none)', header: 'X-Cache' };
  const status = headers['cache-status'];
  if (status !== undefined) {
    // The last member is this proxy's (RFC 9211: each cache appends its own); without `hit` it was not served
    // from the cache (squid 6.13 says `office-proxy;detail=mismatch` for a miss, `detail=no-cache` for a reload).
    const params =
      String(status)
        .split(',')
        .pop()
        ?.split(';')
        .map((p) => p.trim()) ?? [];
    return { verdict: params.includes('hit') ? 'HIT' : 'MISS', header: 'Cache-Status' };
  }
  return { verdict: '(none)', header: '(none)' };
}

/** What the proxy's headers said of each visit, recorded with the header squid's version uses. */
function verdictsOf(
  visits: { headers: Record<string, string | string[] | undefined> }[],
  evidence: Evidence,
  name: string,
  key: KeyOptions = {},
): string[] {
  const seen = visits.map((v) => cacheVerdict(v.headers));
  const verdicts = seen.map((s) => s.verdict);
  evidence.key(name, verdicts, key);
  evidence.behaviour("squid's cache header", [...new Set(seen.map((s) => s.header))].join(', '), ['squid']);
  evidence.record(
    'raw cache headers',
    visits.map((v) => String(v.headers['x-cache'] ?? v.headers['cache-status'] ?? '(none)')),
  );
  return verdicts;
}

test("A second office machine's visit to a cacheable page is answered by the proxy, and the site sees one request", async ({
  forwardProxy,
  shop,
  evidence,
}) => {
  const key = randomUUID();
  const since = new Date();
  const url = shop.cacheableRoute({ key, ttl: 300 });
  const visits = await test.step('two office machines fetch the same cacheable page, one after the other', async () =>
    forwardProxy.visitsInTurn([url, url], key));
  const verdicts = verdictsOf(visits, evidence, 'cache verdict of two visits', { id: 'second-visit' });
  expect(visits.map((v) => v.status)).toEqual([200, 200]);
  expect(verdicts, "squid's cache header (X-Cache, or Cache-Status since squid 6) on each visit").toEqual([
    'MISS',
    'HIT',
  ]);
  const [first, second] = visits.map((v) => JSON.parse(v.body) as Cached);
  expect(second?.origin_id, 'the second answer is the first one, kept by the proxy').toBe(first?.origin_id);

  await expectResultCodes(forwardProxy, key, since, ['TCP_MISS', 'TCP_MEM_HIT'], evidence);
  await expectRequestsAtSite(forwardProxy, key, since, 1, evidence);
});

test('Two pages that differ only in the query string are cached apart: ?q=alice never answers ?q=bob', async ({
  forwardProxy,
  shop,
  evidence,
}) => {
  const key = randomUUID();
  const since = new Date();
  const urls = ['alice', 'bob'].map((q) => shop.cacheableRoute({ key, ttl: 300, q }));
  const visits = await test.step('office machines fetch ?q=alice, ?q=bob, then each again', async () =>
    forwardProxy.visitsInTurn([...urls, ...urls], key));
  const verdicts = verdictsOf(visits, evidence, 'cache verdict of ?q=alice, ?q=bob, ?q=alice, ?q=bob');
  const madeFor = visits.map((v) => `?q=${new URL((JSON.parse(v.body) as Cached).made_for).searchParams.get('q')}`);
  evidence.record('each answer made for', madeFor);
  expect(visits.map((v) => v.status)).toEqual([200, 200, 200, 200]);
  expect(
    madeFor,
    'a shared cache keeps apart what differs: pages that differ only in the query string get their own entries, so each answer was made for its own page',
  ).toEqual(['?q=alice', '?q=bob', '?q=alice', '?q=bob']);
  expect(
    verdicts,
    "squid's cache header (X-Cache, or Cache-Status since squid 6): each page's repeat is its own entry's HIT",
  ).toEqual(['MISS', 'MISS', 'HIT', 'HIT']);
  await expectResultCodes(forwardProxy, key, since, ['TCP_MISS', 'TCP_MISS', 'TCP_MEM_HIT', 'TCP_MEM_HIT'], evidence);
  await expectRequestsAtSite(forwardProxy, key, since, 2, evidence);
});

test('An answer marked no-store is fetched from the site on every visit', async ({ forwardProxy, shop, evidence }) => {
  const key = randomUUID();
  const since = new Date();
  const url = shop.cacheableRoute({ key, variant: 'no-store' });
  const visits = await test.step('two office machines fetch the same no-store page', async () =>
    forwardProxy.visitsInTurn([url, url], key));
  const verdicts = verdictsOf(visits, evidence, 'cache verdict of two visits');
  evidence.record('Cache-Control from the site', String(visits[0]?.headers['cache-control']));
  expect(verdicts, "squid's cache header (X-Cache, or Cache-Status since squid 6) on each visit").toEqual([
    'MISS',
    'MISS',
  ]);
  await expectResultCodes(forwardProxy, key, since, ['TCP_MISS', 'TCP_MISS'], evidence);
  expect(new Set(visits.map((v) => (JSON.parse(v.body) as Cached).origin_id)).size, 'answers the site made').toBe(2);
  await expectRequestsAtSite(forwardProxy, key, since, 2, evidence);
});

test("A visit that asks for a fresh copy (a browser's reload) goes past the cache to the site", async ({
  forwardProxy,
  shop,
  evidence,
}) => {
  const key = randomUUID();
  const since = new Date();
  const url = shop.cacheableRoute({ key, ttl: 300 });
  const reload = { 'Cache-Control': 'no-cache', Pragma: 'no-cache' };
  const visits =
    await test.step('a machine fetches a cacheable page, another reloads it (Cache-Control: no-cache), a third fetches it', async () =>
      forwardProxy.visitsInTurn([url, url, url], key, { headers: [undefined, reload, undefined] }));
  const verdicts = verdictsOf(visits, evidence, 'cache verdict of visit, reload, visit');
  expect(
    verdicts,
    "squid's cache header (X-Cache, or Cache-Status since squid 6): the reload is not answered from the cache",
  ).toEqual(['MISS', 'MISS', 'HIT']);
  const ids = visits.map((v) => (JSON.parse(v.body) as Cached).origin_id);
  expect(ids[2], 'the third visit gets the copy the reload fetched').toBe(ids[1]);
  await expectRequestsAtSite(forwardProxy, key, since, 2, evidence);
});
