// Behaviour: behind nginx the WSGI server only ever sees nginx. Werkzeug's ProxyFix, trusting exactly one
// hop (one proxy in front), gives the app back the client's address and the public host and port from
// nginx's X-Forwarded-* headers; a client that forges X-Forwarded-For cannot pass for someone else,
// because nginx appends the address it really saw and only that last entry is believed. Without a proxy
// the app needs no such trust: an X-Forwarded-For there is whatever the client chose to write.
import { expect, test } from '../fixtures/test.js';

const forged = '203.0.113.66';

test('The app sees the real client address, and a forged X-Forwarded-For does not fool it', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const client = await stack.clientAddressAsSeenByContainers();
  const info = (await probe.info({ 'X-Forwarded-For': forged })).data;
  // The matrix compares stacks: it shows whose address it is; the address itself (each stack has its own network) is
  // evidence.
  evidence.key(
    'client address in the app',
    info.remote_addr === client
      ? "the client's own"
      : info.remote_addr === forged
        ? 'the forged one'
        : info.remote_addr,
  );
  evidence.record('client address', client);
  evidence.record('X-Forwarded-For reaching the app', info.forwarded.x_forwarded_for ?? '(none)');
  evidence.record('trusted proxy hops', info.trusted_proxy_hops);

  expect(info.trusted_proxy_hops, 'ProxyFix hops configured for this stack').toBe(stackDefinition.trustedProxyHops);
  expect(info.remote_addr, 'the address the app uses for the client').toBe(client);
  expect(info.remote_addr).not.toBe(forged);
  if (stackDefinition.proxy) {
    expect(info.forwarded.x_forwarded_for, 'nginx appended the address it saw').toBe(`${forged}, ${client}`);
  } else {
    expect(info.forwarded.x_forwarded_for, 'passed through verbatim: never trust it without a proxy').toBe(forged);
  }
});

test('The app builds its own absolute URLs with the public host and port', async ({ probe, evidence }) => {
  const url = (await probe.builtUrls()).data.external_url;
  evidence.key('external URL', url === probe.route('info') ? 'the address the client used' : url);
  evidence.record('URL the app builds', url);
  expect(url, 'the URL the app builds for itself').toBe(probe.route('info'));
});

test("The app receives the Host the client used, not the upstream's name", async ({
  probe,
  stackDefinition,
  evidence,
}) => {
  const info = (await probe.info()).data;
  const sent = new URL(probe.baseURL).host;
  const host = new URL(probe.baseURL).hostname;
  evidence.key(
    'Host header the WSGI server received',
    info.raw_host === sent
      ? "the client's, with its port"
      : info.raw_host === host
        ? "the client's, without the port"
        : info.raw_host,
  );
  evidence.record('Host received', info.raw_host);
  evidence.record('Host the client sent', sent);
  // nginx's default (proxy_set_header Host $proxy_host) would send "app", the upstream's name; this stack
  // sends $host, which drops the port (X-Forwarded-Host carries it).
  expect(info.raw_host, 'the Host header the WSGI server received').toBe(
    stackDefinition.hostSeenByApp === 'as-sent' ? sent : host,
  );
});
