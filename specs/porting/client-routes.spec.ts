// Behaviour: every page of the front end's own router (vue-router's history mode, React Router's
// BrowserRouter) opens when its address is loaded directly — a reload, a bookmark, a shared link — as it does
// when the router shows it. Vite's dev server answers every path with the page; behind nginx a path that is
// no file of the build goes to the app (`try_files $uri @app`), which answers 404, or its own route of that
// path (its JSON instead of the page). The check loads the built page in Chromium, takes the router's paths
// (vue-router's, from the mounted app) and the links the page follows without loading a document, and opens
// each by its address. Fix: answer every path that is neither a file of the build nor the API with
// index.html (nginx: `try_files $uri $uri/ /index.html;`, the API under its own prefix), or a catch-all
// route in Flask that returns the page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../../fixtures/test.js';
import { gotoThroughNetworkChanges } from '../../lib/clients/browser-navigation.js';
import { clientPaths, directLoadProblem, maxClientPaths, pageScripts } from '../../lib/porting/client-routes.js';
import { readSettings } from '../../lib/run/settings.js';

test("Every page of the front end's router opens when its address is loaded directly", async ({
  page,
  app,
  stack,
  evidence,
}) => {
  const webDist = readSettings().app?.webDist;
  test.skip(!webDist, 'no HTTP_TEST_WEB_DIST: the app has no built front end to load');
  const index = readFileSync(path.join(webDist!, 'index.html'), 'utf8');
  const scripts = pageScripts(index);
  const origin = stack.baseURL;
  const first = await test.step('load / in Chromium', async () =>
    (await gotoThroughNetworkChanges(page, `${origin}/`)).response);
  const served = first ? (await first.body()).toString('utf8') : '';
  test.skip(
    !first || served !== index,
    `this stack does not serve HTTP_TEST_WEB_DIST's index.html at / (${first ? `it answered ${first.status()} with another page` : 'no answer'}): without nginx, only an app that serves its built page shows it`,
  );
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);

  const routerPaths = await test.step("the router's paths, from the mounted app", () =>
    page.evaluate(() => {
      // Vue 3 marks the element it mounted on and keeps the app there, in production builds too.
      type Routes = { getRoutes?: () => { path: string }[] };
      const host = document.querySelector('[data-v-app]') as
        (Element & { __vue_app__?: { config: { globalProperties: { $router?: Routes } } } }) | null;
      return host?.__vue_app__?.config.globalProperties.$router?.getRoutes?.().map((r) => r.path) ?? [];
    }));
  const followed = await test.step('the links the page follows without loading a document', async () => {
    const hrefs = await page.$$eval('a[href]', (links) =>
      links.map((a) => (a as HTMLAnchorElement).href).filter((h) => h.startsWith(location.origin)),
    );
    const out: string[] = [];
    for (const href of [...new Set(hrefs)].slice(0, maxClientPaths)) {
      const target = new URL(href).pathname;
      if (target === '/') continue;
      await gotoThroughNetworkChanges(page, `${origin}/`);
      let documents = 0;
      const count = (r: { isNavigationRequest(): boolean }) => {
        if (r.isNavigationRequest()) documents += 1;
      };
      page.on('request', count);
      await page
        .locator(`a[href="${target}"], a[href="${href}"]`)
        .first()
        .click({ timeout: 5_000 })
        .catch(() => undefined);
      await page.waitForURL((u) => u.pathname === target, { timeout: 5_000 }).catch(() => undefined);
      page.off('request', count);
      if (documents === 0 && new URL(page.url()).pathname === target) out.push(target);
    }
    return out;
  });
  const paths = clientPaths(routerPaths, followed);
  evidence.record("router's paths", routerPaths.length ? routerPaths : 'none found (not vue-router)');
  evidence.record('links followed without loading a document', followed.length ? followed : 'none');
  test.skip(
    paths.length === 0,
    'the built page has no page of its own router: no vue-router paths and no link it follows without loading a document',
  );

  const appRoutes = app.getPaths();
  const problems: string[] = [];
  const answers: string[] = [];
  for (const p of paths) {
    const response = await test.step(`open ${p} by its address`, async () =>
      (await gotoThroughNetworkChanges(page, `${origin}${p}`)).response);
    const answer = response
      ? {
          status: response.status(),
          contentType: response.headers()['content-type'] ?? '',
          body: (await response.body().catch(() => Buffer.from(''))).toString('utf8'),
        }
      : null;
    answers.push(`${p}: ${answer ? `${answer.status} ${answer.contentType.split(';')[0]}` : 'no answer'}`);
    const problem = directLoadProblem(p, answer, scripts, appRoutes);
    if (problem) problems.push(problem);
  }
  evidence.record('opened by address', answers);
  evidence.key('router pages that break when opened by address', problems.length ? problems : 'none', {
    id: 'client-routes',
  });
  expect(
    problems,
    `pages of the front end's router that break when opened by their address (a reload, a bookmark, a shared link): ${problems.join('; ')}. Fix: answer every path that is neither a file of the build nor the API with index.html — nginx: location / { try_files $uri $uri/ /index.html; } beside location /api/ { proxy_pass … }; or a catch-all route in Flask that returns the page — and keep the API's paths apart from the router's (/api/ping, not /ping)`,
  ).toEqual([]);
});
