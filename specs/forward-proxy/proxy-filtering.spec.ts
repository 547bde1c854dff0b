// Behaviour: the office proxy refuses what must not be visited: a blocked domain gets squid's 403 page (in a
// browser too) and is never contacted, a URL matching a blocked pattern (*.exe) gets 403 on an allowed site,
// while the same server under an allowed name answers 200; a tunnel (CONNECT) opens to port 443 only.
import { randomUUID } from 'node:crypto';
import { expect, test } from '../../fixtures/forward-proxy.js';
import { forwardProxy as office, siteUrl } from '../../lib/forward-proxy/office.js';
import { connectThroughProxy } from '../../lib/clients/proxy-client.js';

test("A blocked site gets squid's 403 page, in a browser too, and is never contacted", async ({
  forwardProxy,
  officeVisit,
  evidence,
}) => {
  const visit = randomUUID();
  const since = new Date();
  const blocked = await test.step(`a browser visits ${office.sites.blocked.host}`, async () =>
    officeVisit(siteUrl('blocked', office.files.page, { visit })));
  evidence.key(office.sites.blocked.host, `${blocked.status} ${String(blocked.headers['x-squid-error'] ?? '')}`.trim());
  expect(blocked.status, 'status for the blocked site').toBe(403);
  expect(blocked.headers['x-squid-error'], "squid's reason").toMatch(/^ERR_ACCESS_DENIED/);
  expect(blocked.text, "squid's error page").toContain('Access Denied');
  const allowed = await test.step(`the same server under an allowed name, ${office.sites.downloads.host}`, async () =>
    officeVisit(siteUrl('downloads', office.files.page, { visit })));
  evidence.record(office.sites.downloads.host, allowed.status);
  expect(allowed.status, 'status for the allowed name of the same server').toBe(200);
  const atSite = await forwardProxy.originRequests('blocked', visit, since);
  evidence.record('requests that reached the server', atSite.length);
  expect(atSite.length, 'requests that reached the server: the allowed name').toBeGreaterThanOrEqual(1);
  expect(
    atSite.length,
    'requests that reached the server: only the allowed name, at most once for each time the browser asked',
  ).toBeLessThanOrEqual(allowed.navigations);
  expect(
    atSite.filter((l) => !l.includes(`host=${office.sites.downloads.host}`)),
    'requests the server saw for another name than the allowed one',
  ).toEqual([]);
});

test('A URL matching a blocked pattern (*.exe) gets 403 on an allowed site', async ({ forwardProxy, evidence }) => {
  const visit = randomUUID();
  const since = new Date();
  const installer = await forwardProxy.get(siteUrl('downloads', office.files.installer, { visit }));
  const page = await forwardProxy.get(siteUrl('downloads', office.files.page, { visit }));
  evidence.key(`${office.files.installer} / ${office.files.page}`, `${installer.status} / ${page.status}`);
  expect(installer.status, `status for ${office.files.installer} on an allowed site`).toBe(403);
  expect(String(installer.headers['x-squid-error']), "squid's reason").toMatch(/^ERR_ACCESS_DENIED/);
  expect(page.status, `status for ${office.files.page} on the same site`).toBe(200);
  const atSite = await forwardProxy.originRequests('downloads', office.files.installer.slice(1), since);
  expect(atSite.length, `requests for ${office.files.installer} that reached the site`).toBe(0);
});

test('A tunnel (CONNECT) opens to port 443 only', async ({ forwardProxy, evidence }) => {
  const host = office.sites.secure.host;
  const ports = [443, 22, 8443];
  const statuses: Record<string, number> = {};
  for (const port of ports) {
    const answer = await test.step(`CONNECT ${host}:${port}`, async () =>
      connectThroughProxy(forwardProxy.port('office'), `${host}:${port}`, forwardProxy.credentials));
    statuses[String(port)] = answer.status;
  }
  evidence.key('CONNECT status by port', statuses);
  expect(statuses, 'a tunnel opens (200) to 443 only; 403 elsewhere').toEqual({ 443: 200, 22: 403, 8443: 403 });
});
