// Behaviour: the built front end (HTTP_TEST_WEB_DIST), loaded in Chromium through the stack, makes no request
// that fails and logs no console error. The classic break: an API URL hard-coded to the dev machine
// (http://localhost:5000) that works only where the dev server runs. Behind nginx the page comes from disk
// and every other path goes to the app; without nginx, only if the app serves its own page. Fix: call the
// API with relative URLs (/api/…), so the page asks whoever served it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../../fixtures/test.js';
import { readSettings } from '../../lib/run/settings.js';
import { gotoThroughNetworkChanges, networkChanged } from '../../lib/clients/browser-navigation.js';

test('The built front end loads through this stack without a failed request or a console error', async ({
  page,
  stack,
  evidence,
}) => {
  const webDist = readSettings().app?.webDist;
  test.skip(!webDist, 'no HTTP_TEST_WEB_DIST: the app has no built front end to load');
  const failures: string[] = [];
  // The browser asks for /favicon.ico by itself, on any server: not a request of the page's.
  const ownRequest = (url: string) => !new URL(url).pathname.endsWith('/favicon.ico');
  page.on('requestfailed', (r) => {
    // Dropped by Chromium for a network change on this machine (lib/clients/browser-navigation.ts): not the app's.
    if (ownRequest(r.url()) && r.failure()?.errorText !== networkChanged)
      failures.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? 'failed'}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && ownRequest(r.url())) failures.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
  page.on('console', (m) => {
    const url = m.location().url;
    if (m.type() === 'error' && (!url || ownRequest(url)) && !m.text().includes(networkChanged))
      failures.push(`console: ${m.text().slice(0, 160)}`);
  });
  const response = await test.step('load / in Chromium', async () =>
    (await gotoThroughNetworkChanges(page, `${stack.baseURL}/`)).response);
  // Only the built page counts: an app that answers / with a page of its own is not serving its front end.
  const served = response ? (await response.body()).toString('utf8') : '';
  test.skip(
    !response || served !== readFileSync(path.join(webDist!, 'index.html'), 'utf8'),
    `this stack does not serve HTTP_TEST_WEB_DIST's index.html at / (${response ? `it answered ${response.status()} with another page` : 'no answer'}): without nginx, only an app that serves its built page shows it`,
  );
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  const unique = [...new Set(failures)];
  evidence.key('failed requests and console errors', unique.length ? unique : 'none');
  expect(unique.length, `requests that failed and console errors while the page loaded: ${unique.join('; ')}`).toBe(0);
});
