// Behaviour: the built front end (HTTP_TEST_WEB_DIST), loaded in Chromium through the stack, makes no request
// that fails and logs no console error. The classic break: an API URL hard-coded to the dev machine
// (http://localhost:5000) that works only where the dev server runs. Behind nginx the page comes from disk
// and every other path goes to the app; without nginx, only if the app serves its own page. Fix: call the
// API with relative URLs (/api/…), so the page asks whoever served it.
import { expect, test } from '../../fixtures/test.js';
import { readSettings } from '../../fixtures/settings.js';

test('The built front end loads through this stack without a failed request or a console error', async ({ page, stack, evidence }) => {
  const webDist = readSettings().app?.webDist;
  test.skip(!webDist, 'no HTTP_TEST_WEB_DIST: the app has no built front end to load');
  const failures: string[] = [];
  // The browser asks for /favicon.ico by itself, on any server: not a request of the page's.
  const ownRequest = (url: string) => !new URL(url).pathname.endsWith('/favicon.ico');
  page.on('requestfailed', (r) => {
    if (ownRequest(r.url())) failures.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? 'failed'}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && ownRequest(r.url())) failures.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
  page.on('console', (m) => {
    const url = m.location().url;
    if (m.type() === 'error' && (!url || ownRequest(url))) failures.push(`console: ${m.text().slice(0, 160)}`);
  });
  const response = await test.step('load / in Chromium', async () => page.goto(`${stack.baseURL}/`));
  test.skip(!response || response.status() === 404, 'this stack does not serve the front end: the app has no route for / (nginx serves HTTP_TEST_WEB_DIST from disk)');
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  const unique = [...new Set(failures)];
  evidence.key('failed requests and console errors', unique.length ? unique : 'none');
  expect(unique, 'requests that failed and console errors while the page loaded').toEqual([]);
});
