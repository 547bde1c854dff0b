// Behaviour: only the office's users reach the web through the proxy: without credentials it answers 407
// with a Proxy-Authenticate challenge and forwards nothing, with the run's user and password the page comes
// back and squid's log names the user, with a wrong password it answers 407 again. The password file is
// made at run time (basic_ncsa_auth, SHA-512 crypt) and never committed.
import { randomUUID } from 'node:crypto';
import { expect, test } from '../../fixtures/forward-proxy.js';
import { getThroughProxy } from '../../lib/clients/proxy-client.js';

test('Without credentials the proxy asks for them (407, Proxy-Authenticate) and forwards nothing', async ({
  forwardProxy,
  officeVisit,
  shop,
  evidence,
}) => {
  const visit = randomUUID();
  const since = new Date();
  const url = shop.route('info', { visit });
  const challenge = await test.step('a request with no Proxy-Authorization, as the protocol sees it', async () =>
    getThroughProxy(forwardProxy.port('office'), url));
  evidence.record('Proxy-Authenticate', String(challenge.headers['proxy-authenticate']));
  expect(challenge.status, 'status without credentials').toBe(407);
  expect(String(challenge.headers['proxy-authenticate']), 'the challenge names the scheme and realm').toMatch(
    /^Basic realm="office proxy"/,
  );
  const page = await test.step('a browser configured with the proxy but no user', async () =>
    officeVisit(url, { credentials: 'none' }));
  evidence.key('without credentials', `${challenge.status}; the browser: ${page.error ?? page.status}`, {
    id: 'no-credentials',
  });
  expect(page.error ?? String(page.status), 'what a browser without credentials shows').toBe(
    'net::ERR_INVALID_AUTH_CREDENTIALS',
  );
  const atSite = await forwardProxy.originRequests('shop', visit, since);
  evidence.record('requests at the site', atSite.length);
  expect(atSite.length, 'requests that reached the site').toBe(0);
});

test("The run's user and password get through, and squid's log names the user", async ({
  forwardProxy,
  officeVisit,
  shop,
  evidence,
}) => {
  const visit = randomUUID();
  const since = new Date();
  const page = await officeVisit(shop.route('info', { visit }));
  evidence.key('with the right password', page.status, { id: 'right-password' });
  expect(page.status, "status with the run's user and password").toBe(200);
  // The browser asks without credentials first, and again with them after the 407.
  const line = (await forwardProxy.accessLog('office', since)).find((l) => l.url.includes(visit) && l.status !== 407);
  evidence.record("user in squid's log", String(line?.user));
  expect(line?.user, 'the user squid logged for the request').toBe(forwardProxy.credentials.username);
});

test('A wrong password is refused like none (407) and forwards nothing', async ({
  forwardProxy,
  officeVisit,
  shop,
  evidence,
}) => {
  const visit = randomUUID();
  const since = new Date();
  const credentials = {
    username: forwardProxy.credentials.username,
    password: `${forwardProxy.credentials.password}-wrong`,
  };
  const page = await officeVisit(shop.route('info', { visit }), { credentials });
  evidence.key('with a wrong password', page.status, { id: 'wrong-password' });
  expect(page.status, 'status with a wrong password').toBe(407);
  const atSite = await forwardProxy.originRequests('shop', visit, since);
  evidence.record('requests at the site', atSite.length);
  expect(atSite.length, 'requests that reached the site').toBe(0);
});
