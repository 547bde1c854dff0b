// Unit: the runtime and image settings (lib/run/settings.ts), from an environment of the test's own.
import { expect, test } from '@playwright/test';
import { readSettings, SettingsError } from '../lib/run/settings.js';

/** An environment with no http-test.env read (the run's marker says it was read and set nothing). */
const env = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ HTTP_TEST_RUN_ENV_FILE_KEYS: '', ...vars });

test('HTTP_TEST_RUNTIME runs every stack on that base image', () => {
  const settings = readSettings(env({ HTTP_TEST_RUNTIME: 'bookworm' }));
  expect(settings).toMatchObject({
    runtime: 'bookworm',
    runtimeLabel: 'bookworm',
    pythonImage: 'http-test/base:bookworm',
    nginxImage: 'http-test/base:bookworm',
  });
});

test('without a runtime, the official images; both images a base image count as that runtime', () => {
  expect(readSettings(env({}))).toMatchObject({
    runtime: null,
    pythonImage: 'python:3.12-slim',
    nginxImage: 'nginx:alpine',
    runtimeLabel: 'python:3.12-slim + nginx:alpine',
  });
  expect(
    readSettings(
      env({ HTTP_TEST_PYTHON_IMAGE: 'http-test/base:trixie', HTTP_TEST_NGINX_IMAGE: 'http-test/base:trixie' }),
    ),
  ).toMatchObject({ runtime: 'trixie' });
});

test('an unknown runtime, or a runtime and an image that disagree, stop the run naming the fix', () => {
  expect(() => readSettings(env({ HTTP_TEST_RUNTIME: 'sid' }))).toThrow(
    new SettingsError(
      'HTTP_TEST_RUNTIME="sid" is not a runtime: use trixie or bookworm (or unset it for the official images)',
    ),
  );
  expect(() => readSettings(env({ HTTP_TEST_RUNTIME: 'trixie', HTTP_TEST_PYTHON_IMAGE: 'python:3.12-slim' }))).toThrow(
    /HTTP_TEST_RUNTIME=trixie .* but HTTP_TEST_PYTHON_IMAGE=python:3.12-slim: unset one/,
  );
});

test('a runtime set in the environment wins over images an earlier install wrote to http-test.env', () => {
  const fromFile = env({
    HTTP_TEST_RUN_ENV_FILE_KEYS: 'HTTP_TEST_PYTHON_IMAGE,HTTP_TEST_NGINX_IMAGE',
    HTTP_TEST_RUNTIME: 'trixie',
    HTTP_TEST_PYTHON_IMAGE: 'http-test/base:bookworm',
    HTTP_TEST_NGINX_IMAGE: 'http-test/base:bookworm',
  });
  expect(readSettings(fromFile)).toMatchObject({ runtime: 'trixie', pythonImage: 'http-test/base:trixie' });
});

test('HTTP_TEST_COMPOSE takes v1 or v2 only', () => {
  expect(readSettings(env({ HTTP_TEST_COMPOSE: 'v1' })).compose).toBe('v1');
  expect(readSettings(env({})).compose).toBeNull();
  expect(() => readSettings(env({ HTTP_TEST_COMPOSE: '2' }))).toThrow(/neither v1 nor v2/);
});

test('images set by hand win over a runtime an install wrote to http-test.env', () => {
  const byHand = env({
    HTTP_TEST_RUN_ENV_FILE_KEYS: 'HTTP_TEST_RUNTIME',
    HTTP_TEST_RUNTIME: 'trixie',
    HTTP_TEST_PYTHON_IMAGE: 'python:3.12-slim',
    HTTP_TEST_NGINX_IMAGE: 'nginx:alpine',
  });
  expect(readSettings(byHand)).toMatchObject({
    runtime: null,
    pythonImage: 'python:3.12-slim',
    nginxImage: 'nginx:alpine',
  });
});
