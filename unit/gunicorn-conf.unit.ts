// Unit: what the check of a user's gunicorn.conf.py printed, read (lib/porting/gunicorn-conf.ts): a failure
// as one line naming the file, the line and the error; the suite's overrides as notes; the settings in force.
import { expect, test } from '@playwright/test';
import { describeGunicorn, readGunicornCheck } from '../lib/porting/gunicorn-conf.js';
import type { UserApp } from '../lib/porting/target.js';

const app: UserApp = {
  spec: 'server/app.py:app',
  dir: `${process.cwd()}/server`,
  module: 'app',
  attribute: 'app',
  webDist: null,
  setup: null,
  specsDir: null,
  scenario: null,
  slug: 'server-abcdef',
  gunicornConf: `${process.cwd()}/deploy/gunicorn.conf.py`,
  nginxConf: null,
  sharedDirs: [],
  database: null,
};

const failure = (out: string, named = true) => {
  try {
    readGunicornCheck(app, { code: 1, stdout: '', out }, named);
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
};

test("a file that does not run: the exception and the line in the user's file", () => {
  const out = `Traceback (most recent call last):
  File "/srv/http-test/gunicorn.conf.py", line 24, in <module>
    exec(_code, _user)
  File "deploy/gunicorn.conf.py", line 2, in <module>
NameError: name 'nope' is not defined
`;
  expect(failure(out)).toBe(
    "HTTP_TEST_GUNICORN_CONF=deploy/gunicorn.conf.py cannot be loaded by Gunicorn: NameError: name 'nope' is not defined (line 2): fix the file, or unset HTTP_TEST_GUNICORN_CONF",
  );
});

test('a value Gunicorn refuses: its own words for the setting, not the int() error after them', () => {
  expect(failure("Invalid value for workers: two\n\nError: invalid literal for int() with base 0: 'two'\n")).toBe(
    'HTTP_TEST_GUNICORN_CONF=deploy/gunicorn.conf.py cannot be loaded by Gunicorn: Invalid value for workers: two: fix the file, or unset HTTP_TEST_GUNICORN_CONF',
  );
});

test("a worker class the runtime lacks; a file found beside the app is named as Gunicorn's own find", () => {
  expect(
    failure(
      "http-test-check: worker_class 'gevent' cannot be loaded (ModuleNotFoundError: No module named 'gevent')\n",
      false,
    ),
  ).toBe(
    "deploy/gunicorn.conf.py (Gunicorn reads the gunicorn.conf.py beside your app) cannot be loaded by Gunicorn: worker_class 'gevent' cannot be loaded (ModuleNotFoundError: No module named 'gevent'): fix the file",
  );
});

test('a file that loads: the overrides as notes and the settings in force', () => {
  const check = readGunicornCheck(
    app,
    {
      code: 0,
      stdout:
        '{"workers": 5, "worker_class": "gthread", "threads": 4, "timeout": 60, "max_requests": 0, "preload_app": true}\n',
      out: "[http-test] deploy/gunicorn.conf.py: bind = '127.0.0.1:8000' replaced by '0.0.0.0:8000' for the stack\n",
    },
    true,
  );
  expect(check.notes).toEqual([
    "deploy/gunicorn.conf.py: bind = '127.0.0.1:8000' replaced by '0.0.0.0:8000' for the stack",
  ]);
  expect(check.settings.workers).toBe(5);
  expect(describeGunicorn(check.settings)).toBe(
    '5 gthread workers × 4 threads, timeout 60 s, app preloaded in the master',
  );
  expect(describeGunicorn({ workers: 1, worker_class: 'sync', threads: 1, timeout: 30, max_requests: 300 })).toBe(
    '1 sync worker, timeout 30 s, recycled after 300 requests',
  );
});
