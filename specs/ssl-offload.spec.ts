// Behaviour: TLS ends at nginx (SSL offload). It ends there, with a certificate made for this run: the
// browser gets HTTPS and HTTP/2, TLS 1.0 and 1.1 are refused, a returning client resumes its session with an
// abbreviated handshake, plain HTTP is sent to HTTPS, and the Gunicorn replicas behind speak plain HTTP/1.0
// on the private network. The app learns the request was HTTPS only from nginx's X-Forwarded-Proto, and
// its own view is https (request.scheme, the URLs it builds, the Location of its redirects) only because
// ProxyFix trusts that one hop: from what the WSGI server saw itself it would build http URLs without the
// public port. Without nginx there is no TLS at all. The notes call this "SSL acceleration": concretely, the
// app never does any cryptography, and nginx makes repeat visits cheap (session resumption, keep-alive,
// HTTP/2).
import type { SecureVersion } from 'node:tls';
import { parseJson } from '../lib/clients/http.js';
import type { Info } from '../lib/clients/probe-client.js';
import { serverSoftware } from '../lib/stacks/definitions.js';
import { handshake, http2Get } from '../lib/clients/tls-client.js';
import { expect, test } from '../fixtures/test.js';

const noTls = 'Serves plain HTTP only: there is no TLS to negotiate (the first test shows the handshake failing).';

test('TLS ends at nginx, which speaks HTTP/2 to the client and plain HTTP to the app', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  if (!stackDefinition.tls) {
    // A sync worker reads the handshake as the start of a request and waits for the rest until Gunicorn's
    // timeout kills it: its replacement boots a moment after this test, so the stack is put back now.
    if (stackDefinition.gunicorn)
      stack.declareChanged(
        stackDefinition.appReplicas[0] ?? 'app',
        'a worker held by a TLS handshake until its timeout',
      );
    const attempt = await handshake(stack.port);
    evidence.key('TLS handshake', attempt.ok ? `${attempt.protocol}` : `fails (${attempt.error})`, {
      id: 'tls-handshake',
    });
    expect(attempt.ok, 'a plain-HTTP server cannot complete a TLS handshake').toBe(false);
    return;
  }
  const port = await stack.publishedPortOf(stackDefinition.tls.port);
  const origin = `https://127.0.0.1:${port}`;
  const agreed = await test.step('handshake offering h2 and http/1.1', () =>
    handshake(port, { ca: stack.tlsCertificate, alpn: ['h2', 'http/1.1'] }));
  evidence.key(
    'TLS handshake',
    agreed.ok ? `${agreed.protocol}, ${agreed.alpn ?? 'no ALPN'}` : `fails (${agreed.error})`,
    { id: 'tls-handshake' },
  );
  expect(agreed, 'a TLS handshake agreeing on HTTP/2').toMatchObject({ ok: true, alpn: 'h2' });
  expect(stackDefinition.tls.protocols, 'the version agreed is one the stack accepts').toContain(agreed.protocol);

  const answer = await test.step('GET /api/info over HTTP/2', () =>
    http2Get(origin, `${probe.api}/info`, stack.tlsCertificate));
  const info = parseJson<Info>('GET /api/info over HTTP/2', answer.status, undefined, answer.body);
  evidence.record('X-Forwarded-Proto reaching the app', info.forwarded.x_forwarded_proto ?? '(none)');
  evidence.record('app server behind', info.server_software);
  expect(answer.status).toBe(200);
  expect(answer.alpn, 'the request went over HTTP/2').toBe('h2');
  expect(info.forwarded.x_forwarded_proto, 'nginx tells the app the client used HTTPS').toBe('https');
  expect(info.scheme, 'and the app, trusting nginx, believes it').toBe('https');
  expect(info.server_software, 'the app itself still speaks plain HTTP to nginx').toMatch(
    serverSoftware[stackDefinition.appServer],
  );
});

test('TLS 1.0 and 1.1 are refused, TLS 1.2 and 1.3 accepted', async ({ stack, stackDefinition, evidence }) => {
  test.skip(!stackDefinition.tls, noTls);
  const port = await stack.publishedPortOf(stackDefinition.tls!.port);
  const versions: SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const outcomes: Record<string, string> = {};
  for (const version of versions) {
    const result = await test.step(`handshake offering only ${version}`, () =>
      handshake(port, { ca: stack.tlsCertificate, minVersion: version, maxVersion: version }));
    outcomes[version] = result.ok ? 'accepted' : `refused (${result.error})`;
  }
  evidence.key(
    'accepted',
    versions.filter((v) => outcomes[v] === 'accepted'),
  );
  evidence.record('handshakes', outcomes);
  for (const version of versions)
    expect(outcomes[version], version).toEqual(
      stackDefinition.tls!.protocols.includes(version) ? 'accepted' : expect.stringMatching(/^refused/),
    );
});

test('A returning client resumes its TLS session instead of a full handshake', async ({
  stack,
  stackDefinition,
  evidence,
}) => {
  test.skip(!stackDefinition.tls, noTls);
  const port = await stack.publishedPortOf(stackDefinition.tls!.port);
  const first = await test.step('first visit: a full handshake', () => handshake(port, { ca: stack.tlsCertificate }));
  expect(first.session, 'the server handed out a session to resume').toBeTruthy();
  const again = await test.step('second visit, offering that session', () =>
    handshake(port, { ca: stack.tlsCertificate, session: first.session }));
  evidence.key('second handshake', again.resumed ? 'resumed' : 'full', { id: 'resumed' });
  evidence.record('first handshake', first.resumed ? 'resumed' : 'full');
  evidence.record('handshake time, full / resumed', `${first.ms.toFixed(1)} / ${again.ms.toFixed(1)}`, 'ms');
  expect(first.resumed, 'the first visit is a full handshake').toBe(false);
  expect(again.resumed, 'resumed: no certificate exchange, one round trip less').toBe(true);
});

test('Plain HTTP is redirected to HTTPS with the path and query kept', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  test.skip(!stackDefinition.tls, noTls);
  const redirector = probe.via(probe.api, await stack.urlOf(stackDefinition.tls!.redirectPort, 'http'));
  const answer = await redirector.get(redirector.url('/about?tab=2'));
  evidence.key('answer', `${answer.status} → ${answer.headers.location ?? '(no Location)'}`);
  expect(answer.status).toBe(301);
  // The client's host, on HTTPS's own port: what a browser typing http://example.org/ is sent to.
  expect(answer.headers.location, 'the same path and query, on HTTPS').toBe('https://127.0.0.1/about?tab=2');
});

test('Behind TLS the app knows the request was HTTPS: its request.scheme, the URL it builds and its redirect all say https', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  // Without TLS the app's own view is the plain HTTP the client used, and that is what it must say.
  const tls = stackDefinition.tls;
  const client = tls ? probe.via(probe.api, await stack.urlOf(tls.port, 'https'), { ca: stack.tlsCertificate }) : probe;
  const scheme = tls ? 'https' : 'http';
  const behaviour = tls ? 'behind TLS the app knows it is HTTPS' : 'over plain HTTP the app knows it is HTTP';
  const { info, urls, redirect } =
    await test.step(`over ${scheme}: what the app believes (/api/info), builds (/api/url) and redirects to (/api/redirect)`, async () => ({
      info: (await client.info()).data,
      urls: (await client.builtUrls()).data,
      redirect: await client.absoluteRedirect(),
    }));
  const location = redirect.headers.location ?? '(no Location)';
  const schemeOf = (url: string) => (URL.canParse(url) ? new URL(url).protocol.replace(/:$/, '') : url);
  evidence.key("the app's scheme: request.scheme / url_for / redirect", [
    info.scheme,
    schemeOf(urls.external_url),
    schemeOf(location),
  ]);
  evidence.record('URL the app builds', urls.external_url);
  evidence.record('Location of its redirect', location);
  evidence.record('X-Forwarded-Proto reaching the app', info.forwarded.x_forwarded_proto ?? '(none)');

  expect(info.scheme, `${behaviour}: request.scheme`).toBe(scheme);
  expect(
    urls.external_url,
    `${behaviour}: the URL it builds (url_for(_external=True)) is the address the client used`,
  ).toBe(client.route('info'));
  expect(redirect.status, 'the app redirects').toBe(302);
  expect(location, `${behaviour}: the Location of the redirect it makes is the address the client used`).toBe(
    client.route('info'),
  );
});

test('Behind TLS the app builds https URLs only because it trusts X-Forwarded-Proto', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  if (!stackDefinition.tls) {
    // Without a proxy nothing may be trusted: a client claiming HTTPS and another host must not change the URL.
    const forged = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example' };
    const urls = (await probe.builtUrls(forged)).data;
    evidence.key(
      'URL the app builds',
      urls.external_url === probe.route('info')
        ? 'http, the address the client used: forwarded headers ignored'
        : urls.external_url,
    );
    evidence.record('URL', urls.external_url);
    evidence.record('sent', 'X-Forwarded-Proto: https, X-Forwarded-Host: evil.example');
    expect(stackDefinition.trustedProxyHops, 'no proxy, no trusted hops').toBe(0);
    expect(urls.external_url, 'the forwarded headers of a client are ignored').toBe(probe.route('info'));
    return;
  }
  const origin = await stack.urlOf(stackDefinition.tls.port, 'https');
  const https = probe.via(probe.api, origin, { ca: stack.tlsCertificate });
  const urls = (await https.builtUrls()).data;
  evidence.key(
    'URL the app builds',
    urls.external_url === https.route('info') ? 'https, the address the client used' : urls.external_url,
  );
  evidence.record('URL', urls.external_url);
  evidence.record('the same without ProxyFix', urls.external_url_without_proxy_fix);

  expect(urls.external_url, 'the address the client used').toBe(https.route('info'));
  expect(stackDefinition.trustedProxyHops, 'ProxyFix trusts the one proxy in front').toBeGreaterThan(0);
  // nginx passes Host without the port, and speaks http to the app: a link the client cannot follow.
  expect(urls.external_url_without_proxy_fix, 'what the app would build from what the WSGI server saw').toBe(
    'http://127.0.0.1/api/info',
  );
});
