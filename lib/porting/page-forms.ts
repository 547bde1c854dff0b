/**
 * The app's HTML forms in Chromium, as a user meets them: read from its pages (formsOn) and filled and sent
 * (submit), so a CSRF token, a cookie or a field the page adds by script goes with the POST as it would for a
 * user. What each form is for and what a user types is lib/porting/forms.ts's (pure, unit-tested). Used by
 * specs/porting/user-journey.spec.ts (an account and a post), uploaded-files.spec.ts (a file) and
 * request-limits.spec.ts (its GET forms and links with a query, linksOn).
 */
import type { Page, Request, Response } from '@playwright/test';
import { gotoThroughNetworkChanges } from '../clients/browser-navigation.js';
import { roleOf, valueFor, type Account, type FormField, type FormRole, type PageForm } from './forms.js';
import type { FieldValue } from './scenario.js';

/** Whether anything answers `url` itself, its redirects not followed. */
async function answersAtAll(page: Page, url: string): Promise<boolean> {
  return page.request
    .get(url, { maxRedirects: 0, timeout: 10_000 })
    .then(() => true)
    .catch(() => false);
}

/**
 * Opens `url` as a page, or leaves it (null) when its answer is no HTML document: an event stream or another
 * streaming answer never finishes loading, and the browser would wait on it for good.
 */
export async function openPage(page: Page, url: string): Promise<Response | null> {
  let refused = false;
  const response = await page.goto(url, { waitUntil: 'commit' }).catch((error: unknown) => {
    refused = error instanceof Error && error.message.includes('ERR_CONNECTION_REFUSED');
    return null;
  });
  // A route that hangs, cuts its answer or redirects to an address where nothing listens (an absolute URL
  // that lost its port behind the proxy: absolute-urls' finding) is route-parity's or absolute-urls' to name.
  // Nothing listening at the page's own address is no route's doing (the stack's entry down, or an origin
  // taken before it moved), and must not read as "a page without forms".
  if (refused && !(await answersAtAll(page, url)))
    throw new Error(
      `the browser could not reach ${url}: nothing listens there (net::ERR_CONNECTION_REFUSED): the stack's entry is down, or was published on another port`,
    );
  if (!response) return null;
  const type = (response.headers()['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type && type !== 'text/html' && type !== 'application/xhtml+xml') {
    await page.goto('about:blank').catch(() => null);
    return null;
  }
  await page.waitForLoadState('load', { timeout: 15_000 }).catch(() => null);
  return response;
}

/** The forms of each page, as the browser sees them. */
export async function formsOn(page: Page, origin: string, paths: string[]): Promise<PageForm[]> {
  const forms: PageForm[] = [];
  for (const path of paths) {
    const response = await openPage(page, `${origin}${path}`);
    if (!response || response.status() >= 400 || !new URL(page.url()).pathname.startsWith('/')) continue;
    const here = new URL(page.url()).pathname;
    const found = await page.$$eval('form', (elements) =>
      elements.map((f) => ({
        method: (f.getAttribute('method') ?? 'get').toLowerCase(),
        action: f.getAttribute('action') ?? '',
        fields: [...f.querySelectorAll('input, textarea, select')]
          .filter((e) => e.getAttribute('name'))
          .map((e) => ({
            name: e.getAttribute('name')!,
            type: e.tagName === 'INPUT' ? (e.getAttribute('type') ?? 'text').toLowerCase() : e.tagName.toLowerCase(),
            ...(e.getAttribute('accept') !== null ? { accept: e.getAttribute('accept')! } : {}),
            // A field the browser lets a user type only so much into (maxlength) cannot make a long request.
            ...(e.hasAttribute('maxlength') ? { maxLength: Number(e.getAttribute('maxlength')) } : {}),
          })),
      })),
    );
    found.forEach((f, index) => {
      const action = f.action ? new URL(f.action, page.url()) : new URL(page.url());
      forms.push({
        ...f,
        page: here,
        index,
        action: action.pathname,
        ...(action.origin !== new URL(origin).origin ? { external: true } : {}),
      });
    });
  }
  return forms;
}

/** Every link (`<a href>`) of each page, resolved against it: the hrefs a user can follow. */
export async function linksOn(page: Page, origin: string, paths: string[]): Promise<string[]> {
  const links = new Set<string>();
  for (const path of paths) {
    const response = await openPage(page, `${origin}${path}`);
    if (!response || response.status() >= 400) continue;
    for (const href of await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href)))
      links.add(href);
  }
  return [...links];
}

export interface Submitted {
  status: number;
  worker: string | null;
  /** Whether it worked as a user would see it: a redirect, or a page without the form's password field again. */
  ok: boolean;
  landed: string;
  /** The POST's own answer's Location (a redirect), as sent. */
  location: string | null;
  /** The Referer the browser sent with the POST (null: none, as a `Referrer-Policy: no-referrer` page makes it). */
  referer: string | null;
}

/** A file a user picks for a file field. */
export interface PickedFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** What goes into a form: the check's guesses by field, or a scenario's values by name (the rest left as is). */
export type Values = (field: FormField) => FieldValue | null;

/** What a user types into each field, as lib/porting/forms.ts guesses it. */
export const guessed =
  (role: FormRole, account: Account, marker: string): Values =>
  (field) =>
    valueFor(field, role, account, marker);

/**
 * Fills the form with `values` and submits it; the answer to its POST and where the browser ends up.
 * `files`: what a user picks in its file fields, by field name (a field left out stays empty).
 */
export async function submit(
  page: Page,
  origin: string,
  form: PageForm,
  values: Values,
  role: FormRole = roleOf(form),
  files: Record<string, PickedFile> = {},
): Promise<Submitted> {
  // The form's page is a GET: made again where Chromium abandoned it for a network change on this machine.
  const open = async () => (await gotoThroughNetworkChanges(page, `${origin}${form.page}`)).response;
  let opened = await open();
  // The app's own rate limit on the page (Flask-Limiter on a login), used up by an earlier request or test:
  // waited out as its Retry-After says, as a user who reads "Too Many Requests" waits, at most twice.
  for (let tries = 0; opened?.status() === 429 && tries < 2; tries += 1) {
    const after = Number(await opened.headerValue('retry-after'));
    await page.waitForTimeout(Math.min(30, Number.isFinite(after) && after > 0 ? after : 15) * 1000 + 250);
    opened = await open();
  }
  const element = page.locator('form').nth(form.index);
  // A page without its form (refused, or another page) has nothing to fill: said at once, not at the test's end.
  if ((await element.count()) === 0)
    throw new Error(
      `${form.page} has no form ${form.index + 1} to fill (it answered ${opened ? opened.status() : 'nothing'}${opened?.status() === 429 ? ": the app's rate limit, still in force after waiting it out twice" : ''})`,
    );
  for (const field of form.fields) {
    const input = element.locator(`[name="${field.name}"]`).first();
    const file = field.type === 'file' ? files[field.name] : undefined;
    const action = { timeout: 10_000 };
    if (file) await input.setInputFiles(file, action);
    const value = values(field);
    if (typeof value === 'boolean') await input.setChecked(value, action);
    else if (value !== null && field.type === 'select') await input.selectOption(value, action);
    else if (value !== null) await input.fill(value, action);
  }
  // The answer to the form's POST, then the document the browser ends on (after any redirect) has loaded.
  const loaded = page.waitForEvent('load', { timeout: 15_000 });
  // A POST the browser gave up (a network change on this machine: browser-navigation.ts) fails at once with
  // Chromium's reason, not at the answer's time-out. It is not sent again here: the app may have taken it.
  const gaveUp = postGivenUp(page);
  let response: Response;
  try {
    [response] = await Promise.all([
      Promise.race([page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 15_000 }), gaveUp.failed]),
      element.evaluate((f: HTMLFormElement) => f.requestSubmit()),
    ]);
  } catch (error) {
    loaded.catch(() => undefined);
    if (gaveUp.reason() !== undefined) await gaveUp.errorPageShown();
    throw error;
  } finally {
    gaveUp.stop();
  }
  await loaded;
  const status = response.status();
  const landed = new URL(page.url()).pathname;
  // Refused, as a user sees it: the same account form again (re-rendered, or redirected back to) with an error.
  const accountForm = role === 'register' || role === 'login';
  const formAgain = accountForm && landed === form.page && (await page.locator('input[type=password]').count()) > 0;
  return {
    status,
    worker: (await response.headerValue('x-http-test-worker')) ?? null,
    ok: status < 400 && !formAgain,
    landed: new URL(page.url()).pathname,
    location: (await response.headerValue('location')) ?? null,
    referer: (await response.request().headerValue('referer')) ?? null,
  };
}

/**
 * Watches for the form's POST to fail in the browser: `failed` rejects naming Chromium's reason, and
 * `errorPageShown` waits until Chromium has shown its error page for it, so that the page may be opened again
 * without that page interrupting the new navigation.
 */
function postGivenUp(page: Page): {
  failed: Promise<never>;
  reason: () => string | undefined;
  errorPageShown: () => Promise<void>;
  stop: () => void;
} {
  let reason: string | undefined;
  let reject: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, r) => (reject = r));
  // Raced, and never awaited once the answer came.
  failed.catch(() => undefined);
  const onFailed = (request: Request) => {
    if (request.method() !== 'POST' || !request.isNavigationRequest()) return;
    reason = request.failure()?.errorText ?? 'failed';
    reject(new Error(`${reason}: the browser gave up the form's POST to ${new URL(request.url()).pathname}`));
  };
  page.on('requestfailed', onFailed);
  return {
    failed,
    reason: () => reason,
    errorPageShown: async () => {
      if (page.url().startsWith('chrome-error:')) return;
      await page
        .waitForEvent('framenavigated', {
          predicate: (frame) => frame === page.mainFrame() && frame.url().startsWith('chrome-error:'),
          timeout: 10_000,
        })
        .then(() => undefined)
        .catch(() => undefined);
    },
    stop: () => page.off('requestfailed', onFailed),
  };
}

/**
 * Logs in until a process accepts it, a fresh browser session each try, at most `tries` times; whether one did.
 * A round-robin in front sends the login page and its POST to the same replicas in turn every time: one request
 * more (`nudge`) every other try lets the POST reach the others too.
 */
export async function logInOnSomeProcess(
  page: Page,
  tries: number,
  logIn: () => Promise<Submitted>,
  nudge: () => Promise<unknown>,
): Promise<boolean> {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    await page.context().clearCookies();
    if (attempt % 2 === 1) await nudge();
    if ((await logIn()).ok) return true;
  }
  return false;
}

/** Fills the form as the check guesses a user would (lib/porting/forms.ts) and submits it. */
export function submitAsUser(
  page: Page,
  origin: string,
  form: PageForm,
  account: Account,
  marker: string,
  files: Record<string, PickedFile> = {},
): Promise<Submitted> {
  const role = roleOf(form);
  return submit(page, origin, form, guessed(role, account, marker), role, files);
}
