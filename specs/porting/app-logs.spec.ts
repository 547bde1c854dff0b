// Behaviour: the lines an app logs on the dev server as its author runs it are not all in the log of another
// server. Flask's app.logger lets INFO and DEBUG through only in debug mode (`flask run --debug`,
// `app.run(debug=True)`); under Gunicorn and `flask run` without --debug only WARNING and above show, so
// `app.logger.info("order placed")` vanishes the day the app is deployed. Checked with the app's own routes:
// each GET route without arguments is asked here, and the lines it wrote when the author's way answered it
// (the dev baseline) are looked for in this stack's app log. Fix: configure logging at import —
// `logging.basicConfig(level=logging.INFO)` or `app.logger.setLevel(logging.INFO)` — not by debug mode.
import { expect, test } from '../../fixtures/test.js';
import { baselineOfRun, missingLogLines, startedHereAs } from '../../lib/porting/baseline.js';

test("The lines the app logs as its author runs it are in this server's log too", async ({
  app,
  stack,
  stackDefinition,
  evidence,
}) => {
  const baseline = baselineOfRun();
  test.skip(!baseline, 'no dev baseline: the probe app is running (set HTTP_TEST_APP)');
  const written = Object.values(baseline!.logs).flat().length;
  test.skip(
    written === 0,
    `the app logs nothing on its routes without arguments when started as ${baseline!.how}: no line to look for`,
  );
  const since = new Date(Date.now() - 1000);
  await test.step(`GET ${Object.keys(baseline!.logs).join(', ')}`, async () => {
    for (const path of Object.keys(baseline!.logs)) await app.attempt(path);
  });
  const log = (await stack.appLogs(since)).join('\n');
  const missing = missingLogLines(baseline!, log);
  evidence.record('as its author runs it', `${baseline!.how}: app.logger lets ${baseline!.state.log_level} through`);
  evidence.key("log lines of the author's run seen here", `${written - missing.length} of ${written}`, {
    id: 'log-lines',
  });
  if (missing.length)
    evidence.record(
      'missing',
      missing.map((m) => `GET ${m.path}: ${m.line}`),
    );
  expect(
    missing.map((m) => `GET ${m.path}: ${m.line}`),
    `lines the app logs as ${baseline!.how} are missing under ${startedHereAs(stackDefinition)} (${missing.length} of ${written}). Fix: set the level at import, not by debug mode: logging.basicConfig(level=logging.INFO) or app.logger.setLevel(logging.INFO)`,
  ).toEqual([]);
});
