// Behaviour: a forward proxy is the client's choice: a browser configured with it reaches the sites by
// name and sends the proxy the whole URL (absolute form, as squid logs it), where a request to a server or a
// reverse proxy carries only the path; the same browser without the setting reaches nothing, because the
// sites' names do not even resolve outside the office network.
import { randomUUID } from 'node:crypto';
import { expect, test } from '../../fixtures/forward-proxy.js';
import { forwardProxy as office } from '../../lib/forward-proxy/office.js';

test('Only a browser configured with the proxy reaches the sites, and it sends the proxy the whole URL', async ({
  forwardProxy,
  officeVisit,
  shop,
  evidence,
}) => {
  const visit = randomUUID();
  const since = new Date();
  const url = shop.route('info', { visit });
  const configured = await test.step('a browser configured with the office proxy', async () => officeVisit(url));
  const unconfigured = await test.step('the same browser without the proxy setting', async () =>
    officeVisit(url, { proxy: 'none' }));
  evidence.key(
    'with / without the proxy setting',
    `${configured.status} / ${unconfigured.error ?? unconfigured.status}`,
    { id: 'with-and-without' },
  );
  expect(configured.status, 'status through the proxy').toBe(200);
  expect(unconfigured.error, `without the proxy ${office.sites.shop.host} does not resolve`).toBe(
    'net::ERR_NAME_NOT_RESOLVED',
  );
  const line = (await forwardProxy.accessLog('office', since)).find((l) => l.url.includes(visit) && l.status === 200);
  evidence.record('request line the proxy received', `${String(line?.method)} ${String(line?.url)}`);
  expect(line?.url, 'the proxy received the whole URL (absolute form)').toBe(url);
});
