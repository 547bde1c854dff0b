// Behaviour: a shared cache keeps apart what differs: one URL's answer is never served for another. Two
// requests that differ only in their query string (?q=alice, ?q=bob), in the Host they name, or in their
// scheme (HTTP, HTTPS) each get an entry of their own in nginx's cache (cache.conf: proxy_cache_key
// $scheme$host$request_uri): the first of each is a MISS the app made for that very URL, its repeat a HIT.
// nginx's default key is the proxy_pass URL (http://app/…): without that line, an answer made for HTTP was
// served over HTTPS, and alice.example's for bob.example (measured). Without a cache every request reaches
// the app.
// The app says which URL it answered (`made_for`): an answer made for another URL is the cache mixing them up.
import { randomUUID } from 'node:crypto';
import type { Answer, Cached, ProbeClient } from '../lib/clients/probe-client.js';
import type { Evidence } from '../lib/evidence/evidence.js';
import type { RunningStack } from '../lib/stacks/running-stack.js';
import type { StackDefinition } from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';

interface KeptApart {
  /** What the two requests differ in, as the messages name it: "the query string". */
  part: string;
  /** The two requests, each asked twice in turn (a, b, a, b). */
  requests: [
    { label: string; ask: () => Promise<Answer<Cached>> },
    { label: string; ask: () => Promise<Answer<Cached>> },
  ];
  /** What of the URL the app answered tells the two apart: the `q` parameter, the host, the scheme. */
  seen: (madeFor: URL) => string;
}

async function expectKeptApart(
  { part, requests, seen }: KeptApart,
  key: string,
  { stack, stackDefinition, evidence }: { stack: RunningStack; stackDefinition: StackDefinition; evidence: Evidence },
): Promise<void> {
  const [a, b] = requests;
  const answers = await test.step(`${a.label}, ${b.label}, then each again`, async () => [
    await a.ask(),
    await b.ask(),
    await a.ask(),
    await b.ask(),
  ]);
  const statuses = answers.map((r) => String(r.headers['x-cache-status'] ?? '(none)'));
  const madeFor = answers.map((r) => seen(new URL(r.data.made_for)));
  const madeByApp = new Set(answers.map((r) => r.data.origin_id)).size;
  evidence.key('X-Cache-Status', statuses);
  evidence.record('each answer made for', madeFor);
  evidence.record('answers made by the app', madeByApp);
  expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);

  const labels = [a.label, b.label, a.label, b.label];
  expect(
    madeFor,
    `a shared cache keeps apart what differs: requests that differ only in ${part} get their own entries, so each answer was made for its own request`,
  ).toEqual(labels);
  // Kept apart, yet kept: the repeat of each is its own entry's HIT (a cache that kept nothing would pass the check
  // above).
  const expected = stackDefinition.cachesApi
    ? ['MISS', 'MISS', 'HIT', 'HIT']
    : ['(none)', '(none)', '(none)', '(none)'];
  expect(statuses, `${part}: cache status of each request`).toEqual(expected);
  const made = expected.filter((s) => s !== 'HIT').length;
  expect(madeByApp, `${part}: answers made by the app`).toBe(made);
  expect(await stack.appRequestsContaining(key), `${part}: requests in the app's access logs`).toBe(made);
}

test('Two URLs that differ only in the query string get their own cache entries: ?q=alice never answers ?q=bob', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const key = randomUUID();
  const ask = (q: string) => ({ label: `?q=${q}`, ask: () => probe.cacheable({ key, q }) });
  await expectKeptApart(
    {
      part: 'the query string',
      requests: [ask('alice'), ask('bob')],
      seen: (url) => `?q=${url.searchParams.get('q')}`,
    },
    key,
    { stack, stackDefinition, evidence },
  );
});

test('Two sites behind one upstream get their own cache entries: Host alice.example never answers Host bob.example', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const key = randomUUID();
  // Any HTTP client names the site it wants in Host; nginx's server here answers every name (no server_name).
  const ask = (host: string) => ({ label: host, ask: () => probe.cacheable({ key }, { headers: { Host: host } }) });
  await expectKeptApart(
    { part: 'the Host', requests: [ask('alice.example'), ask('bob.example')], seen: (url) => url.hostname },
    key,
    { stack, stackDefinition, evidence },
  );
});

test('The same URL over HTTP and over HTTPS gets its own cache entry each', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  test.skip(!stackDefinition.tls, 'Serves plain HTTP only: there is no second scheme to keep apart.');
  const key = randomUUID();
  const https: ProbeClient = probe.via(probe.api, await stack.urlOf(stackDefinition.tls!.port, 'https'), {
    ca: stack.tlsCertificate,
  });
  const ask = (client: ProbeClient, scheme: string) => ({ label: scheme, ask: () => client.cacheable({ key }) });
  await expectKeptApart(
    {
      part: 'the scheme',
      requests: [ask(probe, 'http'), ask(https, 'https')],
      seen: (url) => url.protocol.replace(/:$/, ''),
    },
    key,
    { stack, stackDefinition, evidence },
  );
});
