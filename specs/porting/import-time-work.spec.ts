// Behaviour: work an app starts when its module is imported — a scheduler (APScheduler, Flask-APScheduler),
// a cleanup loop in a thread — runs once per process that imports it. The dev server is one process; Gunicorn
// imports the app in every worker (2 here, (2 x cores) + 1 in production) and nginx's replicas multiply that,
// so a job meant to run every minute runs once a minute in each; Flask's reloader (debug mode) imports it
// twice as well. Each process of the stack names the threads alive once it has loaded the app, before any
// request (the stamp's "app state" line); a thread in more than one process is the finding. Fix: run the
// scheduler as its own process (`python jobs.py` beside Gunicorn), never at import in the web app.
import { expect, test } from '../../fixtures/test.js';
import { appStatesIn, startedHereAs, threadsInSeveralProcesses } from '../../lib/porting/baseline.js';

test('Work the app starts at import runs in one process only', async ({ stack, stackDefinition, evidence }) => {
  const states = await test.step("read each process's threads from the stack's log", async () =>
    appStatesIn((await stack.appLogs()).join('\n')));
  test.skip(states.length === 0, "no app state line in the stack's log: the probe app is running (set HTTP_TEST_APP)");
  const started = [...new Set(states.flatMap((s) => s.threads ?? []))].sort();
  const several = threadsInSeveralProcesses(states);
  evidence.record(
    'processes that loaded the app',
    states.map((s) => `${s.host}/${s.pid}`),
  );
  evidence.record('threads started at import', started.length ? started : 'none');
  evidence.key(
    'threads running in several processes',
    Object.keys(several).length ? Object.fromEntries(Object.entries(several).map(([n, at]) => [n, at.length])) : 'none',
    Object.keys(several).length ? { unit: 'processes', id: 'import-threads' } : { id: 'import-threads' },
  );
  expect(
    Object.entries(several).map(([name, at]) => `"${name}" in ${at.length} processes (${at.join(', ')})`),
    `work started at import runs once per process under ${startedHereAs(stackDefinition)}: ${Object.entries(several)
      .map(([name, at]) => `thread "${name}" in ${at.length} processes`)
      .join(
        '; ',
      )}: a job per interval per process. Fix: run the scheduler as a process of its own (python jobs.py beside Gunicorn), not at import in the web app`,
  ).toEqual([]);
});
