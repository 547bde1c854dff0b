// Behaviour: a front end on another origin can read the app's errors as well as its answers. An app that lets
// a page of another origin call it (Flask-CORS: Access-Control-Allow-Origin on its answers) adds the header
// to what it answers itself, its 404s and 500s too; an error the server in front makes by itself never goes
// through the app and has none: nginx's 413 for a body over client_max_body_size (1 MiB), Gunicorn's 400 for
// a request line over 4094 bytes. The page's fetch then sees no status at all, only "Failed to fetch" and a
// CORS error in the console, where the dev server let the app answer. Checked with a page of
// http://localhost:5173 in Chromium. Fix: the page and the API from one origin (relative /api/ URLs behind
// the same nginx, no CORS at all); or the limits the API needs (client_max_body_size, limit_request_line) and
// nginx's own errors given the header (add_header … always).
import { randomBytes } from 'node:crypto';
import { expect, test } from '../../fixtures/test.js';
import { allows, type ErrorCase, errorRequests, foreignOrigin, judgeCors } from '../../lib/porting/cors.js';
import { fetchFrom, onPageOf } from '../../lib/clients/foreign-origin.js';
import { startedHereAs } from '../../lib/porting/baseline.js';
import { shownPath } from '../../lib/porting/target.js';
import { readSettings } from '../../lib/run/settings.js';

test("A front end on another origin can read the stack's error answers, as it reads the app's", async ({
  playwright,
  launchOptions,
  app,
  stack,
  stackDefinition,
  evidence,
}) => {
  const paths = app.getPaths().slice(0, 20);
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  const webDist = readSettings().app?.webDist;
  test.skip(
    Boolean(webDist),
    `the front end (HTTP_TEST_WEB_DIST=${webDist ? shownPath(webDist) : ''}) is served by the stack, on the API's own origin: its requests need no CORS (an app's CORS for a dev server on another origin does not apply here)`,
  );
  const corsRoute = await test.step(`ask each route with Origin: ${foreignOrigin}`, async () => {
    // An API route (JSON) first: what a front end on another origin calls; else any route the origin may read.
    const allowed: { path: string; allowOrigin: string; json: boolean }[] = [];
    for (const path of paths) {
      const answer = await app.attempt(path, { headers: { Origin: foreignOrigin } });
      if (answer.status > 0 && allows(answer.allowOrigin))
        allowed.push({ path, allowOrigin: answer.allowOrigin!, json: answer.contentType.endsWith('json') });
    }
    return allowed.find((a) => a.json) ?? allowed[0] ?? null;
  });
  test.skip(
    !corsRoute,
    `no route answers a page of ${foreignOrigin} with Access-Control-Allow-Origin: the app has no front end on another origin whose errors could go unread`,
  );
  evidence.record(
    'a route a page of another origin may read',
    `GET ${corsRoute!.path}: Access-Control-Allow-Origin: ${corsRoute!.allowOrigin}`,
  );

  const requests = errorRequests(corsRoute!.path, randomBytes(3).toString('hex'));
  const cases: ErrorCase[] = await test.step('the errors a page meets, sent with its Origin', async () => {
    const out: ErrorCase[] = [];
    for (const r of requests) {
      const answer = await app.attempt(r.path, {
        method: r.method,
        headers: {
          Origin: foreignOrigin,
          ...(r.bodyBytes ? { 'Content-Type': 'text/plain', 'Content-Length': String(r.bodyBytes) } : {}),
        },
        ...(r.bodyBytes ? { body: Buffer.alloc(r.bodyBytes, 'x') } : {}),
      });
      out.push({ request: r.label, status: answer.status, worker: answer.worker, allowOrigin: answer.allowOrigin });
    }
    return out;
  });
  evidence.record(
    'answers',
    cases.map(
      (c) =>
        `${c.request}: ${c.status || 'no answer'} from ${c.worker ?? 'the server in front'}, Access-Control-Allow-Origin: ${c.allowOrigin ?? 'none'}`,
    ),
  );
  const verdict = judgeCors(cases);
  if (verdict.appsOwn.length)
    evidence.record(
      "the app's own errors without the header (its CORS rules, the same on every server)",
      verdict.appsOwn,
    );
  evidence.key('errors a page of another origin cannot read', verdict.unreadable.length, { id: 'cors-unreadable' });

  // What the page itself sees of the first such error: a fetch from a page of the other origin, in Chromium.
  const first = requests.find((r) => verdict.unreadable.some((u) => u.startsWith(`${r.label}:`)));
  let seen = '';
  if (first)
    seen = await test.step(`fetch it from a page of ${foreignOrigin} in Chromium`, () =>
      onPageOf(foreignOrigin, playwright.chromium, launchOptions, async (page, consoleErrors) => {
        // The app's own answer first: the page can read it, so what it cannot read next is the error's doing.
        const control = await fetchFrom(page, `${stack.baseURL}${corsRoute!.path}`, 'GET');
        if (control !== 'status 200')
          return `(not shown: the page could not read GET ${corsRoute!.path} either: ${control})`;
        const result = await fetchFrom(page, `${stack.baseURL}${first.path}`, first.method, first.bodyBytes ?? 0);
        const cors = consoleErrors.find((e) => /CORS/i.test(e));
        return `${result}${cors ? `; console: ${cors.replace(/\?q=x+/g, '?q=…').slice(0, 200)}` : ''} (GET ${corsRoute!.path} from the same page: ${control})`;
      }));
  if (seen) evidence.record(`the page's fetch of ${first!.label}`, seen);

  expect(
    verdict.unreadable,
    `on the ${stackDefinition.name} stack (${startedHereAs(stackDefinition)}${stackDefinition.name === 'nginx' ? ' behind nginx' : ''}) a page of ${foreignOrigin} cannot read these errors, made by the server in front without Access-Control-Allow-Origin: ${verdict.unreadable.join('; ')}${seen ? `; the page's fetch saw ${seen}` : ''}. Fix: serve the page and the API from one origin (relative /api/ URLs behind the same nginx); or give the API the limits it needs (nginx: client_max_body_size; gunicorn.conf.py: limit_request_line = 8190) and nginx's own errors the header (add_header Access-Control-Allow-Origin … always)`,
  ).toEqual([]);
});
