/**
 * A database server for a user's app that needs one (HTTP_TEST_APP_DATABASE=postgres): PostgreSQL from
 * Debian's postgresql package, installed in the app's own image (lib/porting/image.ts) and run by
 * compose/user-app/http_test_database.sh. Every stack gets its own server as a service named `database`,
 * which every replica reaches, as a deployment's database is one server behind all its app processes; the
 * app finds it in DATABASE_URL (or the variable it reads, HTTP_TEST_APP_DATABASE=postgres:SQLALCHEMY_DATABASE_URI).
 * The checks made before any stack starts (the app imported, its routes listed) run one beside the app in
 * their throw-away container, so an app that connects when it is imported loads there too.
 * The password is made for each stack at run time (lib/stacks/lifecycle.ts) and each check, never written down.
 */
import type { StackDescription } from '../stacks/definitions.js';
import { databaseService } from '../stacks/known-state.js';
import { newDatabasePassword } from '../stacks/reuse.js';
import { withGeneratedOverride } from './nginx-site.js';

export class DatabaseSettingError extends Error {
  override name = 'DatabaseSettingError';
}

export interface DatabaseNeed {
  kind: 'postgres';
  /** The environment variable the app reads its URL from. */
  urlVariable: string;
}

/** Debian's packages the app's image gets for it: the server, and pg_isready for the replicas' wait. */
export const databasePackages = ['postgresql'] as const;

/** HTTP_TEST_APP_DATABASE: unset is none; `postgres` or `postgres:VARIABLE`. */
export function parseDatabase(raw: string | undefined): DatabaseNeed | null {
  const value = raw?.trim();
  if (!value) return null;
  const [kind, variable, ...rest] = value.split(':');
  if (kind !== 'postgres' && kind !== 'postgresql')
    throw new DatabaseSettingError(
      `HTTP_TEST_APP_DATABASE="${value}": "${kind}" is not a database the suite can run: use HTTP_TEST_APP_DATABASE=postgres (PostgreSQL, its URL in DATABASE_URL)`,
    );
  if (rest.length > 0 || (variable !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)))
    throw new DatabaseSettingError(
      `HTTP_TEST_APP_DATABASE="${value}": "${value.slice(kind.length + 1)}" is not an environment variable's name: use postgres:NAME (e.g. postgres:SQLALCHEMY_DATABASE_URI), or postgres for DATABASE_URL`,
    );
  return { kind: 'postgres', urlVariable: variable ?? 'DATABASE_URL' };
}

/** The URL the app is given: user and database "app", on `host`. */
export function databaseUrl(host: string, password: string): string {
  return `postgresql://app:${password}@${host}:5432/app`;
}

const script = '/srv/http-test/http_test_database.sh';

/**
 * The compose file over a stack's own: the `database` service, and in each of `replicas` the URL and an
 * entrypoint that waits until the server accepts before the app's copy, setup and server start. The password
 * comes from the environment compose runs with (HTTP_TEST_DATABASE_PASSWORD), never from the file.
 */
export function databaseCompose(replicas: readonly string[], need: DatabaseNeed): string {
  const url = databaseUrl(databaseService, '${HTTP_TEST_DATABASE_PASSWORD}');
  return [
    '# Written by lib/porting/database.ts for HTTP_TEST_APP_DATABASE: one PostgreSQL server every replica reaches.',
    'services:',
    `  ${databaseService}:`,
    '    image: ${HTTP_TEST_APP_IMAGE}',
    '    init: true',
    `    entrypoint: ["sh", "${script}", "serve"]`,
    '    environment:',
    '      HTTP_TEST_DATABASE_PASSWORD: ${HTTP_TEST_DATABASE_PASSWORD:?set by the suite}',
    '    volumes:',
    '      - ./user-app:/srv/http-test:ro',
    ...replicas.flatMap((replica) => [
      `  ${replica}:`,
      `    entrypoint: ["sh", "${script}", "wait", "from-app-copy"]`,
      '    environment:',
      '      HTTP_TEST_DATABASE_PASSWORD: ${HTTP_TEST_DATABASE_PASSWORD:?set by the suite}',
      `      HTTP_TEST_DATABASE_HOST: ${databaseService}`,
      `      ${need.urlVariable}: ${url}`,
      '    depends_on:',
      `      - ${databaseService}`,
    ]),
    '',
  ].join('\n');
}

/** The stack with the compose file over it that gives it a database server (written here), where the app needs one. */
export function withDatabase(
  description: StackDescription,
  need: DatabaseNeed | null,
  slug: string,
  composeDir: string,
): StackDescription {
  if (!need) return description;
  return withGeneratedOverride(
    description,
    composeDir,
    slug,
    'database',
    databaseCompose(description.appReplicas, need),
  );
}

/**
 * A check's command with a server beside it in the same container (no network: on 127.0.0.1), and the
 * environment that reaches it.
 */
export function besideDatabase(
  command: readonly string[],
  need: DatabaseNeed,
  password = newDatabasePassword(),
): { command: string[]; env: Record<string, string> } {
  return {
    command: ['sh', script, 'with', ...command],
    env: { HTTP_TEST_DATABASE_PASSWORD: password, [need.urlVariable]: databaseUrl('127.0.0.1', password) },
  };
}
