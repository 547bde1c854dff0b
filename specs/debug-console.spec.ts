// Behaviour: under `flask run --debug` anyone who can reach the server and knows the PIN it printed in its
// log can run any Python inside the app's process from an HTTP client, and so read its secrets and files or
// start programs as the app's user. The PIN is the only lock: without it, or with a wrong one, no command
// runs, and after a few wrong PINs the console refuses even the right one until the server restarts (a
// brute-force guard, no more). Without debug mode none of this exists: the same URLs reach the app like any
// other.
import { expect, test } from '../fixtures/test.js';
import { DebuggerClient, pidExpression as expression, pinFromLog, secretOf } from '../lib/clients/werkzeug-debugger.js';
/** A PIN of the debugger's shape that the server did not print (if by chance it did, the spec says so). */
const wrongPin = '000-000-000';
/** Werkzeug has locked after 10 failures since 0.11; a bound, not a figure the spec expects. */
const wrongAttemptsAtMost = 20;
/**
 * Wrong PINs sent at once, as a guesser would: Werkzeug slows each refusal (0.5 s, then 5 s), inside the
 * request, so guesses sent side by side are refused side by side and only the count protects the console.
 */
const guessesAtOnce = 5;

test("The console runs Python sent over HTTP inside the app's process, once the PIN from the log is entered", async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const debuggerClient = new DebuggerClient(() => stack.baseURL);
  const consolePage = await test.step('open the console page', () => debuggerClient.consolePage());
  const secret = secretOf(consolePage.text());
  evidence.record(
    'console page',
    secret ? `the debugger's (${consolePage.status})` : `not the debugger's (${consolePage.status})`,
  );

  if (!stackDefinition.interactiveDebugger) {
    // Whatever secret or PIN a client tries, nothing here evaluates it.
    const tried = await test.step('a console command, as the debugger page would send it', () =>
      debuggerClient.evaluate(secret ?? 'guess', expression));
    const pin = await test.step('a PIN, as the debugger page would send it', () =>
      debuggerClient.pinAuth(secret ?? 'guess', wrongPin));
    evidence.key('console', 'none: the app answered', { id: 'console' });
    evidence.record('command answered', tried.status);
    expect(secret, 'no console page where debug mode is off').toBeUndefined();
    expect(tried.output, 'nothing evaluates Python sent over HTTP').toBeUndefined();
    expect(pin.verdict, 'nothing answers a PIN').toBeNull();
    return;
  }

  expect(secret, 'the console page carries its secret').toBeDefined();
  const s = secret ?? '';
  const pin = pinFromLog((await stack.appLogs()).join('\n'));
  expect(pin, 'the server printed its PIN in its log ("Debugger PIN: …")').toBeDefined();
  evidence.record('PIN from the log', pin ?? 'none');

  const withoutPin = await test.step('a command without the PIN', () => debuggerClient.evaluate(s, expression));
  evidence.record(
    'without the PIN',
    withoutPin.output === undefined ? `not run (${withoutPin.status})` : `ran: ${withoutPin.output}`,
  );
  expect(withoutPin.output, 'without the PIN no command runs').toBeUndefined();

  const wrong = await test.step(`a wrong PIN (${wrongPin})`, () => debuggerClient.pinAuth(s, wrongPin));
  evidence.record('wrong PIN', `auth ${wrong.verdict?.auth}, took ${(wrong.ms / 1000).toFixed(1)} s`);
  expect(pin, "the spec's wrong PIN is not this server's PIN").not.toBe(wrongPin);
  expect(wrong.verdict, 'a wrong PIN is refused').toEqual({ auth: false, exhausted: false });

  const right = await test.step('the PIN from the log', () => debuggerClient.pinAuth(s, pin ?? ''));
  expect(right.verdict, 'the PIN from the log unlocks the console').toEqual({ auth: true, exhausted: false });
  expect(right.cookie, 'the unlocked console hands out a cookie').toBeDefined();

  const ran = await test.step(`${expression} with the cookie`, () =>
    debuggerClient.evaluate(s, expression, right.cookie));
  const app = await test.step('the pid of the process that serves the app', () => probe.health());
  evidence.key(
    'console ran',
    ran.output !== undefined
      ? `os.getpid() → ${ran.output} (the app's pid: ${app.data.pid})`
      : `nothing (${ran.status})`,
    { id: 'console' },
  );
  evidence.record('pid /api/health reports', app.data.pid);
  expect(ran.output, 'the expression ran inside the very process that serves the app').toBe(String(app.data.pid));
});

test('Repeated wrong PINs lock the console until the server restarts, even for the right PIN', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  test.skip(
    !stackDefinition.interactiveDebugger,
    'No debugger on this stack: there is no PIN to guess (the console spec shows the same URLs reach the app).',
  );
  const debuggerClient = new DebuggerClient(() => stack.baseURL);
  const secret = secretOf((await debuggerClient.consolePage()).text()) ?? '';
  const pin = pinFromLog((await stack.appLogs()).join('\n')) ?? '';
  // The lock is a counter inside the process, invisible to the known-state check: restart after this test.
  stack.declareChanged(stackDefinition.appReplicas[0] ?? 'app', 'its debugger was locked by wrong PINs');

  let refused = 0;
  const rounds: string[] = [];
  let locked = false;
  const started = performance.now();
  await test.step(`wrong PINs, ${guessesAtOnce} at once, until the console locks (at most ${wrongAttemptsAtMost})`, async () => {
    while (!locked && refused < wrongAttemptsAtMost) {
      const answers = await Promise.all(
        Array.from({ length: guessesAtOnce }, () => debuggerClient.pinAuth(secret, wrongPin)),
      );
      expect(
        answers.map((a) => a.verdict === null),
        'the debugger answers every PIN attempt',
      ).not.toContain(true);
      locked = answers.some((a) => a.verdict?.exhausted);
      const counted = answers.filter((a) => !a.verdict?.exhausted);
      refused += counted.length;
      if (counted.length)
        rounds.push(`${counted.length} in ${(Math.max(...counted.map((a) => a.ms)) / 1000).toFixed(1)} s`);
    }
  });
  // The count and the delays are this Werkzeug's; other versions may differ.
  evidence.record('Werkzeug', (await probe.info()).data.werkzeug);
  evidence.key('locked after', refused, 'wrong PINs');
  evidence.record(`refused, ${guessesAtOnce} sent at once`, rounds);
  evidence.record('time to lock', Number(((performance.now() - started) / 1000).toFixed(1)), 's');
  expect(locked, `the console locks within ${wrongAttemptsAtMost} wrong PINs`).toBe(true);

  const right = await test.step('the right PIN, once locked', () => debuggerClient.pinAuth(secret, pin));
  evidence.record(
    'right PIN once locked',
    right.verdict ? `auth ${right.verdict.auth}, exhausted ${right.verdict.exhausted}` : `no verdict (${right.status})`,
  );
  expect(right.verdict, 'once locked, even the right PIN is refused').toEqual({ auth: false, exhausted: true });
});
