// Behaviour: what a user does through the app's own forms holds whichever process serves them next. In
// Chromium, as a user would: register through the app's registration form, log in through its login form,
// then fill and submit a form that writes (a new post); then the account must log in through every process,
// and what it wrote must show in the pages every process serves to it. On the dev server (one process) it
// always does; a SQLite file or a dict inside each replica makes an account that exists on one and not on the
// other ("Incorrect username" on every other login), and a post that half the page views lack. Fix: keep
// users and content in a database every process and replica reaches (PostgreSQL, MySQL), not in a file or
// a dict inside one.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from '../../fixtures/test.js';
import { appProcesses } from '../../lib/stacks/definitions.js';
import { readersOf } from '../../lib/clients/app-client.js';
import { formsByRole, roleOf, valueFor, type Account, type FormRole, type PageForm } from '../../lib/porting/forms.js';
import { formsOn } from '../../lib/porting/page-forms.js';

interface Submitted {
  status: number;
  worker: string | null;
  /** Whether it worked as a user would see it: a redirect, or a page without the form's password field again. */
  ok: boolean;
  landed: string;
}

/** Fills the form as a user would and submits it; the answer to its POST and where the browser ends up. */
async function submit(
  page: Page,
  origin: string,
  form: PageForm,
  account: Account,
  marker: string,
): Promise<Submitted> {
  await page.goto(`${origin}${form.page}`);
  const element = page.locator('form').nth(form.index);
  const role: FormRole = roleOf(form);
  for (const field of form.fields) {
    const value = valueFor(field, role, account, marker);
    if (value !== null) await element.locator(`[name="${field.name}"]`).first().fill(value);
  }
  // The answer to the form's POST, then the document the browser ends on (after any redirect) has loaded.
  const loaded = page.waitForEvent('load', { timeout: 15_000 });
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 15_000 }),
    element.evaluate((f: HTMLFormElement) => f.requestSubmit()),
  ]);
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
  };
}

test("An account made through the app's forms logs in, and what it writes is read, through every process", async ({
  page,
  app,
  stack,
  stackDefinition,
  evidence,
}) => {
  const origin = stack.baseURL;
  // A user who is logged in does not visit the log-out page on the way: it would end the session being checked.
  const paths = app.getPaths().filter((p) => !/log[-_]?out|sign[-_]?out/i.test(p));
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  const processes = appProcesses(stackDefinition);
  const forms = await test.step('read the forms of every page', async () =>
    formsByRole(await formsOn(page, origin, paths)));
  test.skip(
    forms.login.length === 0,
    `no login form (a POST form with a password field) on the app's pages without arguments${forms.content.length ? "; its writes are process-state's" : ''}`,
  );
  const id = randomBytes(4).toString('hex');
  const account: Account = {
    username: `httptest${id}`,
    email: `httptest${id}@example.test`,
    password: randomBytes(12).toString('base64url'),
  };
  const marker = `http-test-${randomUUID().slice(0, 8)}`;

  test.skip(
    forms.register.length === 0,
    `a login form (${forms.login[0]!.page}) but no registration form: the check has no account to log in with (an account of your own belongs in your own spec: HTTP_TEST_APP_SPECS)`,
  );
  const registered = forms.register[0]
    ? await test.step(`register ${account.username} through ${forms.register[0].page}`, () =>
        submit(page, origin, forms.register[0]!, account, marker))
    : null;
  evidence.record(
    'registered',
    registered
      ? `${registered.status} from ${registered.worker ?? 'the server in front'} → ${registered.landed}`
      : 'no registration form: logging in as a new user',
  );
  test.skip(
    registered !== null && !registered.ok,
    `registration through ${forms.register[0]?.page} was refused (${registered?.status}, back at ${registered?.landed}): nothing to log in with`,
  );

  const logins = await test.step('log in through every process (a fresh browser session each time)', async () => {
    const byWorker = new Map<string, boolean>();
    const tries: string[] = [];
    for (let attempt = 0; attempt < processes * 4 && byWorker.size < processes; attempt += 1) {
      await page.context().clearCookies();
      // A round-robin in front sends the login page and its POST to the same replicas in turn, every time:
      // one request more every other attempt lets the POST reach the others too.
      if (attempt % 2 === 1) await app.attempt('/');
      const result = await submit(page, origin, forms.login[0]!, account, marker);
      const worker = result.worker ?? '(the server in front)';
      tries.push(`${result.status} from ${worker} → ${result.landed}`);
      byWorker.set(worker, (byWorker.get(worker) ?? false) || result.ok);
    }
    evidence.record('login attempts', tries);
    return byWorker;
  });
  const refusedBy = [...logins].filter(([, ok]) => !ok).map(([w]) => w);
  const acceptedBy = [...logins].filter(([, ok]) => ok).map(([w]) => w);
  evidence.record('logins accepted by', acceptedBy.length ? acceptedBy : 'none');
  test.skip(
    acceptedBy.length === 0,
    `no process accepted the login of the account just ${registered ? 'registered' : 'used'} (${[...logins.keys()].join(', ')}): the check could not follow this app's forms`,
  );

  // Logged in (the last accepted session), the pages may offer forms they hid from a visitor (/create).
  for (let attempt = 0; attempt < processes * 4; attempt += 1) {
    await page.context().clearCookies();
    if ((await submit(page, origin, forms.login[0]!, account, marker)).ok) break;
  }
  const writing = formsByRole(await formsOn(page, origin, paths)).content.slice(0, 3);
  const writes: Record<string, string> = {};
  for (const form of writing) {
    const result = await test.step(`write ${marker} through ${form.page}`, () =>
      submit(page, origin, form, account, marker));
    writes[form.page] = `${result.status} from ${result.worker ?? 'the server in front'} → ${result.landed}`;
  }
  evidence.record(
    'writes through forms',
    Object.keys(writes).length ? writes : 'no form that writes text on the logged-in pages',
  );
  const cookie = (await page.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
  const reads = [];
  if (writing.length)
    for (const path of paths)
      reads.push(
        await test.step(`GET ${path} from every process, logged in`, async () =>
          app.fromEveryProcess(path, processes, 12, { headers: { Cookie: cookie } })),
      );
  const { saw, missed } = readersOf(reads, marker);

  const findings = [
    ...(refusedBy.length
      ? [`the account made through ${registered?.worker ?? 'one process'} was refused by ${refusedBy.join(', ')}`]
      : []),
    ...(missed.size
      ? [
          `what it wrote is missing from the pages of ${[...missed].join(', ')} (${saw.size} of ${saw.size + missed.size} show it)`,
        ]
      : []),
  ];
  evidence.key(
    'account and writes across processes',
    findings.length
      ? findings
      : `logged in through ${acceptedBy.length} of ${logins.size}${saw.size ? `; the write read by ${saw.size} of ${saw.size}` : ''}`,
    { id: 'user-journey' },
  );
  expect(
    findings,
    `a user's account and writes made through the app's forms are not seen by every process: ${findings.join('; ')}. Fix: keep users and content in a database every process and replica reaches (PostgreSQL, MySQL), not in a SQLite file or a dict inside one`,
  ).toEqual([]);
});
