/**
 * A throw-away container of the user app's image, with the app mounted as the stacks mount it (a copy of its
 * folder at /srv/app, the suite's wrapper modules at /srv/http-test, their gunicorn.conf.py's folder), and no
 * network (an app's database server runs beside it, lib/porting/database.ts): for what must be known before
 * any stack starts (the app imports, its routes, their Gunicorn file loads, what the app does when it is
 * started the author's way).
 */
import path from 'node:path';
import { dockerOutcome } from '../docker/cli.js';
import { composeDir } from '../run/settings.js';
import { besideDatabase } from './database.js';
import { composeEnvFor, type UserApp } from './target.js';

export interface ContainerOutcome {
  code: number;
  stdout: string;
  /** stdout and stderr. */
  out: string;
}

export function runInAppContainer(
  app: UserApp,
  image: string,
  command: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ContainerOutcome> {
  const compose = composeEnvFor(app, composeDir);
  // An app that connects when it is imported needs its server here too: one beside it, in this container.
  const withServer = app.database ? besideDatabase(command, app.database) : null;
  const env: Record<string, string> = {
    HTTP_TEST_USER_APP: compose.HTTP_TEST_USER_APP!,
    HTTP_TEST_WSGI_APP: compose.HTTP_TEST_WSGI_APP!,
    PYTHONPATH: '/srv/http-test',
    ...(compose.HTTP_TEST_USER_GUNICORN_CONF_PATH
      ? {
          HTTP_TEST_USER_GUNICORN_CONF_PATH: compose.HTTP_TEST_USER_GUNICORN_CONF_PATH,
          HTTP_TEST_USER_GUNICORN_CONF_SHOWN: compose.HTTP_TEST_USER_GUNICORN_CONF_SHOWN!,
        }
      : {}),
    ...withServer?.env,
    ...options.env,
  };
  return dockerOutcome(
    [
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${app.dir}:/srv/app-source:ro`,
      '-v',
      `${path.join(composeDir, 'user-app')}:/srv/http-test:ro`,
      ...(compose.HTTP_TEST_USER_GUNICORN_CONF_DIR
        ? ['-v', `${compose.HTTP_TEST_USER_GUNICORN_CONF_DIR}:/etc/gunicorn-user:ro`]
        : []),
      ...Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]),
      image,
      ...(withServer?.command ?? command),
    ],
    options.timeoutMs ?? 60_000,
  );
}

/** The last line a failed Python program printed: the exception's own line. */
export function lastLineOf(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? '';
}
