// Behaviour: the servers in front of the app take the requests its users make as the dev server does: a long
// entry in one of its GET forms (a search box, a textarea: about 5 000 characters, so a request line past
// Gunicorn's `limit_request_line` of 4094 bytes and within nginx's 8 KiB buffers) reaches the app as a short
// one does, where Gunicorn answers its own 400; and a request header whose name has "_" (`X_API_KEY`), which
// the app reads or its pages send, arrives, where nginx drops it (`underscores_in_headers off`). Checked in
// Chromium through the app's own forms and links with a query, and with the header sent three ways (without
// it, with hyphens, as written). Fix: `limit_request_line = 8190` in gunicorn.conf.py, or the form as POST;
// the header named with hyphens (`X-Api-Key`), or `underscores_in_headers on;` in nginx's server block.
import type { Page } from '@playwright/test';
import { expect, test } from '../../fixtures/test.js';
import { valueFor, withoutLogOut, type FormField, type PageForm } from '../../lib/porting/forms.js';
import { formsOn, linksOn, openPage } from '../../lib/porting/page-forms.js';
import {
  answeredByApp,
  gunicornDefaultRequestLine,
  headerVerdict,
  hyphenated,
  longEntry,
  longEntryForms,
  nginxPassesUnderscores,
  nginxRequestLineBytes,
  queryLinks,
  refusedBeforeApp,
  requestLineBytes,
  requestLineLimitInForce,
  suggestedName,
  underscoreHeaderNames,
  withParameter,
  type EntryAnswer,
  type Seen,
} from '../../lib/porting/request-limits.js';
import { readSettings } from '../../lib/run/settings.js';
import { changedBehaviours, inForce, versionOf } from '../../lib/stacks/versions.js';

const noAccount = { username: 'http-test', email: 'http-test@example.test', password: 'http-test' };

/**
 * Fills a GET form as a user would, `entry` in its free-text field, submits it: the answer to the navigation it
 * makes, or null where the page's script handles the submit itself (a Vue or React form: no navigation).
 */
async function submitGet(
  page: Page,
  origin: string,
  form: PageForm,
  field: FormField,
  entry: string,
): Promise<EntryAnswer | null> {
  await page.goto(`${origin}${form.page}`);
  const element = page.locator('form').nth(form.index);
  for (const f of form.fields) {
    const value = f.name === field.name ? entry : valueFor(f, 'other', noAccount, 'notes');
    if (value !== null) await element.locator(`[name="${f.name}"]`).first().fill(value);
  }
  // The document the browser ends on has loaded before the next page.goto, which it would interrupt otherwise.
  const loaded = page.waitForEvent('load', { timeout: 10_000 }).catch(() => null);
  const [response] = await Promise.all([
    page
      .waitForResponse(
        (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && r.request().method() === 'GET',
        { timeout: 10_000 },
      )
      .catch(() => null),
    element.evaluate((f: HTMLFormElement) => f.requestSubmit()),
  ]);
  if (!response) return null;
  await loaded;
  const url = new URL(response.url());
  return {
    status: response.status(),
    worker: (await response.headerValue('x-http-test-worker')) ?? null,
    requestLine: requestLineBytes('GET', `${url.pathname}${url.search}`),
  };
}

const said = (a: EntryAnswer) =>
  `${a.status || 'no answer'} from ${a.worker ? 'the app' : 'the server in front'} (request line ${a.requestLine} bytes)`;
/** Both tries in one line, for the cell: "short 200 by the app; 5038-byte request line 400 by the server in front". */
const both = (short: EntryAnswer, long: EntryAnswer) =>
  `short ${short.status || 'no answer'} by ${short.worker ? 'the app' : 'the server in front'}; ${long.requestLine}-byte request line ${long.status || 'no answer'} by ${long.worker ? 'the app' : 'the server in front'}`;

test("A long entry in the app's GET forms reaches the app as a short one does", async ({
  page,
  app,
  stack,
  stackDefinition,
  evidence,
}) => {
  const origin = stack.baseURL;
  const paths = withoutLogOut(app.getPaths());
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  const { forms, links } = await test.step('read the GET forms and the links with a query of every page', async () => ({
    forms: longEntryForms(await formsOn(page, origin, paths)).slice(0, 4),
    links: queryLinks(await linksOn(page, origin, paths), origin).slice(0, 4),
  }));
  test.skip(
    forms.length === 0 && links.length === 0,
    "no GET form with a field a user types into (a search box, a textarea) and no link with a query on the app's pages without arguments: nothing a user does makes a long URL",
  );
  // Read from the running Gunicorn (its when_ready line, compose/user-app/gunicorn.conf.py), not assumed.
  const configured = stackDefinition.gunicorn?.limitRequestLine;
  if (configured !== undefined) {
    const inForceLimit = requestLineLimitInForce(configured);
    if (inForceLimit === null) evidence.record('limit_request_line in force', 'none (0: no limit)');
    else evidence.record('limit_request_line in force', inForceLimit, 'bytes');
    evidence.record('limit_request_line configured', configured);
  }
  const entry = longEntry();
  const tries: Record<string, string> = {};
  const refused: string[] = [];
  // Tries whose short entry the app answered: only those can show a long one refused.
  let compared = 0;
  for (const { form, field } of forms) {
    const where = `GET form of ${form.page} → ${form.action} (field "${field.name}")`;
    const [short, long] =
      await test.step(`submit ${where}: a short entry, then ${entry.length} characters`, async () => {
        const first = await submitGet(page, origin, form, field, 'notes');
        return [first, first ? await submitGet(page, origin, form, field, entry) : null];
      });
    if (!short || !long) {
      tries[where] = "the page's script handles it (no navigation)";
      continue;
    }
    tries[where] = both(short, long);
    if (answeredByApp(short)) compared += 1;
    if (answeredByApp(short) && refusedBeforeApp(long))
      refused.push(`${where}: ${said(long)}, a short entry ${short.status}`);
  }
  for (const link of links) {
    const where = `link ${link.target} (parameter "${link.parameter}")`;
    const longTarget = withParameter(link.target, link.parameter, entry);
    const otherTarget = withParameter(link.target, link.parameter, 'notes');
    const [short, other, long] =
      await test.step(`ask ${where} as linked, with another value, then with ${entry.length} characters`, async () => [
        await app.attempt(link.target),
        await app.attempt(otherTarget),
        await app.attempt(longTarget),
      ]);
    // Only a parameter the app reads (its answer changes with it) is one whose value a user makes long.
    if (short!.status === other!.status && short!.body === other!.body) {
      tries[where] = `the answer does not change with "${link.parameter}": left out`;
      continue;
    }
    const at = (a: typeof short, target: string): EntryAnswer => ({
      status: a!.status,
      worker: a!.worker,
      requestLine: requestLineBytes('GET', target),
    });
    const [s, l] = [at(short, link.target), at(long, longTarget)];
    tries[where] = both(s, l);
    if (answeredByApp(s)) compared += 1;
    if (answeredByApp(s) && refusedBeforeApp(l)) refused.push(`${where}: ${said(l)}, as linked ${s.status}`);
  }
  evidence.key('long entry', tries, { id: 'long-entry' });
  test.skip(
    compared === 0,
    `the app answered none of its GET forms or links with a query even with a short entry (${Object.values(tries).join('; ')}): nothing to compare a long one with`,
  );
  const limit = configured === undefined ? gunicornDefaultRequestLine : requestLineLimitInForce(configured);
  const longest = Math.max(0, ...refused.map((r) => Number(/request line (\d+) bytes/.exec(r)?.[1] ?? 0)));
  const by =
    longest > nginxRequestLineBytes
      ? "nginx's large_client_header_buffers (8k: 414)"
      : stackDefinition.gunicorn
        ? `Gunicorn's limit_request_line (${limit === null ? 'no limit' : `${limit} bytes`} in force, ${versionOf('gunicorn', stackDefinition.versions)})`
        : 'the server in front';
  expect(
    refused,
    `what a user types into the app's GET forms is refused before it reaches the app, by ${by}: ${refused.join('; ')}. Fix: limit_request_line = 8190 in gunicorn.conf.py (its maximum; nginx takes 8 KiB too), or send the form as POST`,
  ).toEqual([]);
});

test('A request header with "_" in its name that the app reads reaches the app as on the dev server', async ({
  page,
  app,
  stack,
  stackDefinition,
  evidence,
}) => {
  const user = readSettings().app;
  test.skip(!user, 'no app of your own (HTTP_TEST_APP)');
  const roots = [{ dir: user!.dir, label: '' }, ...(user!.webDist ? [{ dir: user!.webDist, label: 'web dist' }] : [])];
  const names = underscoreHeaderNames(roots);
  test.skip(
    names.length === 0,
    'the app reads no request header whose name has "_" (request.headers, request.environ["HTTP_X_…"]) and its pages send none',
  );
  evidence.record(
    'header names with "_" in the source',
    Object.fromEntries(names.map((n) => [n.name, n.where.slice(0, 3).join(', ')])),
  );

  // The requests that carry them as the app's own pages make them: their values (an API key in the page) are
  // the ones the app accepts, which a made-up value would not be.
  const wanted = new Set(names.map((n) => n.name.toLowerCase()));
  const seen = await test.step('load the pages in Chromium and keep the requests that send those headers', async () => {
    const out: {
      name: string;
      value: string;
      method: string;
      target: string;
      body?: string;
      headers: Record<string, string>;
    }[] = [];
    const listener = (request: import('@playwright/test').Request) => {
      const url = new URL(request.url());
      if (url.origin !== new URL(stack.baseURL).origin) return;
      const headers = request.headers();
      for (const [key, value] of Object.entries(headers))
        if (wanted.has(key.toLowerCase()))
          out.push({
            name: names.find((n) => n.name.toLowerCase() === key.toLowerCase())!.name,
            value,
            method: request.method(),
            target: `${url.pathname}${url.search}`,
            ...(request.postData() ? { body: request.postData()! } : {}),
            headers: Object.fromEntries(
              Object.entries(headers).filter(
                ([k]) => k.toLowerCase() === 'content-type' || k.toLowerCase() === 'accept',
              ),
            ),
          });
    };
    page.on('request', listener);
    for (const path of app.getPaths()) {
      if (!(await openPage(page, `${stack.baseURL}${path}`))) continue;
      await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => null);
    }
    page.off('request', listener);
    return out;
  });
  // A name the pages never sent: asked on every GET route with a value of the check's own.
  const probes = [...seen];
  for (const n of names)
    if (!seen.some((s) => s.name === n.name))
      for (const path of app.getPaths())
        probes.push({ name: n.name, value: 'http-test', method: 'GET', target: path, headers: {} });
  const unique = probes.filter(
    (p, i) => probes.findIndex((q) => q.name === p.name && q.method === p.method && q.target === p.target) === i,
  );

  const results: Record<string, string> = {};
  const dropped: string[] = [];
  const droppedNames = new Set<string>();
  const arrived: string[] = [];
  await test.step('ask each request without the header, with it named with hyphens, and as written', async () => {
    for (const p of unique.slice(0, 24)) {
      const ask = async (header?: string): Promise<Seen> => {
        const answer = await app.attempt(p.target, {
          method: p.method,
          headers: { ...p.headers, ...(header ? { [header]: p.value } : {}) },
          ...(p.body !== undefined ? { body: p.body } : {}),
        });
        return { status: answer.status, body: answer.body };
      };
      const without = await ask();
      const again = await ask();
      const hyphen = await ask(hyphenated(p.name));
      const asWritten = await ask(p.name);
      const verdict = headerVerdict(without, again, hyphen, asWritten);
      const where = `${p.method} ${p.target} with ${p.name}`;
      if (verdict !== 'not read')
        results[where] =
          `${verdict}: without it ${without.status}, as ${hyphenated(p.name)} ${hyphen.status}, as ${p.name} ${asWritten.status}`;
      if (verdict === 'dropped') droppedNames.add(p.name);
      if (verdict === 'dropped')
        dropped.push(`${where}: ${asWritten.status} as without it, ${hyphen.status} as ${hyphenated(p.name)}`);
      if (verdict === 'arrives') arrived.push(where);
    }
  });
  evidence.key('headers with "_"', Object.keys(results).length ? results : 'no answer changed with them', {
    id: 'underscore-headers',
  });
  test.skip(
    dropped.length === 0 && arrived.length === 0,
    `no answer of the app changed with ${names.map((n) => n.name).join(', ')}, not even named with hyphens: no sign it reads them on the requests its pages make or its GET routes`,
  );

  // The dev server of this runtime: where it drops such names too, the header reaches the app on no stack; the
  // app never worked with it, which is not a porting finding.
  const versions = stackDefinition.versions;
  const devServer = inForce(changedBehaviours.werkzeugUnderscoreHeader, versions);
  const name = [...droppedNames][0] ?? names[0]!.name;
  test.skip(
    devServer === 'dropped' && dropped.length > 0,
    `${versionOf('werkzeug', versions)}'s dev server drops a header named ${name} too (since Werkzeug 2.3.0), as Gunicorn does since 22: sent so, it reaches your app on no server at all. Name it with hyphens (${suggestedName(name)})`,
  );
  const droppers: string[] = [];
  if (stackDefinition.proxy === 'nginx') {
    const config = await stack.exec(stackDefinition.entry.service, ['nginx', '-T']).catch(() => '');
    if (!nginxPassesUnderscores(config)) droppers.push(`${versionOf('nginx', versions)} (underscores_in_headers off)`);
  }
  if (stackDefinition.gunicorn && inForce(changedBehaviours.gunicornUnderscoreHeader, versions) === 'dropped')
    droppers.push(
      `${versionOf('gunicorn', versions)} (header_map = ${JSON.stringify(stackDefinition.gunicorn.headerMap ?? 'drop')})`,
    );
  if (!stackDefinition.gunicorn && devServer === 'dropped') droppers.push(versionOf('werkzeug', versions));
  expect(
    dropped,
    `a request header the app reads never reaches it here, dropped by ${droppers.join(' and ') || 'the server in front'} where ${versionOf('werkzeug', versions)}'s dev server passes it: ${dropped.join('; ')}. Fix: name the header with hyphens (${suggestedName(name)}) in the app and its clients, or underscores_in_headers on; in nginx's server block`,
  ).toEqual([]);
});
