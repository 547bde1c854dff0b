// Behaviour: a bug in a route (an unhandled exception) under `flask run --debug` shows anyone who triggers it
// the source lines around the fault, every file path down the stack and the debugger's console, on Werkzeug's
// traceback page (with the exception's message and the secret the console's commands need). Every server without
// debug mode answers the same fault with a plain 500 that names no file, line, variable or version, and
// writes the traceback to its own log, where only the operator reads it.
import { failingSourceLine } from '../lib/clients/probe-client.js';
import { expect, test } from '../fixtures/test.js';
import { secretOf } from '../lib/clients/werkzeug-debugger.js';
import { debugModeOf } from '../lib/porting/debug-mode.js';

/** What an error page may give away, each with the pattern that finds it in the page. */
const giveaways: Record<string, RegExp> = {
  traceback: /Traceback|ZeroDivisionError|division by zero/,
  'file path': /\/srv\/app\/|\.py\b/,
  'source line': failingSourceLine,
  'debugger console': /__debugger__=yes/,
  'debugger secret': /SECRET = "/,
  'software version': /\b(werkzeug|gunicorn|python|nginx|flask)\/\d/i,
};

test('An exception shows its source and a console only under --debug; every other server answers a plain 500', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const since = new Date();
  const answer = await test.step('a route raises ZeroDivisionError', () => probe.fail());
  const page = answer.text();
  const shown = Object.entries(giveaways)
    .filter(([, pattern]) => pattern.test(page))
    .map(([what]) => what);
  evidence.key('the 500 shows', shown.length ? shown.join(', ') : 'nothing', { id: 'shown' });
  evidence.record('status', answer.status);
  evidence.record('page size', answer.body.length, 'bytes');
  evidence.record('files named', [
    ...new Set([...page.matchAll(/<cite class="filename">"([^"]+)"/g)].map((m) => m[1] ?? '')),
  ]);

  const debugMode = await test.step("the debugger's own script, asked of the same server", () =>
    debugModeOf(() => stack.baseURL));
  evidence.record('debugger script', debugMode.detail);

  const logged = await test.step('where the traceback went instead', async () =>
    (await stack.appLogs(since)).some((log) => /ZeroDivisionError/.test(log)));
  evidence.record('traceback in the server log', logged);

  expect(answer.status, 'an unhandled exception is a 500 on every server').toBe(500);
  if (stackDefinition.interactiveDebugger) {
    expect(shown, 'the debug traceback page shows the fault, its source and the console').toEqual(
      expect.arrayContaining(['traceback', 'file path', 'source line', 'debugger console', 'debugger secret']),
    );
    expect(secretOf(page), 'the page carries the secret the console commands need').toMatch(/^\w{10,}$/);
    expect(debugMode.on, 'the debugger serves its own JavaScript under any path').toBe(true);
  } else {
    expect(shown, 'the plain 500 names no file, line, variable or version').toEqual([]);
    expect(debugMode.on, 'no debugger script is served where debug mode is off').toBe(false);
    expect(logged, "the traceback is in the server's log, for the operator").toBe(true);
  }
});
