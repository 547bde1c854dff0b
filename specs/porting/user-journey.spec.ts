// Behaviour: what a user does through the app's own forms holds whichever process serves them next. In
// Chromium, as a user would: register through the app's registration form, log in through its login form,
// then fill and submit a form that writes (a new post); then the account must log in through every process,
// and what it wrote must show in the pages every process serves to it. On the dev server (one process) it
// always does; a SQLite file or a dict inside each replica makes an account that exists on one and not on the
// other ("Incorrect username" on every other login), and a post that half the page views lack. Fix: keep
// users and content in a database every process and replica reaches (PostgreSQL, MySQL), not in a file or
// a dict inside one. Where the forms alone do not tell how (an invitation code, a box to tick, accounts made
// by a setup step), the app's scenario file says it (HTTP_TEST_APP_SCENARIO, or http-test-scenario.yml beside
// the app: lib/porting/scenario.ts), and the check follows it instead of guessing.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '../../fixtures/test.js';
import { appProcesses } from '../../lib/stacks/definitions.js';
import { readersOf } from '../../lib/clients/app-client.js';
import {
  formsByRole,
  newAccount,
  roleOf,
  withoutLogOut,
  type FormRole,
  type PageForm,
} from '../../lib/porting/forms.js';
import { formsOn, guessed, logInOnSomeProcess, submit, type Values } from '../../lib/porting/page-forms.js';
import { filled, parseScenario, type Scenario, type ScenarioForm } from '../../lib/porting/scenario.js';
import { shownPath } from '../../lib/porting/target.js';
import { readSettings } from '../../lib/run/settings.js';

/** A form to fill, what goes into it, and what it is for (an account form refused shows its form again). */
interface Step {
  form: PageForm;
  role: FormRole;
  values: Values;
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
  const paths = withoutLogOut(app.getPaths());
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  const processes = appProcesses(stackDefinition);
  const id = randomBytes(4).toString('hex');
  const account = newAccount(id);
  const marker = `http-test-${randomUUID().slice(0, 8)}`;
  const scenarioFile = readSettings().app?.scenario ?? null;
  const scenario: Scenario | null = scenarioFile
    ? parseScenario(readFileSync(scenarioFile, 'utf8'), shownPath(scenarioFile))
    : null;
  evidence.record('followed', scenario ? `your scenario, ${shownPath(scenarioFile!)}` : "the app's forms, guessed");

  /** The scenario's form on its page: the one with every field it names. */
  const scenarioStep = async (key: 'register' | 'login' | 'write', want: ScenarioForm): Promise<Step> => {
    const values = filled(want, id, marker);
    const onPage = await formsOn(page, origin, [want.page]);
    const form = onPage.find((f) => Object.keys(values).every((name) => f.fields.some((x) => x.name === name)));
    expect(
      form,
      `${shownPath(scenarioFile!)}: ${key}: no form on ${want.page} has the fields ${Object.keys(values).join(', ')} on this stack (${onPage.length ? `its forms have ${onPage.map((f) => f.fields.map((x) => x.name).join(', ')).join(' | ')}` : 'no form there, or the page answered an error'}): fix the scenario, or see route-parity for the page`,
    ).toBeDefined();
    const role: FormRole = key === 'write' ? 'content' : key;
    return { form: form!, role, values: (field) => values[field.name] ?? null };
  };
  const guessedStep = (form: PageForm): Step => {
    const role = roleOf(form);
    return { form, role, values: guessed(role, account, marker) };
  };

  let register: Step | null;
  let login: Step;
  if (scenario) {
    register = scenario.register
      ? await test.step(`find the registration form of your scenario on ${scenario.register.page}`, () =>
          scenarioStep('register', scenario.register!))
      : null;
    login = await test.step(`find the login form of your scenario on ${scenario.login.page}`, () =>
      scenarioStep('login', scenario.login));
  } else {
    const forms = await test.step('read the forms of every page', async () =>
      formsByRole(await formsOn(page, origin, paths)));
    test.skip(
      forms.login.length === 0,
      `no login form (a POST form with a password field) on the app's pages without arguments${forms.content.length ? "; its writes are process-state's" : ''}`,
    );
    test.skip(
      forms.register.length === 0,
      `a login form (${forms.login[0]!.page}) but no registration form: the check has no account to log in with (say which one in a scenario file: HTTP_TEST_APP_SCENARIO, docs/your-app.md)`,
    );
    register = guessedStep(forms.register[0]!);
    login = guessedStep(forms.login[0]!);
  }
  const use = (step: Step) => submit(page, origin, step.form, step.values, step.role);

  const registered = register
    ? await test.step(`register ${scenario ? 'as your scenario says' : account.username} through ${register.form.page}`, () =>
        use(register!))
    : null;
  evidence.record(
    'registered',
    registered
      ? `${registered.status} from ${registered.worker ?? 'the server in front'} → ${registered.landed}`
      : 'no registration in your scenario: logging in with its account',
  );
  if (scenario && registered)
    expect(
      registered.ok,
      `${shownPath(scenarioFile!)}: register: the app refused it (${registered.status}, back at ${registered.landed}): fix the scenario's fields`,
    ).toBe(true);
  test.skip(
    registered !== null && !registered.ok,
    `registration through ${register?.form.page} was refused (${registered?.status}, back at ${registered?.landed}): nothing to log in with (say how in a scenario file: HTTP_TEST_APP_SCENARIO)`,
  );

  const logins = await test.step('log in through every process (a fresh browser session each time)', async () => {
    const byWorker = new Map<string, boolean>();
    const tries: string[] = [];
    for (let attempt = 0; attempt < processes * 4 && byWorker.size < processes; attempt += 1) {
      await page.context().clearCookies();
      // A round-robin in front sends the login page and its POST to the same replicas in turn, every time:
      // one request more every other attempt lets the POST reach the others too.
      if (attempt % 2 === 1) await app.attempt('/');
      const result = await use(login);
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
  if (scenario && !registered)
    // An account the app already has (made by its setup step on every replica) must log in everywhere: no
    // process accepting it is the scenario's mistake, not the app's.
    expect(
      acceptedBy.length,
      `${shownPath(scenarioFile!)}: login: no process accepted the scenario's account (${[...logins.keys()].join(', ')}): fix its fields, or make the account in HTTP_TEST_APP_SETUP`,
    ).toBeGreaterThan(0);
  test.skip(
    acceptedBy.length === 0,
    `no process accepted the login of the account just ${registered ? 'registered' : 'used'} (${[...logins.keys()].join(', ')}): the check could not follow this app's forms (say how in a scenario file: HTTP_TEST_APP_SCENARIO)`,
  );

  // Logged in (the last accepted session), the pages may offer forms they hid from a visitor (/create).
  const loggedIn = await logInOnSomeProcess(
    page,
    processes * 4,
    () => use(login),
    () => app.attempt('/'),
  );
  evidence.record('logged in again to write', loggedIn ? 'yes' : `no: refused ${processes * 4} times`);
  const writingSteps = async (): Promise<Step[]> => {
    if (!loggedIn) return [];
    if (!scenario)
      return formsByRole(await formsOn(page, origin, paths))
        .content.slice(0, 3)
        .map(guessedStep);
    const write = scenario.write;
    if (!write) return [];
    return [
      await test.step(`find the form your scenario writes with on ${write.page}`, () => scenarioStep('write', write)),
    ];
  };
  const writing = await writingSteps();
  const writes: Record<string, string> = {};
  for (const step of writing) {
    const result = await test.step(`write ${marker} through ${step.form.page}`, () => use(step));
    writes[step.form.page] = `${result.status} from ${result.worker ?? 'the server in front'} → ${result.landed}`;
  }
  evidence.record(
    'writes through forms',
    Object.keys(writes).length
      ? writes
      : scenario
        ? 'your scenario writes nothing'
        : 'no form that writes text on the logged-in pages',
  );
  const readPaths = scenario?.read ?? paths;
  const cookie = (await page.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
  const reads = [];
  if (writing.length)
    for (const path of readPaths)
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
