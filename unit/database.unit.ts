// Unit: the database server a user's app gets (lib/porting/database.ts): the setting, the compose file over
// a stack, and a check's command with a server beside it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  besideDatabase,
  databaseCompose,
  DatabaseSettingError,
  parseDatabase,
  withDatabase,
} from '../lib/porting/database.js';
import { databaseHint } from '../lib/porting/image.js';
import { stacks } from '../lib/stacks/definitions.js';

test('HTTP_TEST_APP_DATABASE takes postgres, and postgres:NAME for the variable the app reads', () => {
  expect(parseDatabase(undefined)).toBeNull();
  expect(parseDatabase('  ')).toBeNull();
  expect(parseDatabase('postgres')).toEqual({ kind: 'postgres', urlVariable: 'DATABASE_URL' });
  expect(parseDatabase('postgresql:SQLALCHEMY_DATABASE_URI')).toEqual({
    kind: 'postgres',
    urlVariable: 'SQLALCHEMY_DATABASE_URI',
  });
  expect(() => parseDatabase('mysql')).toThrow(DatabaseSettingError);
  expect(() => parseDatabase('mysql')).toThrow(
    /"mysql" is not a database the suite can run: use HTTP_TEST_APP_DATABASE=postgres/,
  );
  expect(() => parseDatabase('postgres:1URL')).toThrow(/not an environment variable's name/);
  expect(() => parseDatabase('postgres:A:B')).toThrow(/not an environment variable's name/);
});

test('the stack gets one server every replica reaches, and each replica waits for it, the password from the environment', () => {
  const file = databaseCompose(['app1', 'app2'], { kind: 'postgres', urlVariable: 'DATABASE_URL' });
  expect(file).toContain('  database:\n    image: ${HTTP_TEST_APP_IMAGE}\n');
  expect(file).toContain('entrypoint: ["sh", "/srv/http-test/http_test_database.sh", "serve"]');
  for (const replica of ['app1', 'app2'])
    expect(file).toContain(
      `  ${replica}:\n    entrypoint: ["sh", "/srv/http-test/http_test_database.sh", "wait", "from-app-copy"]`,
    );
  expect(
    file.match(/DATABASE_URL: postgresql:\/\/app:\$\{HTTP_TEST_DATABASE_PASSWORD\}@database:5432\/app/g),
  ).toHaveLength(2);
  // No password is ever written into the file.
  expect(file).not.toMatch(/app:[0-9a-f]{8,}@/);
});

test('withDatabase adds its file only where the app needs a server', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'http-test-unit-db-'));
  try {
    expect(withDatabase(stacks.gunicorn, null, 'shop-abc123', dir)).toBe(stacks.gunicorn);
    const withServer = withDatabase(
      stacks.nginx,
      { kind: 'postgres', urlVariable: 'DATABASE_URL' },
      'shop-abc123',
      dir,
    );
    const added = withServer.overrideFiles?.at(-1);
    expect(added).toMatch(/database-nginx\.yml$/);
    expect(readFileSync(path.join(dir, added!), 'utf8')).toContain('  app2:\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a check runs beside a server of its own, reached on 127.0.0.1 with a password made for it', () => {
  const one = besideDatabase(['python3', '-m', 'http_test_stamp', 'routes'], { kind: 'postgres', urlVariable: 'DB' });
  expect(one.command).toEqual([
    'sh',
    '/srv/http-test/http_test_database.sh',
    'with',
    'python3',
    '-m',
    'http_test_stamp',
    'routes',
  ]);
  const password = one.env.HTTP_TEST_DATABASE_PASSWORD!;
  expect(password).toMatch(/^[0-9a-f]{36}$/);
  expect(one.env.DB).toBe(`postgresql://app:${password}@127.0.0.1:5432/app`);
  expect(besideDatabase([], { kind: 'postgres', urlVariable: 'DB' }).env.HTTP_TEST_DATABASE_PASSWORD).not.toBe(
    password,
  );
});

test('an import that failed for want of a database server says how to give it one; other failures do not', () => {
  const none = { database: null };
  expect(databaseHint(none, "KeyError: 'DATABASE_URL'")).toMatch(
    /^if it needs a PostgreSQL server, HTTP_TEST_APP_DATABASE=postgres/,
  );
  expect(
    databaseHint(
      none,
      'psycopg2.OperationalError: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused',
    ),
  ).not.toBeNull();
  expect(databaseHint(none, 'ZeroDivisionError: division by zero')).toBeNull();
  expect(databaseHint(none, "KeyError: 'SECRET_KEY'")).toBeNull();
  // Given a server under another name than the app reads: the setting that names it.
  const given = { database: { kind: 'postgres' as const, urlVariable: 'DATABASE_URL' } };
  expect(databaseHint(given, "KeyError: 'SQLALCHEMY_DATABASE_URI'")).toBe(
    "it reads SQLALCHEMY_DATABASE_URI, and the server's URL is in DATABASE_URL: HTTP_TEST_APP_DATABASE=postgres:SQLALCHEMY_DATABASE_URI",
  );
  expect(databaseHint(given, "KeyError: 'DATABASE_URL'")).toBeNull();
});
