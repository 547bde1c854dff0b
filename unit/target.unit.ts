// Unit: HTTP_TEST_APP and its companions read and checked (lib/porting/target.ts parseUserApp), and what
// compose gets to run that app (composeEnvFor). The app folders are made for each test in a temporary folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { AppTargetError, composeEnvFor, parseSharedDirs, parseUserApp, type UserApp } from '../lib/porting/target.js';

let root = '';

/** A folder tree under this test's temporary folder: file paths to their contents (a trailing / is a folder). */
function tree(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const at = path.join(root, name);
    if (name.endsWith('/')) mkdirSync(at, { recursive: true });
    else {
      mkdirSync(path.dirname(at), { recursive: true });
      writeFileSync(at, text);
    }
  }
}

const app = (vars: Record<string, string>) => parseUserApp(vars, root);

test.beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'http-test-unit-target-'));
});

test.afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

test('without HTTP_TEST_APP there is no user app: the probe app runs', () => {
  expect(app({})).toBeNull();
  expect(app({ HTTP_TEST_APP: '  ' })).toBeNull();
});

test('a module file and its app object: the folder is the source, the file name the module', () => {
  tree({ 'shop/server/app.py': '' });
  const parsed = app({ HTTP_TEST_APP: 'shop/server/app.py:app' });
  expect(parsed).toMatchObject({
    spec: 'shop/server/app.py:app',
    dir: path.join(root, 'shop', 'server'),
    module: 'app',
    attribute: 'app',
    webDist: null,
    setup: null,
    specsDir: null,
  });
  expect(parsed?.slug).toMatch(/^server-[0-9a-f]{6}$/);
});

test('an app factory is kept as written, called with no arguments', () => {
  tree({ 'server/app.py': '' });
  expect(app({ HTTP_TEST_APP: 'server/app.py:create_app()' })).toMatchObject({
    module: 'app',
    attribute: 'create_app()',
  });
});

test('a package folder with __init__.py is the module; its parent is the source folder', () => {
  tree({ 'server/shop/__init__.py': '' });
  expect(app({ HTTP_TEST_APP: 'server/shop:app' })).toMatchObject({ dir: path.join(root, 'server'), module: 'shop' });
});

test('the same folder by two different paths gets different slugs; the same path the same one', () => {
  tree({ 'a/server/app.py': '', 'b/server/app.py': '' });
  const slug = (spec: string) => app({ HTTP_TEST_APP: spec })?.slug;
  expect(slug('a/server/app.py:app')).toBe(slug('./a/server/app.py:app'));
  expect(slug('a/server/app.py:app')).not.toBe(slug('b/server/app.py:app'));
});

test("the app's own http-test-specs folder is found beside the module; HTTP_TEST_APP_SPECS names another", () => {
  tree({ 'server/app.py': '', 'server/http-test-specs/': '', 'elsewhere/': '' });
  expect(app({ HTTP_TEST_APP: 'server/app.py:app' })?.specsDir).toBe(path.join(root, 'server', 'http-test-specs'));
  expect(app({ HTTP_TEST_APP: 'server/app.py:app', HTTP_TEST_APP_SPECS: 'elsewhere' })?.specsDir).toBe(
    path.join(root, 'elsewhere'),
  );
});

test('HTTP_TEST_WEB_DIST is a built front end with index.html; HTTP_TEST_APP_SETUP is kept as given, trimmed', () => {
  tree({ 'server/app.py': '', 'client/dist/index.html': '' });
  expect(
    app({
      HTTP_TEST_APP: 'server/app.py:app',
      HTTP_TEST_WEB_DIST: 'client/dist',
      HTTP_TEST_APP_SETUP: ' flask db upgrade ',
    }),
  ).toMatchObject({ webDist: path.join(root, 'client', 'dist'), setup: 'flask db upgrade' });
});

test('each mistake stops the run with one line that names the fix', () => {
  tree({
    'server/app.py': '',
    'server/app.txt': '',
    'server/notapackage/': '',
    'server/my-app.py': '',
    'server/x': '',
  });
  const fails = (vars: Record<string, string>) => expect(() => app(vars)).toThrow(AppTargetError);
  const message = (vars: Record<string, string>) => {
    try {
      app(vars);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    return 'no error';
  };
  fails({ HTTP_TEST_APP: 'server/app.py' });
  expect(message({ HTTP_TEST_APP: 'server/app.py' })).toBe(
    'HTTP_TEST_APP="server/app.py" names no app object: use <file.py>:<name> or <file.py>:<factory>(), e.g. HTTP_TEST_APP=server/app.py:app',
  );
  expect(message({ HTTP_TEST_APP: 'server/app.py:create_app(1)' })).toBe(
    'HTTP_TEST_APP="server/app.py:create_app(1)": "create_app(1)" is not a Python name or a factory call without arguments: use e.g. :app or :create_app()',
  );
  expect(message({ HTTP_TEST_APP: 'server/missing.py:app' })).toMatch(/missing\.py does not exist: give the path/);
  expect(message({ HTTP_TEST_APP: 'server/notapackage:app' })).toMatch(
    /is a folder without __init__\.py: name the module file/,
  );
  expect(message({ HTTP_TEST_APP: 'server/app.txt:app' })).toMatch(/app\.txt is not a \.py file/);
  expect(message({ HTTP_TEST_APP: 'server/my-app.py:app' })).toBe(
    'HTTP_TEST_APP="server/my-app.py:app": "my-app" cannot be imported as a Python module name: rename the file',
  );
  expect(message({ HTTP_TEST_APP: 'server/app.py:app', HTTP_TEST_WEB_DIST: 'server' })).toBe(
    'HTTP_TEST_WEB_DIST="server" has no index.html: point it at the built front end (e.g. client/dist after npm run build)',
  );
  expect(message({ HTTP_TEST_APP: 'server/app.py:app', HTTP_TEST_APP_SPECS: 'server/x' })).toMatch(
    /^HTTP_TEST_APP_SPECS="server\/x" is not a folder/,
  );
});

test("the app's companions without HTTP_TEST_APP are a mistake, not ignored", () => {
  for (const other of [
    'HTTP_TEST_WEB_DIST',
    'HTTP_TEST_APP_SETUP',
    'HTTP_TEST_APP_SPECS',
    'HTTP_TEST_APP_SCENARIO',
    'HTTP_TEST_GUNICORN_CONF',
    'HTTP_TEST_NGINX_CONF',
    'HTTP_TEST_SHARED_DIRS',
    'HTTP_TEST_APP_DATABASE',
  ])
    expect(() => app({ [other]: 'x' })).toThrow(
      `${other} is set but HTTP_TEST_APP is not: point HTTP_TEST_APP at your app (e.g. HTTP_TEST_APP=../shop/server/app.py:app) or unset ${other}`,
    );
});

const userApp = (over: Partial<UserApp>): UserApp => ({
  spec: 'server/app.py:create_app()',
  dir: '/home/u/shop/server',
  module: 'app',
  attribute: 'create_app()',
  webDist: null,
  setup: null,
  specsDir: null,
  scenario: null,
  slug: 'server-abcdef',
  gunicornConf: null,
  nginxConf: null,
  sharedDirs: [],
  database: null,
  ...over,
});

test("compose gets the app's source, its module:attribute behind the stamp, and a placeholder front end", () => {
  expect(composeEnvFor(userApp({}), '/repo/compose')).toEqual({
    HTTP_TEST_APP_SOURCE: '/home/u/shop/server',
    HTTP_TEST_USER_APP: 'app:create_app()',
    HTTP_TEST_FLASK_APP: 'http_test_stamp:app',
    HTTP_TEST_WSGI_APP: 'http_test_stamp:app',
    HTTP_TEST_WEB_DIST_DIR: '/repo/compose/user-app/no-front-end',
    HTTP_TEST_NGINX_SITE: './user-app/user-app-site.conf',
    HTTP_TEST_GUNICORN_CONFIG: '/srv/http-test/gunicorn.conf.py',
  });
});

test("a front end outside the app's folder is also mounted where the app's relative path finds it; a setup is passed", () => {
  const env = composeEnvFor(
    userApp({ webDist: '/home/u/shop/client/dist', setup: 'flask db upgrade' }),
    '/repo/compose',
  );
  expect(env).toMatchObject({
    HTTP_TEST_WEB_DIST_DIR: '/home/u/shop/client/dist',
    HTTP_TEST_WEB_DIST_AT: '/srv/client/dist',
    HTTP_TEST_APP_SETUP: 'flask db upgrade',
  });
  const inside = composeEnvFor(userApp({ webDist: '/home/u/shop/server/static/dist' }), '/repo/compose');
  expect(inside).not.toHaveProperty('HTTP_TEST_WEB_DIST_AT');
});

test("the user's gunicorn.conf.py: named, or found beside the app as Gunicorn finds it; a bad one named", () => {
  tree({
    'server/app.py': '',
    'deploy/gunicorn.conf.py': 'workers = 3',
    'deploy/site.conf': '',
    'deploy/gunicorn.ini': '',
  });
  expect(app({ HTTP_TEST_APP: 'server/app.py:app' })?.gunicornConf).toBeNull();
  expect(
    app({ HTTP_TEST_APP: 'server/app.py:app', HTTP_TEST_GUNICORN_CONF: 'deploy/gunicorn.conf.py' })?.gunicornConf,
  ).toBe(path.join(root, 'deploy/gunicorn.conf.py'));
  tree({ 'server/gunicorn.conf.py': 'workers = 5' });
  expect(app({ HTTP_TEST_APP: 'server/app.py:app' })?.gunicornConf).toBe(path.join(root, 'server/gunicorn.conf.py'));
  const message = (vars: Record<string, string>) => {
    try {
      app(vars);
      return 'accepted';
    } catch (error) {
      return (error as Error).message;
    }
  };
  expect(message({ HTTP_TEST_APP: 'server/app.py:app', HTTP_TEST_GUNICORN_CONF: 'deploy/missing.py' })).toMatch(
    /^HTTP_TEST_GUNICORN_CONF="deploy\/missing.py": .* is not a file: point it at your gunicorn.conf.py/,
  );
  expect(message({ HTTP_TEST_APP: 'server/app.py:app', HTTP_TEST_GUNICORN_CONF: 'deploy/gunicorn.ini' })).toMatch(
    /is not a \.py file/,
  );
  expect(message({ HTTP_TEST_APP: 'server/app.py:app', HTTP_TEST_NGINX_CONF: 'deploy' })).toMatch(
    /^HTTP_TEST_NGINX_CONF="deploy": .* is not a file/,
  );
});

test("compose runs the user's gunicorn.conf.py through the suite's wrapper, mounted from its folder", () => {
  const env = composeEnvFor(userApp({ gunicornConf: '/home/u/shop/deploy/gunicorn.conf.py' }), '/repo/compose');
  expect(env.HTTP_TEST_GUNICORN_CONFIG).toBe('/srv/http-test/gunicorn.conf.py');
  expect(env.HTTP_TEST_USER_GUNICORN_CONF_DIR).toBe('/home/u/shop/deploy');
  expect(env.HTTP_TEST_USER_GUNICORN_CONF_PATH).toBe('/etc/gunicorn-user/gunicorn.conf.py');
  const none = composeEnvFor(userApp({}), '/repo/compose');
  expect(none.HTTP_TEST_GUNICORN_CONFIG).toBe('/srv/http-test/gunicorn.conf.py');
  expect(none.HTTP_TEST_USER_GUNICORN_CONF_PATH).toBeUndefined();
});

test('HTTP_TEST_SHARED_DIRS: folders relative to the app, normalised, each once; unset is none', () => {
  expect(parseSharedDirs(undefined)).toEqual([]);
  expect(parseSharedDirs(' uploads , static/uploads/ ,./uploads,media//photos')).toEqual([
    'uploads',
    'static/uploads',
    'media/photos',
  ]);
  tree({ 'app.py': '' });
  expect(app({ HTTP_TEST_APP: 'app.py:app', HTTP_TEST_SHARED_DIRS: 'uploads' })?.sharedDirs).toEqual(['uploads']);
  expect(app({ HTTP_TEST_APP: 'app.py:app' })?.sharedDirs).toEqual([]);
});

test('HTTP_TEST_APP_DATABASE: read with the app, a database the suite cannot run refused as a target error', () => {
  tree({ 'app.py': '' });
  expect(app({ HTTP_TEST_APP: 'app.py:app', HTTP_TEST_APP_DATABASE: 'postgres' })?.database).toEqual({
    kind: 'postgres',
    urlVariable: 'DATABASE_URL',
  });
  expect(app({ HTTP_TEST_APP: 'app.py:app' })?.database).toBeNull();
  expect(() => app({ HTTP_TEST_APP: 'app.py:app', HTTP_TEST_APP_DATABASE: 'oracle' })).toThrow(AppTargetError);
});

test('HTTP_TEST_SHARED_DIRS: a folder outside the app folder, absolute, or the app folder itself is refused', () => {
  for (const outside of ['/var/uploads', '../uploads', 'static/../../uploads', 'C:\\uploads'])
    expect(() => parseSharedDirs(`uploads,${outside}`)).toThrow(
      new AppTargetError(
        `HTTP_TEST_SHARED_DIRS="uploads,${outside}": "${outside}" is not a folder inside the app's folder: name it relative to the app's folder (e.g. HTTP_TEST_SHARED_DIRS=uploads,static/uploads)`,
      ),
    );
  expect(() => parseSharedDirs('.')).toThrow(/the app's folder itself/);
  expect(() => parseSharedDirs('my uploads')).toThrow(/characters a compose volume path cannot take/);
});
