/**
 * The user's gunicorn.conf.py (HTTP_TEST_GUNICORN_CONF, or the one beside their app), loaded before any stack
 * starts the way the stacks will load it: through compose/user-app/gunicorn.conf.py, with Gunicorn's own
 * loading (compose/user-app/http_test_check_gunicorn.py): the file runs, every value is checked, the worker
 * class is loaded and the app imported. A broken file is one line
 * naming the file, the line and the error; the settings the suite had to replace are told, one line each.
 */
import { SettingsError } from '../run/settings.js';
import { lastLineOf, runInAppContainer, type ContainerOutcome } from './app-container.js';
import { shownPath, type UserApp } from './target.js';

export interface GunicornConfCheck {
  /** "deploy/gunicorn.conf.py: bind = '127.0.0.1:8000' replaced by '0.0.0.0:8000' for the stack". */
  notes: string[];
  /** The values in force that matter most to a reader, as Gunicorn resolved them (workers, worker_class, …). */
  settings: Record<string, string | number | boolean | null>;
}

/** What the check container printed, read: a failure as one line, or the notes and the resolved settings. */
export function readGunicornCheck(
  app: UserApp,
  outcome: ContainerOutcome,
  named = Boolean(process.env.HTTP_TEST_GUNICORN_CONF?.trim()),
): GunicornConfCheck {
  const file = app.gunicornConf ? shownPath(app.gunicornConf) : 'compose/user-app/gunicorn.conf.py';
  const how = named
    ? `HTTP_TEST_GUNICORN_CONF=${file}`
    : `${file} (Gunicorn reads the gunicorn.conf.py beside your app)`;
  if (outcome.code !== 0) {
    // Python names the file by the name it was compiled under (the user's path) and the line.
    const where = [...outcome.out.matchAll(/File "([^"]+)", line (\d+)/g)].filter((m) => m[1] === file).pop();
    // Gunicorn says which value it refused before the exception's own words ("Invalid value for workers: two").
    const refused = /^Invalid value for .*$/m.exec(outcome.out)?.[0];
    const reason = (refused ?? lastLineOf(outcome.out)).replace(/^(Error|http-test-check): /, '').trim();
    throw new SettingsError(
      `${how} cannot be loaded by Gunicorn: ${reason}${where ? ` (line ${where[2]})` : ''}: fix the file${named ? ', or unset HTTP_TEST_GUNICORN_CONF' : ''}`,
    );
  }
  const notes = [...outcome.out.matchAll(/^\[http-test\] (.*)$/gm)].map((m) => m[1]!);
  let settings: GunicornConfCheck['settings'] = {};
  try {
    settings = JSON.parse(lastLineOf(outcome.stdout)) as GunicornConfCheck['settings'];
  } catch {
    throw new SettingsError(
      `${how}: Gunicorn loaded it but printed no settings (last line: ${lastLineOf(outcome.out)})`,
    );
  }
  return { notes, settings };
}

export async function checkGunicornConf(app: UserApp, image: string): Promise<GunicornConfCheck> {
  return readGunicornCheck(
    app,
    await runInAppContainer(app, image, ['python3', '/srv/http-test/http_test_check_gunicorn.py']),
  );
}

/** "5 gthread workers × 4 threads, timeout 30 s, preloaded": the settings a reader of the results needs. */
export function describeGunicorn(settings: GunicornConfCheck['settings']): string {
  const threads = Number(settings.threads ?? 1);
  const parts = [
    `${settings.workers} ${settings.worker_class} worker${settings.workers === 1 ? '' : 's'}${threads > 1 ? ` × ${threads} threads` : ''}`,
    `timeout ${settings.timeout} s`,
    ...(Number(settings.max_requests) > 0 ? [`recycled after ${settings.max_requests} requests`] : []),
    ...(settings.preload_app === true ? ['app preloaded in the master'] : []),
  ];
  return parts.join(', ');
}
