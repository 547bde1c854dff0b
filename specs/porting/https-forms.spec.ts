// Behaviour: a form the app takes over plain HTTP (its login, its registration, a note) is taken over HTTPS
// through the proxy that ends TLS. Behind nginx the app speaks HTTP to nginx; once it trusts the proxy's
// X-Forwarded-Proto (Werkzeug's ProxyFix, as Flask's docs tell) `request.is_secure` is true, and Flask-WTF adds
// its HTTPS-only referrer check (WTF_CSRF_SSL_STRICT): a page that sends no Referer (`Referrer-Policy:
// no-referrer`, from the app or its site) has every post refused, 400 "The referrer header is missing."; an
// app that redirects to HTTPS itself when the scheme does not reach it (a site without X-Forwarded-Proto)
// loops. In Chromium, as a user would: the app's POST forms are read from its pages, filled and sent over HTTP,
// then over HTTPS, where Chromium calls the stack by a deployment's name on the default port 443
// (lib/porting/https-forms.ts: deploymentHost), so the Host, the Referer and what the app sees agree as on the
// real site and no check fails for this run's published port. Fix: `Referrer-Policy: same-origin` (the
// referrer kept from other sites, sent to the app), and `proxy_set_header X-Forwarded-Proto $scheme` (with
// ProxyFix(x_proto=1)) where the app redirects to HTTPS itself.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from '../../fixtures/test.js';
import { formsByRole, newAccount, roleOf, withoutLogOut, type PageForm } from '../../lib/porting/forms.js';
import {
  cookieFlags,
  deploymentHost,
  describePost,
  judgeHttpsPosts,
  type FormPost,
} from '../../lib/porting/https-forms.js';
import { gotoThroughNetworkChanges, networkChanged } from '../../lib/clients/browser-navigation.js';
import { http1Only, launchMapped } from '../../lib/clients/mapped-chromium.js';
import { userSiteServesTls } from '../../lib/porting/nginx-check.js';
import { formsOn, guessed, submit } from '../../lib/porting/page-forms.js';

test('A form the app takes over HTTP is taken over HTTPS through the proxy that ends TLS', async ({
  page,
  app,
  stack,
  stackDefinition,
  evidence,
  playwright,
  launchOptions,
}) => {
  const tls = stackDefinition.tls;
  test.skip(
    !tls || !userSiteServesTls(),
    tls
      ? 'your nginx site (HTTP_TEST_NGINX_CONF) serves no HTTPS: no form to post over TLS here'
      : 'this stack serves the app over plain HTTP only, with no proxy ending TLS in front (the nginx stack does)',
  );
  // A user who is logged in does not visit the log-out page on the way: it would end the session being used.
  const paths = withoutLogOut(app.getPaths());
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  const forms = await test.step('read the forms of every page, over HTTP', async () =>
    formsByRole((await formsOn(page, stack.baseURL, paths)).filter((f) => !f.external)));
  // In the order a user meets them: an account first, then what a logged-in user writes.
  const posts: PageForm[] = [...forms.register.slice(0, 1), ...forms.login.slice(0, 1), ...forms.content.slice(0, 3)];
  test.skip(
    posts.length === 0,
    "no POST form a user fills (a login, a registration, a field to type text into) on the app's pages without arguments",
  );
  const marker = `http-test-${randomUUID().slice(0, 8)}`;
  const label = (form: PageForm) => `POST ${form.action} (the form on ${form.page})`;

  // Posts made again, each with the reason the browser gave the one before up: the retries, in the evidence.
  const resent: string[] = [];
  /** Each form, filled and sent through `on`, in turn; a new account for each scheme. */
  const postAll = async (on: Page, origin: string, scheme: string): Promise<FormPost[]> => {
    const account = newAccount(randomBytes(4).toString('hex'));
    const out: FormPost[] = [];
    for (const form of posts) {
      const role = roleOf(form);
      const once = async (): Promise<FormPost> => {
        try {
          const sent = await submit(on, origin, form, guessed(role, account, marker), role);
          const text = await on
            .locator('body')
            .innerText({ timeout: 2_000 })
            .catch(() => '');
          return {
            form: label(form),
            status: sent.status,
            landed: sent.landed,
            referer: sent.referer,
            text: text.slice(0, 400),
          };
        } catch (error) {
          // No answer the browser could show: a redirect loop, a connection refused, a POST never sent.
          const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
          return { form: label(form), status: 0, landed: '', referer: null, text: message };
        }
      };
      out.push(
        await test.step(`over ${scheme}: ${label(form)}`, async () => {
          // Chromium abandons what is in flight when Docker adds or removes an address on this machine (another
          // run's network): an event of the test machine, not an answer of the app (lib/clients/browser-navigation.ts).
          let post = await once();
          for (let retry = 0; retry < 2 && post.status === 0 && post.text.includes(networkChanged); retry += 1) {
            resent.push(`${scheme}: ${label(form)}: ${post.text}`);
            post = await once();
          }
          return post;
        }),
      );
    }
    return out;
  };

  await page.context().clearCookies();
  const http = await postAll(page, stack.baseURL, 'http');
  evidence.record(`over http (${stack.baseURL})`, Object.fromEntries(http.map((p) => [p.form, describePost(p)])));
  evidence.record('cookies over http', (await page.context().cookies(stack.baseURL)).map(cookieFlags));

  // Chromium calls the stack by a deployment's name on port 443, mapped to this run's published HTTPS port.
  const publishedPort = await stack.publishedPortOf(tls!.port);
  const origin = `https://${deploymentHost}`;
  // Over HTTP/1.1: a form's POST in flight on HTTP/2 is cut when another run's network comes or goes (a form's
  // cookies, Referer and CSRF checks are the same over both versions).
  const browser = await launchMapped(playwright.chromium, launchOptions, deploymentHost, 443, publishedPort, [
    http1Only,
  ]);
  const https = await test.step(`over https as ${origin}/ (127.0.0.1:${publishedPort})`, async () => {
    try {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      const secure = await context.newPage();
      const policy = await gotoThroughNetworkChanges(secure, `${origin}${posts[0]!.page}`)
        .then(async ({ response: r }) =>
          r ? ((await r.headerValue('referrer-policy')) ?? "none (the browser's default)") : 'no answer',
        )
        .catch(
          (error: unknown) => `no answer (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`,
        );
      evidence.record(`Referrer-Policy of ${posts[0]!.page} over https`, policy);
      const out = await postAll(secure, origin, 'https');
      evidence.record('cookies over https', (await context.cookies(origin)).map(cookieFlags));
      return out;
    } finally {
      await browser.close();
    }
  });
  evidence.record(`over https (${origin}/)`, Object.fromEntries(https.map((p) => [p.form, describePost(p)])));
  evidence.record('Referer sent over https', Object.fromEntries(https.map((p) => [p.form, p.referer ?? 'none'])));

  if (resent.length) evidence.record('posts made again after the browser gave them up', resent);
  const wrong = judgeHttpsPosts(http, https);
  const taken = http.filter((p) => p.status > 0 && p.status < 400).length;
  evidence.key(
    'forms over HTTPS',
    wrong.length
      ? `${wrong.length} of ${taken} forms taken over HTTP refused over HTTPS: ${wrong.map((w) => `${w.form}: ${w.https}`).join('; ')}`
      : `${taken} of ${posts.length} forms taken over HTTP, each over HTTPS too`,
    { id: 'https-forms' },
  );
  const causes = [...new Set(wrong.map((w) => w.refusal?.cause ?? 'refused'))];
  const fixes = [...new Set(wrong.flatMap((w) => (w.refusal ? [w.refusal.fix] : [])))];
  expect(
    wrong.map((w) => `${w.form}: over http ${w.http}, over https ${w.https}`),
    `forms the app takes over plain HTTP are refused over HTTPS through the proxy that ends TLS (${causes.join('; ')}). Fix: ${fixes.length ? fixes.join('; ') : 'read the refusal: the answer over HTTPS differs from the one over HTTP'}. The posts`,
  ).toEqual([]);
});
