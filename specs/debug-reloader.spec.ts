// Behaviour: `flask run --debug` runs the app in a second process that a watcher restarts whenever one of its
// source files changes, killing every request in flight (Werkzeug's reloader, polling file times every
// second): such a request gets no answer at all, the next one a fresh process with empty memory.
// No other server watches its files: the same change leaves their processes, and the request in flight,
// alone (code changes reach them only when they are restarted on purpose).
import { sleep } from '../lib/clients/http.js';
import { expect, test } from '../fixtures/test.js';

/** Long enough that the change (after `changeAfterMs`) and the watcher's next poll (every second) fall inside it, with
 * 2 s to spare. */
const inFlightAtMostSeconds = 4;
/**
 * Where the reloader cuts it, the request may ask for longer at no cost (the cut comes 1 to 3 s after the
 * change): room for a busy machine's slow poll, so "cut before it could finish" never races the handler.
 */
const inFlightWhereReloadedSeconds = 10;
const changeAfterMs = 1_000;

/** The app's own source, inside each container (run from a copy: the checkout is never touched). */
const sourceFile = '/srv/app/app.py';

test('Under --debug a changed source file restarts the app and cuts the request in flight; no other server watches its files', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const replicas = stackDefinition.appReplicas;
  // Under Gunicorn's `timeout` (a longer request would be killed for that, not for the change).
  const inFlightSeconds = stackDefinition.reloadsOnSourceChange
    ? inFlightWhereReloadedSeconds
    : Math.min(inFlightAtMostSeconds, (stackDefinition.gunicorn?.timeoutSeconds ?? Infinity) - 1);
  // Python processes only: not the init process whose command line merely names python3.
  const appProcesses = async () =>
    (await Promise.all(replicas.map((r) => stack.processTree(r))))
      .flat()
      .filter((p) => /^(\S*\/)?python3?\b/.test(p.command));

  const before = await test.step('the processes that run the app', appProcesses);
  const pids = new Set(before.map((p) => p.pid));
  const watched = before.filter(
    (p) => pids.has(p.ppid) && before.find((parent) => parent.pid === p.ppid)?.command.includes('flask'),
  );
  evidence.record('app processes', before.length, 'processes');
  evidence.record('a watcher process with the app as its child', watched.length > 0);

  const inFlight = probe
    .attempt(probe.route('sleep', { s: inFlightSeconds }), { timeoutMs: (inFlightSeconds + 10) * 1000 })
    .then((o) => ({ ...o, endedAt: performance.now() }));
  const changedAt =
    await test.step(`change ${sourceFile} while a ${inFlightSeconds} s request is in flight`, async () => {
      await sleep(changeAfterMs);
      await Promise.all(replicas.map((r) => stack.exec(r, ['touch', sourceFile])));
      return performance.now();
    });
  const outcome = await test.step('what the request in flight got', () => inFlight);
  const endedAfterChange = (outcome.endedAt - changedAt) / 1000;
  const after = await test.step('the processes that run the app now', async () => {
    await probe.health(); // answered by whatever process serves now (waits out a restart)
    return appProcesses();
  });
  const replaced = after.filter((p) => !pids.has(p.pid));

  evidence.key(
    'request in flight',
    outcome.status
      ? `${outcome.status} after ${(outcome.ms / 1000).toFixed(1)} s`
      : `no answer (${outcome.error}) after ${(outcome.ms / 1000).toFixed(1)} s`,
  );
  evidence.record('since the change', Number(endedAfterChange.toFixed(1)), 's');
  evidence.record('processes replaced', replaced.length, 'processes');
  const restarts = (await stack.appLogs()).join('\n').match(/Detected change in/g)?.length ?? 0;
  evidence.record('"Detected change" in the log', restarts);

  if (stackDefinition.reloadsOnSourceChange) {
    expect(watched.length, 'a watcher process runs the app as its child').toBeGreaterThan(0);
    expect(outcome.status, 'the request in flight is cut by the restart: no answer at all').toBe(0);
    expect(outcome.ms / 1000, 'cut before it could finish').toBeLessThan(inFlightSeconds);
    expect(replaced.length, 'the app runs in a new process after the change').toBeGreaterThan(0);
  } else {
    expect(watched.length, 'no watcher process: the server runs the app as it loaded it').toBe(0);
    expect(outcome.status, 'the request in flight is answered: nothing reacts to the change').toBe(200);
    expect(replaced, 'the same processes run the app after the change').toEqual([]);
  }
});
