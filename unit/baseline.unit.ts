// Unit: the dev baseline compared with a stack's processes (lib/porting/baseline.ts): what the app lacks under
// another server, the author's log lines found or missing in another server's log, and the dev stack that
// runs `python app.py` where the module starts the server itself.
import { expect, test } from '@playwright/test';
import {
  appStatesIn,
  forUserApp,
  missingLogLines,
  normalizeLogLine,
  startedHereAs,
  startupDifferences,
  threadsInSeveralProcesses,
  type AppBaseline,
  type AppState,
} from '../lib/porting/baseline.js';
import { stacks } from '../lib/stacks/definitions.js';

const state = (over: Partial<AppState> = {}): AppState => ({
  config: { DEBUG: 'd1', SECRET_KEY_FALLBACKS: 'x', NOTES_PER_PAGE: 'n5' },
  secret_key: 'k1',
  log_level: 'DEBUG',
  debug: true,
  env: ['PATH', 'NOTES_TITLE'],
  threads: [],
  ...over,
});

const baseline = (over: Partial<AppBaseline> = {}): AppBaseline => ({
  how: 'python app.py (app.run(debug=True))',
  main_block: { present: true, run: 'app.run(debug=True)', setup: ["app.config['NOTES_PER_PAGE'] = 5"] },
  state: state(),
  env: ['NOTES_TITLE'],
  logs: { '/': ['[2026-12-02 02:10:00,123] INFO in app: home page shown with 2 notes'], '/api/x': [] },
  ...over,
});

test('the same app loaded another way lacks nothing; debug mode itself is no loss', () => {
  expect(startupDifferences(baseline(), state({ config: { ...state().config, DEBUG: 'd0' }, debug: false }))).toEqual(
    [],
  );
});

test("a config key, a value, the secret key and an environment variable made only the author's way are named", () => {
  const here = state({ config: { DEBUG: 'd0', SECRET_KEY_FALLBACKS: 'y' }, secret_key: 'none', env: ['PATH'] });
  expect(startupDifferences(baseline(), here)).toEqual([
    'the secret key (none here)',
    'config SECRET_KEY_FALLBACKS (another value here)',
    'config NOTES_PER_PAGE (missing here)',
    'environment variable NOTES_TITLE (unset here)',
  ]);
  expect(startupDifferences(baseline(), state({ secret_key: 'k2' }))).toEqual(['the secret key (another one here)']);
});

test("each process's state line is read from a log with other lines around it", () => {
  const log = `[2026-12-02 02:00:00 +0000] [7] [INFO] Booting worker with pid: 7
[http-test] app state: {"config": {}, "debug": false, "env": [], "log_level": "WARNING", "pid": 7, "secret_key": "none"}
[http-test] worker ready (pid: 7)
[http-test] app state: {"config": {}, "debug": false, "env": [], "log_level": "WARNING", "pid": 8, "secret_key": "none"}`;
  expect(appStatesIn(log).map((s) => s.pid)).toEqual([7, 8]);
});

test("the author's log lines are found whatever the timestamps and counts, and missing ones named by route", () => {
  expect(normalizeLogLine('[2026-12-02 02:10:00,123] INFO in app: listed 3 notes')).toBe('INFO in app: listed # notes');
  const seen = 'app2  | [2026-12-02 03:00:00,001] INFO in app: home page shown with 7 notes\n';
  expect(missingLogLines(baseline(), seen)).toEqual([]);
  expect(missingLogLines(baseline(), '[2026-12-02 03:00:00 +0000] [9] [INFO] Booting worker with pid: 9\n')).toEqual([
    { path: '/', line: '[2026-12-02 02:10:00,123] INFO in app: home page shown with 2 notes' },
  ]);
});

test('the dev stack runs python app.py only where the module starts the server itself', () => {
  const asMain = forUserApp(stacks.dev, baseline());
  expect(asMain.overrideFiles).toEqual(['user-app/dev-as-main.yml']);
  expect(asMain.userApp).toBe(true);
  const flaskRun = forUserApp(stacks.dev, baseline({ main_block: { present: false, run: null, setup: [] } }));
  expect(flaskRun.overrideFiles).toBeUndefined();
  expect(forUserApp(stacks['dev-debug'], baseline()).overrideFiles).toBeUndefined();
  expect(forUserApp(stacks.gunicorn, baseline()).overrideFiles).toBeUndefined();
});

test('how a stack starts the app, as messages name it', () => {
  const gunicorn = { ...stacks.gunicorn, gunicorn: { workers: 2 } } as unknown as Parameters<typeof startedHereAs>[0];
  expect(startedHereAs(gunicorn)).toBe('Gunicorn');
  const dev = { ...forUserApp(stacks.dev, baseline()), gunicorn: null } as unknown as Parameters<
    typeof startedHereAs
  >[0];
  expect(startedHereAs(dev, baseline({ how: 'python main.py (app.run())' }))).toBe('python main.py, as you run it');
});

test('a thread started at import is named where it runs in more than one process, with those processes', () => {
  const states = [
    state({ host: 'app1', pid: 8, threads: ['APScheduler', 'sentry'] }),
    state({ host: 'app1', pid: 9, threads: ['APScheduler'] }),
    state({ host: 'app2', pid: 8, threads: ['APScheduler'] }),
  ];
  expect(threadsInSeveralProcesses(states)).toEqual({ APScheduler: ['app1/8', 'app1/9', 'app2/8'] });
  expect(threadsInSeveralProcesses([state({ host: 'app', pid: 1, threads: ['APScheduler'] })])).toEqual({});
  // The same process logging its state twice is one process.
  expect(
    threadsInSeveralProcesses([
      state({ host: 'a', pid: 1, threads: ['t'] }),
      state({ host: 'a', pid: 1, threads: ['t'] }),
    ]),
  ).toEqual({});
});

test('a value made per process (a random key, a uuid) is no loss: it differs between any two processes', () => {
  const perProcess = baseline({ unstable: { config: ['NOTES_PER_PAGE'], secret_key: true } });
  expect(
    startupDifferences(perProcess, state({ secret_key: 'k9', config: { ...state().config, NOTES_PER_PAGE: 'n7' } })),
  ).toEqual([]);
  // Gone altogether is still a loss.
  expect(startupDifferences(perProcess, state({ secret_key: 'none' }))).toEqual(['the secret key (none here)']);
});

test('state lines two workers wrote at once are read each by its braces; one cut by the other is left out', () => {
  const a =
    '{"config": {"X": "a{b"}, "debug": false, "env": [], "log_level": "WARNING", "pid": 7, "secret_key": "none", "threads": []}';
  const b =
    '{"config": {}, "debug": false, "env": [], "log_level": "WARNING", "pid": 8, "secret_key": "none", "threads": []}';
  const merged = `[http-test] app state: ${a}[http-test] app state: ${b}\n`;
  expect(appStatesIn(merged).map((s) => s.pid)).toEqual([7, 8]);
  const cut = `[http-test] app state: {"config": {}, "pid": 9[http-test] app state: ${b}\n`;
  expect(appStatesIn(cut).map((s) => s.pid)).toEqual([8]);
});
