/**
 * A user's scenario: what a user of the app does, written by the app's author where the porting check cannot
 * work it out from the forms (a registration form with an invitation code, a terms box, no registration at
 * all because accounts come from a setup step). specs/porting/user-journey.spec.ts follows it in Chromium
 * instead of guessing, so the state checks reach apps that need a login. The file (HTTP_TEST_APP_SCENARIO,
 * or http-test-scenario.yml beside the app) is read and checked before any stack starts:
 *
 *   register:                                  # optional: without it the login's account must exist
 *     page: /auth/register
 *     fields: { username: "user{id}", password: "pw-{id}", invite: team-2026, terms: true }
 *   login:
 *     page: /auth/login
 *     fields: { username: "user{id}", password: "pw-{id}" }
 *   write:                                     # optional: a form that writes; {marker} is looked for after
 *     page: /create
 *     fields: { title: "{marker}", body: "a note {marker}" }
 *   read: [/, /notes]                          # optional: the pages where the write shows (default: all)
 *
 * `{id}` is a fresh id per run (a new account each time), `{marker}` a unique text, `${NAME}` a variable of
 * the run's environment (a password stays out of the file). A field set to true or false is a checkbox.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

export type FieldValue = string | boolean;

export interface ScenarioForm {
  /** The page the form is on, a path of the app. */
  page: string;
  /** By field name: what a user types, or whether a box is ticked. */
  fields: Record<string, FieldValue>;
}

export interface Scenario {
  register?: ScenarioForm;
  login: ScenarioForm;
  write?: ScenarioForm;
  read?: string[];
}

const formKeys = ['register', 'login', 'write'] as const;
const topKeys = new Set<string>([...formKeys, 'read']);

/** Reads a scenario file's text; every mistake is one error naming the file, the line and what to write. */
export function parseScenario(text: string, file: string, env: NodeJS.ProcessEnv = process.env): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (node: Node | null | undefined): string =>
    node?.range ? `${file} line ${lines.linePos(node.range[0]).line}` : file;
  const fail = (node: Node | null | undefined, what: string): never => {
    throw new ScenarioError(`${at(node)}: ${what}`);
  };
  if (doc.errors.length) fail(null, `not YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const root = doc.contents;
  if (!isMap(root))
    return fail(root, 'expected keys login: (and register:, write:, read:), each a page and its fields');
  const scenario: Partial<Scenario> = {};
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!topKeys.has(key))
      fail(pair.key as Node, `unknown key "${key}": a scenario has register:, login:, write: and read:`);
    const value = pair.value as Node | null;
    if (key === 'read') {
      if (!isSeq(value) || value.items.length === 0) fail(value, 'read: is a list of pages, e.g. read: [/, /notes]');
      scenario.read = (value as { items: Node[] }).items.map((item) => pathOf(item, 'read: holds paths', fail));
      continue;
    }
    if (!isMap(value)) return fail(value ?? (pair.key as Node), `${key}: needs page: and fields:`);
    const form: Partial<ScenarioForm> = {};
    for (const inner of value.items) {
      const name = isScalar(inner.key) ? String(inner.key.value) : '';
      const v = inner.value as Node | null;
      if (name === 'page') form.page = pathOf(v, `${key}: page: is the path of the page with the form`, fail);
      else if (name === 'fields') form.fields = fieldsOf(v, key, fail, env, at);
      else fail(inner.key as Node, `${key}: has page: and fields:, not "${name}"`);
    }
    if (!form.page) fail(value, `${key}: has no page: (the path of the page the form is on, e.g. /login)`);
    if (!form.fields) fail(value, `${key}: has no fields: (the form's field names and what a user types)`);
    scenario[key as (typeof formKeys)[number]] = form as ScenarioForm;
  }
  if (!scenario.login) fail(root, 'no login: the page of the login form and what a user types into it');
  if (
    scenario.write &&
    !Object.values(scenario.write.fields).some((v) => typeof v === 'string' && v.includes('{marker}'))
  )
    fail(root, 'write: types {marker} into no field: the check looks for that text in the pages afterwards');
  return scenario as Scenario;
}

function pathOf(node: Node | null | undefined, what: string, fail: (n: Node | null | undefined, w: string) => never) {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.value.startsWith('/'))
    return fail(node, `${what}, starting with / (e.g. /login)`);
  return node.value;
}

function fieldsOf(
  node: Node | null | undefined,
  key: string,
  fail: (n: Node | null | undefined, w: string) => never,
  env: NodeJS.ProcessEnv,
  at: (n: Node | null | undefined) => string,
): Record<string, FieldValue> {
  if (!isMap(node) || node.items.length === 0)
    return fail(node, `${key}: fields: maps each field's name to what a user types, e.g. { username: "user{id}" }`);
  const fields: Record<string, FieldValue> = {};
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const v = pair.value as Node | null;
    if (!name) fail(pair.key as Node, `${key}: a field without a name`);
    if (!isScalar(v) || v.value === null || typeof v.value === 'object')
      fail(v ?? (pair.key as Node), `${key}: field ${name}: a text to type, or true/false for a box`);
    const value = (v as { value: unknown }).value;
    fields[name] =
      typeof value === 'boolean' ? value : withEnvironment(String(value), env, `${at(v)}: ${key}: field ${name}`);
  }
  return fields;
}

/** `${NAME}` from the run's environment, checked now: a run must not find out at the login that it is unset. */
function withEnvironment(value: string, env: NodeJS.ProcessEnv, where: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const found = env[name];
    if (found === undefined || found === '')
      throw new ScenarioError(`${where}: \${${name}} is not set: export ${name} before the run, or write the value`);
    return found;
  });
}

/** A form's fields with this run's id and marker in place. */
export function filled(form: ScenarioForm, id: string, marker: string): Record<string, FieldValue> {
  return Object.fromEntries(
    Object.entries(form.fields).map(([name, v]) => [
      name,
      typeof v === 'string' ? v.replaceAll('{id}', id).replaceAll('{marker}', marker) : v,
    ]),
  );
}
