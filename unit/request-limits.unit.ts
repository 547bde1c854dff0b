// Unit: the pure side of the porting check's request-limits spec (lib/porting/request-limits.ts): the long
// entry, which forms and links can make a long URL, Gunicorn's limit in force, the header names an app's
// source reads or sends, and how the three answers of a header are judged.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { PageForm } from '../lib/porting/forms.js';
import {
  answeredByApp,
  headersReadIn,
  headersSentIn,
  headerVerdict,
  hyphenated,
  longEntry,
  longEntryChars,
  longEntryForms,
  nginxPassesUnderscores,
  queryLinks,
  refusedBeforeApp,
  requestLineBytes,
  requestLineLimitInForce,
  suggestedName,
  underscoreHeaderNames,
  withParameter,
} from '../lib/porting/request-limits.js';
import { replicaReadiness } from '../lib/stacks/readiness.js';

test('the long entry is words and spaces of exactly its length: its URL is as long, over 4094 and under 8 KiB', () => {
  const entry = longEntry();
  expect(entry).toHaveLength(longEntryChars);
  expect(entry).toMatch(/^[a-z ]+$/);
  expect(entry.endsWith(' ')).toBe(false);
  const line = requestLineBytes('GET', withParameter('/search?q=x', 'q', entry));
  expect(line).toBeGreaterThan(4094);
  expect(line).toBeLessThan(8192);
  expect(longEntry(12)).toHaveLength(12);
});

test('limit_request_line as Gunicorn applies it: 0 is none, past 8190 is 8190', () => {
  expect(requestLineLimitInForce(4094)).toBe(4094);
  expect(requestLineLimitInForce(0)).toBeNull();
  expect(requestLineLimitInForce(-1)).toBe(8190);
  expect(requestLineLimitInForce(8190)).toBe(8190);
  expect(requestLineLimitInForce(20000)).toBe(8190);
});

const form = (over: Partial<PageForm>): PageForm => ({
  page: '/',
  index: 0,
  method: 'get',
  action: '/search',
  fields: [{ name: 'q', type: 'search' }],
  ...over,
});

test('GET forms with a field a user types into make a long URL; POST forms, buttons, short fields and other sites do not', () => {
  const forms = [
    form({}),
    form({ page: '/about' }), // the same form on another page: once
    form({
      action: '/filter',
      fields: [
        { name: 'tag', type: 'select' },
        { name: 'note', type: 'textarea' },
        { name: 'q', type: 'text' },
      ],
    }),
    form({ action: '/login', method: 'post', fields: [{ name: 'username', type: 'text' }] }),
    form({
      action: '/go',
      fields: [
        { name: 'page', type: 'hidden' },
        { name: 'n', type: 'number' },
      ],
    }),
    form({ action: '/short', fields: [{ name: 'code', type: 'text', maxLength: 12 }] }),
    form({ action: '/elsewhere', external: true }),
  ];
  const found = longEntryForms(forms);
  expect(found.map((f) => `${f.form.action} ${f.field.name}`)).toEqual(['/search q', '/filter note']);
  expect(
    longEntryForms([form({ method: 'GET', fields: [{ name: 'q', type: 'text', maxLength: 10000 }] })]),
  ).toHaveLength(1);
});

test("links to the app with a query, one per path and parameter names; other sites' links do not count", () => {
  const origin = 'http://127.0.0.1:5000';
  const links = queryLinks(
    [
      `${origin}/search?q=flask`,
      `${origin}/search?q=gunicorn`,
      `${origin}/items?page=2&sort=date`,
      `${origin}/about`,
      'https://example.org/search?q=x',
      'mailto:someone@example.org',
    ],
    origin,
  );
  expect(links).toEqual([
    { target: '/search?q=flask', path: '/search', parameter: 'q' },
    { target: '/items?page=2&sort=date', path: '/items', parameter: 'page' },
  ]);
  expect(withParameter('/items?page=2&sort=date', 'page', 'a b')).toBe('/items?page=a+b&sort=date');
  expect(requestLineBytes('GET', '/a')).toBe('GET /a HTTP/1.1'.length);
});

test('refused before the app: an error no app process stamped; the app answering, even 400, is not', () => {
  expect(refusedBeforeApp({ status: 400, worker: null })).toBe(true);
  expect(refusedBeforeApp({ status: 414, worker: null })).toBe(true);
  expect(refusedBeforeApp({ status: 0, worker: null })).toBe(true);
  expect(refusedBeforeApp({ status: 400, worker: 'app/9' })).toBe(false);
  expect(refusedBeforeApp({ status: 200, worker: null })).toBe(false);
  expect(answeredByApp({ status: 302, worker: 'app/9' })).toBe(true);
  expect(answeredByApp({ status: 404, worker: 'app/9' })).toBe(false);
  expect(answeredByApp({ status: 200, worker: null })).toBe(false);
});

test('the header names Python reads: request.headers in each spelling, the environ only for a custom HTTP_X_', () => {
  const py = [
    'key = request.headers.get("X_API_KEY")',
    "tenant = request.headers['X_Tenant_Id']",
    "trace = flask.request.headers.get('x-trace-id', '')",
    'ua = request.environ.get("HTTP_USER_AGENT")',
    'token = request.environ["HTTP_X_AUTH_TOKEN"]',
    'all = request.headers.getlist("X_Tag")',
    'API_KEY_HEADER = "X_Client_Key"',
  ].join('\n');
  expect(headersReadIn(py, 'app.py').map((h) => `${h.name}@${h.where}`)).toEqual([
    'X_API_KEY@app.py:1',
    'X_Tenant_Id@app.py:2',
    'x-trace-id@app.py:3',
    'X_Tag@app.py:6',
    'X_Client_Key@app.py:7',
    'X_AUTH_TOKEN@app.py:5',
  ]);
});

test('the header names scripts send: fetch and axios objects (minified too), setRequestHeader, Headers; not URLSearchParams', () => {
  const js = [
    'fetch("/api/notes", { headers: { "X_API_KEY": key, "Content-Type": "application/json" } })',
    'axios.get(u,{headers:{X_Tenant:t}})',
    "xhr.setRequestHeader('X_Requested_By', 'page')",
    "const h = new Headers(); h.set('nope', 1); reqHeaders.append('X_Trace', id)",
    "url.searchParams.set('sort_by', 'date')",
    "axios.defaults.headers.common['X_CSRF_TOKEN'] = token",
  ].join('\n');
  const names = headersSentIn(js, 'static/app.js').map((h) => h.name);
  expect(names).toEqual(
    expect.arrayContaining(['X_API_KEY', 'Content-Type', 'X_Tenant', 'X_Requested_By', 'X_Trace', 'X_CSRF_TOKEN']),
  );
  expect(names).not.toContain('sort_by');
  expect(names).not.toContain('nope');
});

test('underscore header names across an app folder and its built front end, each name once, node_modules left out', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'request-limits-'));
  const dist = mkdtempSync(path.join(os.tmpdir(), 'request-limits-dist-'));
  try {
    writeFileSync(path.join(dir, 'app.py'), 'k = request.headers.get("X_API_KEY")\nh = request.headers.get("X-Ok")\n');
    mkdirSync(path.join(dir, 'templates'));
    writeFileSync(
      path.join(dir, 'templates', 'page.html'),
      '<script>fetch("/a", {headers: {"x_api_key": k}})</script>',
    );
    mkdirSync(path.join(dir, 'node_modules'));
    writeFileSync(path.join(dir, 'node_modules', 'lib.js'), 'fetch(u,{headers:{X_Vendor:1}})');
    writeFileSync(path.join(dist, 'index.js'), 'fetch(u,{headers:{X_Front:1}})');
    const found = underscoreHeaderNames([
      { dir, label: '' },
      { dir: dist, label: 'web dist' },
    ]);
    expect(found.map((f) => [f.name, f.where, [...f.sides].sort()])).toEqual([
      ['X_API_KEY', ['app.py:1', 'templates/page.html:1'], ['reads', 'sends']],
      ['X_Front', ['web dist/index.js:1'], ['sends']],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
  }
});

test('a header is read when its hyphen spelling changes the answer; its "_" spelling arrived or was dropped', () => {
  const no = { status: 401, body: '{"error":"missing"}' };
  const yes = { status: 200, body: '{"notes":[]}' };
  expect(hyphenated('X_API_KEY')).toBe('X-API-KEY');
  expect(suggestedName('X_API_KEY')).toBe('X-Api-Key');
  expect(suggestedName('x_tenant_id')).toBe('X-Tenant-Id');
  expect(headerVerdict(no, no, yes, no)).toBe('dropped');
  expect(headerVerdict(no, no, yes, yes)).toBe('arrives');
  expect(headerVerdict(no, no, no, no)).toBe('not read');
  // A body that changes by itself (a time in the page) compares by status only.
  const page = (t: string) => ({ status: 200, body: `<p>${t}</p>` });
  expect(headerVerdict(page('1'), page('2'), page('3'), page('4'))).toBe('not read');
  expect(headerVerdict(page('1'), { status: 500, body: '' }, yes, no)).toBe('unclear');
  // The same status, another body: the app greets the tenant it read.
  expect(headerVerdict(page('hi'), page('hi'), page('hi acme'), page('hi'))).toBe('dropped');
});

test('nginx passes header names with "_" only with underscores_in_headers on or ignore_invalid_headers off', () => {
  expect(nginxPassesUnderscores('server {\n    listen 80;\n}')).toBe(false);
  expect(nginxPassesUnderscores('server {\n    underscores_in_headers on;\n}')).toBe(true);
  expect(nginxPassesUnderscores('    # underscores_in_headers on;\n')).toBe(false);
  expect(nginxPassesUnderscores('underscores_in_headers off;')).toBe(false);
  expect(nginxPassesUnderscores('ignore_invalid_headers off;')).toBe(true);
});

test("Gunicorn's request limits are read from its effective config where the hook logs them", () => {
  const line = (extra: string) =>
    `[http-test] effective config: {"workers": 2, "worker_class": "sync", "timeout": 30, "graceful_timeout": 30, "max_requests": 0, "threads": 1, "worker_connections": 1000, "keepalive": 2${extra}}`;
  const withLimits = replicaReadiness('app', [line(', "limit_request_line": 8190, "header_map": "drop"')], 'gunicorn');
  expect(withLimits.gunicorn).toMatchObject({ limitRequestLine: 8190, headerMap: 'drop' });
  const old = replicaReadiness('app', [line(', "limit_request_line": 4094, "header_map": null')], 'gunicorn');
  expect(old.gunicorn).toMatchObject({ limitRequestLine: 4094, headerMap: null });
  const none = replicaReadiness('app', [line('')], 'gunicorn');
  expect(none.gunicorn).not.toHaveProperty('limitRequestLine');
  expect(none.gunicorn).not.toHaveProperty('headerMap');
});
