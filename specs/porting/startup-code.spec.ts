// Behaviour: Gunicorn and `flask run` import the app's module; they never run its `if __name__ ==
// "__main__":` block, and only the flask command reads .flaskenv and .env. Whatever the app's author does
// there — set a secret key or a config value, call load_dotenv() — is missing under Gunicorn, though
// everything worked under `python app.py`. Each process of the stack says what it is once it has loaded the
// app (config keys with a digest of each value, the secret key's digest, the environment's names: the stamp's
// "app state" line), and the check compares that with the app as its author starts it (the dev baseline,
// taken before any stack starts). Fix: make every setting at import, at module level or in create_app(), and
// call load_dotenv() there too; keep the __main__ block to app.run() alone.
import { expect, test } from '../../fixtures/test.js';
import { appStatesIn, baselineOfRun, startedHereAs, startupDifferences } from '../../lib/porting/baseline.js';

test('Every setting the app makes when started as its author starts it is in force here too', async ({
  stack,
  stackDefinition,
  evidence,
}) => {
  const baseline = baselineOfRun();
  test.skip(!baseline, 'no dev baseline: the probe app is running (set HTTP_TEST_APP)');
  const states = await test.step("read each process's app state from the stack's log", async () =>
    appStatesIn((await stack.appLogs()).join('\n')));
  expect(
    states.length,
    'each app process logs its state once it has loaded the app (compose/user-app/http_test_stamp.py)',
  ).toBeGreaterThan(0);
  const lost = new Set<string>();
  for (const state of states) for (const d of startupDifferences(baseline!, state)) lost.add(d);
  evidence.record('as its author starts it', baseline!.how);
  evidence.record('started here as', startedHereAs(stackDefinition));
  if (baseline!.main_block.setup.length) evidence.record('its __main__ block also runs', baseline!.main_block.setup);
  evidence.key('what the app lacks here', lost.size ? [...lost] : 'nothing', { id: 'startup-lost' });
  expect(
    [...lost],
    `the app as ${startedHereAs(stackDefinition)} lacks what it has as ${baseline!.how}: ${[...lost].join('; ')}. Fix: make these settings at import (module level or create_app()), and call load_dotenv() there: Gunicorn and flask run never run the __main__ block${baseline!.main_block.setup.length ? ` (${baseline!.main_block.setup.join('; ')})` : ''}, and only the flask command reads .env`,
  ).toEqual([]);
});
