// Behaviour: behind nginx the WSGI server only ever sees nginx. Werkzeug's ProxyFix, trusting exactly one
// hop (one proxy in front), gives the app back the client's address and the public host and port from
// nginx's X-Forwarded-* headers; a client that forges X-Forwarded-For cannot pass for someone else,
// because nginx appends the address it really saw and only that last entry is believed. Without a proxy
// the app needs no such trust: an X-Forwarded-For there is whatever the client chose to write.
import { expect, test } from '../fixtures/test.js';

interface Info {
  remote_addr: string;
  raw_remote_addr: string;
  trusted_proxy_hops: number;
  forwarded: { x_forwarded_for: string | null };
}

const forged = '203.0.113.66';

test('The app sees the real client address, and a forged X-Forwarded-For does not fool it', async ({ request, stack, stackDefinition, evidence }) => {
  const client = await stack.clientAddressAsSeenByContainers();
  const info = (await (await request.get('/api/info', { headers: { 'X-Forwarded-For': forged } })).json()) as Info;
  evidence.key('client address in the app', info.remote_addr);
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

test('The app builds its own absolute URLs with the public host and port', async ({ request, stack, evidence }) => {
  const { external_url: url } = (await (await request.get('/api/url')).json()) as { external_url: string };
  evidence.key('external URL', url);
  expect(url).toBe(`${stack.baseURL}/api/info`);
});

test('The app receives the Host the client used, not the upstream\'s name', async ({ request, stack, evidence }) => {
  const info = (await (await request.get('/api/info')).json()) as { raw_host: string };
  evidence.key('Host header the WSGI server received', info.raw_host);
  // nginx's default (proxy_set_header Host $proxy_host) would send "app", the upstream's name; this stack
  // sends $host, which drops the port (X-Forwarded-Host carries it).
  expect([stack.baseURL.replace('http://', ''), '127.0.0.1']).toContain(info.raw_host);
});
