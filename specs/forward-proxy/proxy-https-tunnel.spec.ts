// Behaviour: HTTPS through a forward proxy is a tunnel (CONNECT): the browser is shown the site's own
// certificate, and the proxy sees only the host name, the port and byte counts — never the path or the
// content. So what it does for plain HTTP stops at the tunnel: nothing is cached and nothing is scanned
// (the EICAR test file arrives intact), unless the proxy intercepts TLS, which this one does not.
import { createHash, randomUUID } from 'node:crypto';
import { expect, test } from '../../fixtures/forward-proxy.js';
import { forwardProxy as office, siteUrl } from '../../lib/forward-proxy/office.js';
import { formatAccessLine } from '../../lib/forward-proxy/squid-log.js';

test("A browser reaches an HTTPS site through a tunnel, is shown the site's own certificate, and the proxy logs only host, port and bytes", async ({
  forwardProxy,
  officeVisit,
  evidence,
}) => {
  const visit = randomUUID();
  const since = new Date();
  const page = await test.step(`a browser visits https://${office.sites.secure.host}`, async () =>
    officeVisit(siteUrl('secure', office.files.page, { visit })));
  expect(page.status, `status of the HTTPS page${page.error ? ` (${page.error})` : ''}`).toBe(200);
  evidence.record(
    'certificate shown to the browser',
    `${String(page.certificate?.subjectName)}, issued by ${String(page.certificate?.issuer)} (${String(page.certificate?.protocol)})`,
  );
  expect(page.certificate?.subjectName, "the certificate is the site's own, not the proxy's").toBe(
    office.sites.secure.host,
  );
  const lines = await test.step("what squid's log shows of it", async () =>
    (await forwardProxy.accessLog('office', since)).filter((l) => l.url.startsWith(office.sites.secure.host)));
  const tunnel = lines.find((l) => l.status === 200);
  evidence.key("the proxy's log", tunnel ? formatAccessLine(tunnel) : '(no tunnel)', { id: 'tunnel-log' });
  expect(tunnel?.method, 'the browser asked the proxy for a tunnel').toBe('CONNECT');
  expect(tunnel?.url, 'all the proxy learns of the URL').toBe(`${office.sites.secure.host}:443`);
  expect(tunnel?.bytes ?? 0, 'bytes the proxy passed on (encrypted)').toBeGreaterThan(0);
  const everything = (await forwardProxy.accessLog('office', since)).map((l) => l.url);
  expect(
    everything.filter((u) => u.includes(visit)),
    'lines of the proxy that show the path',
  ).toEqual([]);
  const atSite = await forwardProxy.originRequests('secure', visit, since);
  evidence.record(
    'the site saw',
    atSite.map((l) => /"([A-Z]+ \S+)/.exec(l)?.[1] ?? l),
  );
  if (page.navigations > 1 || page.abandoned.length > 0)
    evidence.record(
      'times the browser asked (Chromium abandoned a navigation for a network change)',
      `${page.navigations}: ${page.abandoned.join('; ')}`,
    );
  expect(atSite.length, 'the site saw the full request').toBeGreaterThanOrEqual(1);
  expect(
    atSite.length,
    'the site saw the full request, at most once for each time the browser asked',
  ).toBeLessThanOrEqual(page.navigations);
});

test('Through the tunnel nothing is cached: two visits reach the site twice, over plain HTTP once', async ({
  forwardProxy,
  clientVia,
  evidence,
}) => {
  const since = new Date();
  const visit = randomUUID();
  const requestsAtSite: Record<string, number> = {};
  for (const site of ['downloads', 'secure'] as const) {
    const url = siteUrl(site, office.files.clean, { visit });
    await test.step(`two office machines fetch ${url}`, async () => {
      for (let i = 0; i < 2; i += 1) {
        // Playwright's request tunnels through CONNECT, as a browser does for https.
        const client = site === 'secure' ? await clientVia(forwardProxy.proxySettings('office')) : undefined;
        const status = client ? (await client.get(url)).status() : (await forwardProxy.get(url)).status;
        expect(status, `status of ${url}`).toBe(200);
        // The next machine visits once squid has ended (and stored) this visit: a few ms after the client had it.
        if (!client) await forwardProxy.transactionEnded('office', visit, since, i + 1);
      }
    });
    requestsAtSite[site === 'secure' ? 'https' : 'http'] = (
      await forwardProxy.originRequests(site, visit, since)
    ).filter((l) => l.includes(`host=${office.sites[site].host}`)).length;
  }
  evidence.key('requests at the site for two visits', requestsAtSite);
  expect(requestsAtSite, 'plain HTTP: the second visit from the cache; HTTPS: both at the site').toEqual({
    http: 1,
    https: 2,
  });
});

test('Through the tunnel nothing is scanned: the EICAR test file arrives intact over HTTPS, and is stopped over HTTP', async ({
  forwardProxy,
  clientVia,
  evidence,
}) => {
  const visit = randomUUID();
  const [md5] = (await forwardProxy.exec(office.scanner, ['cat', '/var/lib/clamav/local.hdb'])).trim().split(':');
  const overHttp = await forwardProxy.get(siteUrl('downloads', office.files.eicar, { visit }));
  const client = await clientVia(forwardProxy.proxySettings('office'));
  const overHttps = await client.get(siteUrl('secure', office.files.eicar, { visit }));
  const body = await overHttps.body();
  const received = createHash('md5').update(body).digest('hex');
  evidence.key('eicar.com: http / https', `${overHttp.status} / ${overHttps.status()} (${body.length} bytes)`, {
    id: 'eicar-through-tunnel',
  });
  evidence.record('MD5 received over HTTPS', received);
  expect(overHttp.status, 'over plain HTTP the scanner stops it').toBe(403);
  expect(overHttps.status(), 'over HTTPS the proxy cannot see it').toBe(200);
  expect(received, "the bytes received over HTTPS are the ones the scanner's signature describes").toBe(md5);
});
