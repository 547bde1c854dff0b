// Unit: a user's scenario file read and checked (lib/porting/scenario.ts): the forms, their fields with this
// run's id, marker and environment, and each mistake as one line naming the file's line and what to write;
// found beside the app or named by HTTP_TEST_APP_SCENARIO, and checked before any stack starts (target.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { filled, parseScenario } from '../lib/porting/scenario.js';
import { parseUserApp } from '../lib/porting/target.js';

const full = `# what a user of the notes app does
register:
  page: /auth/register
  fields: { username: "user{id}", password: "\${NOTES_PASSWORD}", invite: team-2026, terms: true }
login:
  page: /auth/login
  fields:
    username: user{id}
    password: \${NOTES_PASSWORD}
write:
  page: /notes/new
  fields: { title: "{marker}", body: "a note {marker}" }
read: [/, /notes]
`;

test('a scenario gives each form its page and fields; {id} and {marker} are filled per run, ${NAME} at once', () => {
  const s = parseScenario(full, 'http-test-scenario.yml', { NOTES_PASSWORD: 'pw-from-env' });
  expect(s.register).toEqual({
    page: '/auth/register',
    fields: { username: 'user{id}', password: 'pw-from-env', invite: 'team-2026', terms: true },
  });
  expect(s.read).toEqual(['/', '/notes']);
  expect(filled(s.login, 'ab12', 'm-1')).toEqual({ username: 'userab12', password: 'pw-from-env' });
  expect(filled(s.write!, 'ab12', 'http-test-77')).toEqual({ title: 'http-test-77', body: 'a note http-test-77' });
  // Only the login is needed: an account made by the app's setup step.
  expect(parseScenario('login: { page: /login, fields: { user: admin } }', 'f.yml', {})).toEqual({
    login: { page: '/login', fields: { user: 'admin' } },
  });
});

test('each mistake is one line naming the file, the line and what to write', () => {
  const error = (text: string, env: NodeJS.ProcessEnv = { NOTES_PASSWORD: 'x' }) => {
    try {
      parseScenario(text, 's.yml', env);
      return 'accepted';
    } catch (e) {
      return (e as Error).message;
    }
  };
  expect(error(full, {})).toBe(
    's.yml line 4: register: field password: ${NOTES_PASSWORD} is not set: export NOTES_PASSWORD before the run, or write the value',
  );
  expect(error('login: { page: /l, fields: { u: a } }\nlogout: {}')).toBe(
    's.yml line 2: unknown key "logout": a scenario has register:, login:, write: and read:',
  );
  expect(error('register: { page: /r, fields: { u: a } }')).toMatch(/^s\.yml line 1: no login:/);
  expect(error('login: { page: login, fields: { u: a } }')).toMatch(/^s\.yml line 1: login: page: .* starting with \//);
  expect(error('login:\n  page: /l\n')).toMatch(/^s\.yml line 2: login: has no fields:/);
  expect(error('login: { page: /l, fields: { u: [a] } }')).toMatch(/field u: a text to type, or true\/false/);
  expect(error('login: { page: /l, fields: { u: a } }\nwrite: { page: /w, fields: { t: hello } }')).toMatch(
    /write: types \{marker\} into no field/,
  );
  expect(error('login: [')).toMatch(/^s\.yml: not YAML: /);
  expect(error('- a\n- b')).toMatch(/^s\.yml line 1: expected keys login:/);
  expect(error('login: { page: /l, fields: { u: a } }\nread: []')).toMatch(/^s\.yml line 2: read: is a list of pages/);
});

test('the scenario beside the app is found, HTTP_TEST_APP_SCENARIO names another, a bad one stops the run', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'http-test-unit-scenario-'));
  try {
    mkdirSync(path.join(root, 'server'));
    writeFileSync(path.join(root, 'server/app.py'), '');
    const app = (vars: Record<string, string>) => parseUserApp({ HTTP_TEST_APP: 'server/app.py:app', ...vars }, root);
    expect(app({})?.scenario).toBeNull();
    writeFileSync(path.join(root, 'server/http-test-scenario.yml'), 'login: { page: /login, fields: { u: a } }');
    expect(app({})?.scenario).toBe(path.join(root, 'server/http-test-scenario.yml'));
    writeFileSync(path.join(root, 'other.yml'), 'login: { page: /login, fields: { u: "${PW}" } }');
    expect(() => app({ HTTP_TEST_APP_SCENARIO: 'other.yml' })).toThrow(
      /^other\.yml line 1: login: field u: \$\{PW\} is not set: .*: fix it, or unset HTTP_TEST_APP_SCENARIO$/,
    );
    expect(app({ HTTP_TEST_APP_SCENARIO: 'other.yml', PW: 'p' })?.scenario).toBe(path.join(root, 'other.yml'));
    expect(() => app({ HTTP_TEST_APP_SCENARIO: 'missing.yml' })).toThrow(
      /^HTTP_TEST_APP_SCENARIO="missing.yml": .* is not a file/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
