// Behaviour: debug mode is on only where the stack starts the server with --debug (dev-debug, to show it):
// there Werkzeug's debugger wraps your app, and any exception answers with its traceback, its source and a
// Python console for whoever reaches the server (see the chapter on `flask run --debug`). Anywhere else it is
// a finding: the app turns debug mode on itself. Fix: never ship `debug=True`; FLASK_DEBUG only on your machine.
import { expect, test } from '../../fixtures/test.js';
import { debugModeOf } from '../../lib/porting/debug-mode.js';
import { baselineOfRun, runsAsAuthorRunsIt } from '../../lib/porting/baseline.js';

test('Debug mode is on only where the stack starts the server with --debug', async ({
  stack,
  stackDefinition,
  evidence,
}) => {
  const verdict = await debugModeOf(() => stack.baseURL);
  // The dev stack runs `python app.py` where the module starts the server itself: app.run(debug=True) is the
  // author's own dev server, on their machine, not a finding.
  const authorsDebug = runsAsAuthorRunsIt(stackDefinition) && baselineOfRun()?.state.debug === true;
  evidence.key(
    'debug mode',
    verdict.on
      ? `on: ${verdict.detail}; ${authorsDebug ? `as you run it (${baselineOfRun()?.how})` : 'tracebacks and a console open to whoever reaches the server'}`
      : 'off',
  );
  expect(verdict.on, verdict.on ? 'debug mode is on: the debugger answers' : 'debug mode is off').toBe(
    stackDefinition.interactiveDebugger || authorsDebug,
  );
});
