// Behaviour: the site sees the proxy, not the office's machines — but only an anonymous proxy keeps it at
// that: with squid's defaults the request arrives from the proxy's address and still names the client in
// X-Forwarded-For and the proxy (name and version) in Via; with `forwarded_for delete` and `via off`
// (compose/forward-proxy/anonymous.conf) the site gets the proxy's address and nothing else.
import { randomUUID } from 'node:crypto';
import type { Info } from '../../lib/clients/probe-client.js';
import { expect, test } from '../../fixtures/forward-proxy.js';
import { forwardProxy as office } from '../../lib/forward-proxy/office.js';

test("By default the site sees the proxy's address, the client's in X-Forwarded-For and the proxy in Via", async ({
  forwardProxy,
  shop,
  evidence,
}) => {
  const visit = randomUUID();
  const since = new Date();
  const info = JSON.parse((await forwardProxy.get(shop.route('info', { visit }))).body) as Info;
  const proxyAddress = await forwardProxy.addressOf(office.proxies.office);
  const client = (await forwardProxy.accessLog('office', since)).find((l) => l.url.includes(visit))?.client;
  evidence.key(
    'the site saw',
    `from the proxy; X-Forwarded-For: ${info.forwarded.x_forwarded_for === client ? "the client's address" : String(info.forwarded.x_forwarded_for)}; Via: ${String(info.forwarded.via)}`,
    { id: 'by-default' },
  );
  evidence.record('connection from', info.remote_addr);
  evidence.record('client address as the proxy saw it', String(client));
  expect(info.remote_addr, 'the address the site sees a connection from is the proxy').toBe(proxyAddress);
  expect(info.remote_addr, "the site does not see the client's address as the peer").not.toBe(client);
  expect(info.forwarded.x_forwarded_for, "X-Forwarded-For names the client (squid's default forwarded_for on)").toBe(
    client,
  );
  expect(info.forwarded.via, "Via names the proxy and its version (squid's default via on)").toMatch(
    /^1\.1 office-proxy \(squid\/[\d.]+\)$/,
  );
});

test("An anonymous proxy (forwarded_for delete, via off) leaves the site only the proxy's address", async ({
  forwardProxy,
  shop,
  evidence,
}) => {
  const visit = randomUUID();
  const info = JSON.parse((await forwardProxy.get(shop.route('info', { visit }), { proxy: 'anonymous' })).body) as Info;
  const proxyAddress = await forwardProxy.addressOf(office.proxies.anonymous);
  evidence.key(
    'the site saw',
    `from the proxy; X-Forwarded-For: ${String(info.forwarded.x_forwarded_for ?? '(none)')}; Via: ${String(info.forwarded.via ?? '(none)')}`,
    { id: 'anonymous' },
  );
  evidence.record('connection from', info.remote_addr);
  expect(info.remote_addr, 'the address the site sees a connection from is the proxy').toBe(proxyAddress);
  expect(info.forwarded.x_forwarded_for, 'no X-Forwarded-For').toBeNull();
  expect(info.forwarded.via, 'no Via').toBeNull();
});
