// Unit: a user's app's report opens with its findings (reports/app-findings.ts), read from one table
// (lib/porting/findings.ts) that Allure reads too: every porting spec has its entry, the findings are ranked
// most often hit first with a spec of no entry last, each says its evidence per stack as its cells do, and the
// probe app's matrix opens as it always did.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { findingFor, portingFindings, unknownRank } from '../lib/porting/findings.js';
import { appFindings, appFindingsSummary, stackDidNotStart } from '../reports/app-findings.js';
import { failureHeadline } from '../reports/matrix-model.js';
import { StackStartError } from '../lib/stacks/lifecycle.js';
import type { Cell, Matrix, Row } from '../reports/matrix-model.js';
import { renderHtml, renderMarkdown } from '../reports/matrix-render.js';

const portingDir = fileURLToPath(new URL('../specs/porting', import.meta.url));
const portingSpecs = () => readdirSync(portingDir).filter((f) => f.endsWith('.spec.ts'));

/** The titles of a spec file's tests, as written: `test('…'` or `test(\n  "…"`. */
const testTitles = (file: string) =>
  [...readFileSync(path.join(portingDir, file), 'utf8').matchAll(/\btest\(\s*(['"`])(.*?)\1/g)].map((m) => m[2]!);

test('every spec file of specs/porting has its entry in lib/porting/findings.ts, and every entry a spec file', () => {
  const specs = portingSpecs();
  expect(specs.length).toBeGreaterThan(8);
  expect(specs.filter((s) => !portingFindings[s])).toEqual([]);
  expect(Object.keys(portingFindings).filter((s) => !specs.includes(s))).toEqual([]);
});

test("an entry's per-test texts each name a test its spec file has", () => {
  const problems: string[] = [];
  for (const [spec, entry] of Object.entries(portingFindings))
    for (const t of entry.tests ?? [])
      if (!testTitles(spec).some((title) => title.startsWith(t.titleStart)))
        problems.push(`${spec}: no test's title starts with "${t.titleStart}" (${testTitles(spec).join('; ')})`);
  expect(problems).toEqual([]);
});

test("the ranks follow the public ranking: a listed pitfall's number, the unlisted after 16, alike only for one pitfall", () => {
  const entries = Object.entries(portingFindings);
  for (const [spec, entry] of entries) {
    if (entry.pitfall !== undefined) expect(entry.rank, spec).toBe(entry.pitfall);
    else expect(entry.rank, spec).toBeGreaterThan(16);
    expect(entry.fix.text.trim(), spec).not.toBe('');
    expect(entry.references.length, spec).toBeGreaterThan(0);
  }
  // Two checks of one pitfall share its rank (the stacks they fail on order them); unlisted ones never tie.
  const alike = entries.filter(([, a]) => entries.some(([, b]) => a !== b && a.rank === b.rank));
  expect(alike.filter(([, e]) => e.pitfall === undefined).map(([spec]) => spec)).toEqual([]);
  expect(portingFindings['absolute-urls.spec.ts']!.rank).toBeLessThan(portingFindings['app-logs.spec.ts']!.rank);
});

test("a test's own text where its entry has one, the entry's otherwise, none for a spec without an entry", () => {
  expect(
    findingFor('refused-requests.spec.ts', 'An upload the app accepts when small is not refused …')?.fix.language,
  ).toBe('nginx');
  expect(findingFor('refused-requests.spec.ts', 'An upload the app accepts when small …')?.fix.text).toContain(
    'client_max_body_size',
  );
  expect(findingFor('refused-requests.spec.ts', 'A test added later')?.title).toBe(
    portingFindings['refused-requests.spec.ts']!.title,
  );
  expect(findingFor('rate-limit.spec.ts', 'Limits hold across workers')).toBeUndefined();
});

const at = '2026-12-01T10:00:01Z';
const passed = (figure?: Cell['figure']): Cell => ({
  verdict: 'passed',
  ...(figure ? { figure } : {}),
  evidence: [],
  durationMs: 1,
  measuredAt: at,
});
const failed = (text: string, figure?: Cell['figure']): Cell => ({ ...passed(figure), verdict: 'failed', text });
const skipped = (text: string): Cell => ({ ...passed(), verdict: 'skipped', text });
const row = (spec: string, title: string, cells: Record<string, Cell>): Row => ({
  spec,
  title,
  explanation: `${title}.`,
  chapter: 'porting',
  cells,
});
const sessionKeys = { name: 'session keys', value: '2 keys for 2 processes', id: 'session-keys' };

/** A user's app's matrix by hand: five findings of four ranks, some green, some that could not apply. */
function appMatrix(app: string | null = 'shop/app.py:app'): Matrix {
  const sessionFailure = 'expected 1, got 2 — different secret keys among the processes (a key made per process)';
  return {
    schema: 3,
    generatedAt: at,
    stacks: ['dev', 'gunicorn', 'nginx'].map((name) => ({ name, title: name })),
    rows: [
      // In the matrix's (chapter) order, not the findings' order.
      row('rate-limit.spec.ts', 'Limits hold across workers', {
        dev: passed(),
        gunicorn: failed('expected 5, got 10 — requests before the first 429'),
        nginx: skipped('no limit'),
      }),
      row('session-key.spec.ts', 'Every process signs sessions with one key, and not a well-known one', {
        dev: passed({ name: 'session keys', value: 'one key for 1 process(es)', id: 'session-keys' }),
        gunicorn: failed(sessionFailure, sessionKeys),
        nginx: failed(sessionFailure, sessionKeys),
      }),
      row('refused-requests.spec.ts', "The app's slowest route answers well within Gunicorn's timeout", {
        dev: skipped('no Gunicorn here'),
        gunicorn: failed("GET /report takes most of Gunicorn's timeout (30 s)"),
        nginx: passed(),
      }),
      row('refused-requests.spec.ts', 'An upload the app accepts when small is not refused by the server in front', {
        dev: passed(),
        gunicorn: passed(),
        nginx: failed('expected 0, got 1 — uploads refused before they reached the app: /upload: 413', {
          name: '2 MiB upload',
          value: { '/upload': '413 from the server in front' },
        }),
      }),
      row('absolute-urls.spec.ts', 'Every absolute URL the app writes to itself names the client’s address', {
        dev: passed(),
        gunicorn: passed(),
        nginx: failed('expected 0, got 3 — absolute URLs to the app name an address the client did not use'),
      }),
      row('debug-mode.spec.ts', 'Debug mode is on only where the stack starts the server with --debug', {
        dev: passed({ name: 'debug mode', value: 'off' }),
        gunicorn: passed({ name: 'debug mode', value: 'off' }),
        nginx: passed({ name: 'debug mode', value: 'off' }),
      }),
      row('front-end.spec.ts', 'The built front end loads', {
        dev: skipped('no HTTP_TEST_WEB_DIST'),
        gunicorn: skipped('no HTTP_TEST_WEB_DIST'),
        nginx: skipped('no HTTP_TEST_WEB_DIST'),
      }),
      row('process-state.spec.ts', 'A write through one process is seen by the next read', {
        dev: skipped('no POST route'),
        gunicorn: skipped('no POST route'),
      }),
    ],
    totals: { passed: 10, failed: 6, skipped: 7, interrupted: 0 },
    lastRun: {
      at,
      stacks: ['dev', 'gunicorn', 'nginx'],
      totals: { passed: 10, failed: 6, skipped: 7, interrupted: 0 },
    },
    ...(app ? { app } : {}),
  };
}

test('findings are ranked most often hit first, ties by the stacks they fail on, a spec without an entry last', () => {
  const findings = appFindings(appMatrix());
  expect(findings.map((f) => [f.spec, f.title, f.stacks])).toEqual([
    ['absolute-urls.spec.ts', portingFindings['absolute-urls.spec.ts']!.title, ['nginx']],
    ['refused-requests.spec.ts', "A route takes most of Gunicorn's timeout", ['gunicorn']],
    ['refused-requests.spec.ts', 'nginx refuses uploads over 1 MiB', ['nginx']],
    ['session-key.spec.ts', portingFindings['session-key.spec.ts']!.title, ['gunicorn', 'nginx']],
    ['rate-limit.spec.ts', 'Limits hold across workers', ['gunicorn']],
  ]);
  expect(findings.map((f) => f.rank)).toEqual([1, 10, 10, 17, unknownRank]);
  // Not listed: debug-mode (green everywhere), front-end and process-state (skipped everywhere).
  expect(
    findings.some((f) => ['debug-mode.spec.ts', 'front-end.spec.ts', 'process-state.spec.ts'].includes(f.spec)),
  ).toBe(false);
});

test("a finding's evidence is each failed cell as its cell says it, stacks that say the same named together", () => {
  const [, slow, upload, session, unknown] = appFindings(appMatrix());
  expect(session!.evidence).toEqual([
    {
      stacks: ['gunicorn', 'nginx'],
      text: 'session keys: 2 keys for 2 processes — expected 1, got 2 — different secret keys among the processes (a key made per process)',
    },
  ]);
  expect(session!.greenOn).toEqual(['dev']);
  expect(upload!.evidence).toEqual([
    {
      stacks: ['nginx'],
      text: '2 MiB upload: /upload: 413 from the server in front — expected 0, got 1 — uploads refused before they reached the app: /upload: 413',
    },
  ]);
  expect(upload!.fix?.text).toContain('client_max_body_size 20m;');
  expect(slow!.greenOn).toEqual(['nginx']);
  expect(unknown).toMatchObject({
    known: false,
    happens: 'Limits hold across workers.',
    evidence: [{ stacks: ['gunicorn'], text: 'expected 5, got 10 — requests before the first 429' }],
    greenOn: ['dev'],
  });
  expect(unknown!.fix).toBeUndefined();
});

test('one summary line: the findings and their stacks, the checks green, the checks that could not apply and why', () => {
  expect(appFindingsSummary(appMatrix())).toBe(
    '5 findings on 2 stacks (gunicorn and nginx); 1 check green; 2 could not apply (no HTTP_TEST_WEB_DIST; no POST route).',
  );
  const green = appMatrix();
  green.rows = green.rows.filter((r) => r.spec === 'debug-mode.spec.ts' || r.spec === 'front-end.spec.ts');
  expect(appFindingsSummary(green)).toBe(
    'no findings on 3 stacks; 1 check green; 1 could not apply (no HTTP_TEST_WEB_DIST).',
  );
});

test("a user's app's matrix.md opens with its findings, each with evidence, fix and stacks, before the full matrix", () => {
  const md = renderMarkdown(appMatrix());
  const at = (text: string) => {
    const i = md.indexOf(text);
    expect(i, text).toBeGreaterThan(-1);
    return i;
  };
  const order = [
    "## Your app's findings",
    '5 findings on 2 stacks (gunicorn and nginx)',
    `### 1. ${portingFindings['absolute-urls.spec.ts']!.title}`,
    "### 2. A route takes most of Gunicorn's timeout",
    '### 3. nginx refuses uploads over 1 MiB',
    `### 4. ${portingFindings['session-key.spec.ts']!.title}`,
    '### 5. Limits hold across workers',
    '## Failed',
    '## What differs between the stacks',
  ].map(at);
  expect(order).toEqual([...order].sort((a, b) => a - b));
  const session = md.slice(at('### 4.'), at('### 5.'));
  expect(session).toContain(
    '- gunicorn, nginx: session keys: 2 keys for 2 processes — expected 1, got 2 — different secret keys among the processes (a key made per process)',
  );
  expect(session).toContain(`\`\`\`python\n${portingFindings['session-key.spec.ts']!.fix.text}\n\`\`\``);
  expect(session).toContain('**Applies to:** gunicorn and nginx (green on dev)');
  expect(session).toContain('(https://github.com/maxcountryman/flask-login/issues/388)');
  const upload = md.slice(at('### 3.'), at('### 4.'));
  expect(upload).toContain('```nginx\n');
  const unknown = md.slice(at('### 5.'), at('## Failed'));
  expect(unknown).toContain('No entry for rate-limit.spec.ts in lib/porting/findings.ts');
  expect(unknown).toContain('- gunicorn: expected 5, got 10 — requests before the first 429');
  expect(unknown).not.toContain('**Fix:**');
});

test("a user's app's index.html opens with the same findings, escaped, the fix as a code block", () => {
  const html = renderHtml(appMatrix());
  const findings = html.indexOf('<section id="app-findings"');
  expect(findings).toBeGreaterThan(-1);
  expect(findings).toBeLessThan(html.indexOf('<h2>Failed</h2>'));
  expect(html).toContain('<pre><code class="language-nginx">');
  expect(html).toContain('app.secret_key = os.environ[&quot;SECRET_KEY&quot;]');
  expect(html).toContain('<span class="stacks">gunicorn, nginx</span>: session keys: 2 keys for 2 processes');
  expect(html.match(/<article class="finding/g)).toHaveLength(5);
  expect(html).toContain('<article class="finding unknown">');
});

test("the probe app's matrix opens as it always did: no findings section, no findings CSS", () => {
  const probe = appMatrix(null);
  expect(renderMarkdown(probe)).not.toContain("Your app's findings");
  expect(renderMarkdown(probe).split('\n').slice(0, 6)).toEqual([
    '# http-test: what changes between the stacks',
    '',
    'Last run 2026-12-01 10:00 UTC (dev, gunicorn, nginx): 10 passed, 6 failed, 7 skipped',
    '',
    '## Failed',
    '',
  ]);
  expect(renderHtml(probe)).not.toContain('app-findings');
  expect(renderHtml(probe)).not.toContain('.finding {');
  expect(renderHtml(probe)).not.toContain('<article');
});

test('a stack that did not start is no finding of the app: it is said once, and its cells count for nothing', () => {
  const error = new StackStartError('stack "nginx" did not get ready: not ready within the start-up timeout');
  const text = failureHeadline(`${error.name}: ${error.message}`);
  expect(stackDidNotStart({ ...passed(), verdict: 'failed', text })).toBe(true);
  expect(stackDidNotStart({ ...passed(), verdict: 'failed', text: 'expected 1, got 2 — StackStartError' })).toBe(false);
  const matrix = appMatrix();
  for (const r of matrix.rows) r.cells.nginx = failed(text);
  const findings = appFindings(matrix);
  expect(findings.map((f) => f.title)).toEqual([
    "A route takes most of Gunicorn's timeout",
    portingFindings['session-key.spec.ts']!.title,
    'Limits hold across workers',
  ]);
  expect(findings.every((f) => !f.stacks.includes('nginx'))).toBe(true);
  expect(appFindingsSummary(matrix)).toBe(
    '3 findings on 1 stack (gunicorn); 3 checks green; 2 could not apply (no HTTP_TEST_WEB_DIST; no POST route); nginx did not start: its checks say nothing about the app.',
  );
  expect(renderMarkdown(matrix)).toContain(`**nginx did not start:** ${text}`);
});
