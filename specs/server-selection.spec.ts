// Behaviour: nginx picks who answers by the request's path (server selection). Behind nginx, /api/ goes to
// Gunicorn and everything else (the Vue page built by Vite, its assets) comes from disk, never touching a
// worker; an unknown client-side route still gets the page (the SPA fallback, so a reload of /about works),
// while an unknown /api/ route gets the app's own 404. Without nginx the Flask app serves all of it itself,
// through the same workers as the API.
import { madeByApp, type TimedResponse } from '../lib/clients/http.js';
import type { ApiNotFound } from '../lib/clients/probe-client.js';
import { serverSoftware } from '../lib/stacks/definitions.js';
import { builtScriptPath } from '../lib/run/web-build.js';
import { expect, test } from '../fixtures/test.js';
import { gotoThroughNetworkChanges } from '../lib/clients/browser-navigation.js';

const servedBy = (r: TimedResponse) => (madeByApp(r.headers) ? 'app' : 'nginx');

test('The Vue page and its assets come from disk behind nginx, /api/ from the app', async ({
  probe,
  stackDefinition,
  evidence,
}) => {
  const page = await probe.get(probe.url('/'));
  const asset = builtScriptPath(page.text());
  expect(page.status).toBe(200);
  expect(asset, 'the built page loads a hashed script from /assets/').toBeTruthy();
  const script = await probe.get(probe.url(asset ?? '/assets/missing.js'));
  const api = await probe.health();
  evidence.key('page / asset / API served by', `${servedBy(page)} / ${servedBy(script)} / ${servedBy(api)}`, {
    id: 'served-by',
  });

  expect(page.text(), 'the built Vue page').toContain('<div id="app">');
  expect(script.status).toBe(200);
  expect(String(script.headers['content-type']), "the script's content type").toMatch(/javascript/);
  expect([servedBy(page), servedBy(script), servedBy(api)]).toEqual([
    stackDefinition.staticServedBy,
    stackDefinition.staticServedBy,
    'app',
  ]);
});

test("An unknown client-side route gets the Vue page, an unknown /api/ route the app's 404", async ({
  probe,
  evidence,
}) => {
  const index = await probe.get(probe.url('/'));
  const clientRoute = await probe.get(probe.url('/about/team'));
  const apiRoute = await probe.get<ApiNotFound>(probe.route('no-such-route'));
  evidence.key(
    '/about/team → /api/no-such-route',
    `${clientRoute.status} page → ${apiRoute.status} ${String(apiRoute.headers['content-type']).split(';')[0]}`,
  );

  expect(clientRoute.status).toBe(200);
  expect(clientRoute.text(), 'the very page, for the router in the browser to handle').toBe(index.text());
  expect(apiRoute.status).toBe(404);
  expect(servedBy(apiRoute), "the API's 404 is the app's, not the page").toBe('app');
  expect(apiRoute.data.error, "the app's own JSON 404").toBe('not found');
});

test('The Vue page runs in a browser and shows which server answered its API call', async ({
  page,
  stackDefinition,
  evidence,
}) => {
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(`${new URL(r.url()).pathname}: ${r.failure()?.errorText ?? 'failed'}`));
  const navigation = await gotoThroughNetworkChanges(page, '/about');
  // A navigation made again for this machine's network changes is said, never hidden (clients/browser-navigation.ts).
  if (navigation.abandoned.length) evidence.record('navigation made again', navigation.abandoned);
  if (failed.length) evidence.record('requests the browser could not make', failed);
  const software = page.getByTestId('server-software');
  await expect(software).toHaveText(serverSoftware[stackDefinition.appServer]);
  await expect(page.getByTestId('route')).toHaveText('/about');
  evidence.key('API answered by', (await software.textContent()) ?? '');
  evidence.record('host / process', (await page.getByTestId('host').textContent()) ?? '');
});
