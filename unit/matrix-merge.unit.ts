// Unit: how a run is laid over the last matrix (reports/matrix-model.ts mergeMatrix): the cells it measured
// replace the old ones, rows of tests a spec file no longer has go once the run ran that file on that stack,
// everything else stays; which files a run ran whole (reports/ran-whole.ts); and matrices of the schema
// before figures were data still load (readMatrix).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { FullConfig } from '@playwright/test/reporter';
import type { Figure } from '../lib/evidence/evidence.js';
import {
  type Cell,
  cellText,
  mergeMatrix,
  type Matrix,
  readMatrix,
  type Row,
  type Run,
} from '../reports/matrix-model.js';
import { narrowsTests, ranWhole } from '../reports/ran-whole.js';
import { renderMarkdown } from '../reports/matrix-render.js';

const order = ['dev', 'gunicorn', 'nginx'];
const stacks = (...names: string[]) => names.map((name) => ({ name, title: name }));

function cell(at: string, figure?: Figure, runtime = 'trixie', verdict: Cell['verdict'] = 'passed'): Cell {
  return {
    verdict,
    ...(figure ? { figure } : {}),
    evidence: figure ? [{ ...figure, key: true }] : [],
    durationMs: 1,
    measuredAt: at,
    runtime,
  };
}
const rounds = (value: number): Figure => ({ name: 'measured rounds', value, unit: 'rounds', id: 'rounds' });

function row(spec: string, title: string, cells: Record<string, Cell>): Row {
  return { spec, title, explanation: '', chapter: 'wsgi', cells };
}

function run(at: string, names: string[], rows: Row[], ranWhole?: Run['ranWhole']): Run {
  return { at, startedAt: at, stacks: stacks(...names), rows, ...(ranWhole ? { ranWhole } : {}) };
}

/** A first run: two specs on dev and gunicorn, one of them with two tests. */
function first(): Matrix {
  return mergeMatrix(
    undefined,
    run(
      '2026-12-01T10:00:00Z',
      ['dev', 'gunicorn'],
      [
        row('request-blocking.spec.ts', 'Slow requests queue', {
          dev: cell('2026-12-01T10:00:01Z', rounds(1)),
          gunicorn: cell('2026-12-01T10:00:02Z', rounds(4)),
        }),
        row('request-blocking.spec.ts', 'An old title', {
          dev: cell('2026-12-01T10:00:03Z'),
          gunicorn: cell('2026-12-01T10:00:04Z'),
        }),
        row('keep-alive.spec.ts', 'Connections are reused', {
          dev: cell('2026-12-01T10:00:05Z'),
          gunicorn: cell('2026-12-01T10:00:06Z'),
        }),
      ],
    ),
    () => true,
    order,
  );
}

const titles = (m: Matrix) => m.rows.map((r) => `${r.spec} · ${r.title}: ${Object.keys(r.cells).sort().join(', ')}`);

test('a renamed test: its old row goes on the stack that ran its spec file whole, and stays where it did not run', () => {
  const again = mergeMatrix(
    first(),
    run(
      '2026-12-01T11:00:00Z',
      ['gunicorn'],
      [
        row('request-blocking.spec.ts', 'Slow requests queue', { gunicorn: cell('2026-12-01T11:00:01Z', rounds(4)) }),
        row('request-blocking.spec.ts', 'A new title', { gunicorn: cell('2026-12-01T11:00:02Z') }),
      ],
      [{ spec: 'request-blocking.spec.ts', stack: 'gunicorn' }],
    ),
    () => true,
    order,
  );
  expect(titles(again)).toEqual([
    'request-blocking.spec.ts · Slow requests queue: dev, gunicorn',
    // Its dev cell stays: this run did not run the file on dev.
    'request-blocking.spec.ts · An old title: dev',
    'request-blocking.spec.ts · A new title: gunicorn',
    // A spec file the run did not run keeps every row.
    'keep-alive.spec.ts · Connections are reused: dev, gunicorn',
  ]);
  expect(again.totals.passed).toBe(6);
  // Once run whole on dev too, the old row is gone.
  const onDev = mergeMatrix(
    again,
    run(
      '2026-12-01T12:00:00Z',
      ['dev'],
      [
        row('request-blocking.spec.ts', 'Slow requests queue', { dev: cell('2026-12-01T12:00:01Z', rounds(1)) }),
        row('request-blocking.spec.ts', 'A new title', { dev: cell('2026-12-01T12:00:02Z') }),
      ],
      [{ spec: 'request-blocking.spec.ts', stack: 'dev' }],
    ),
    () => true,
    order,
  );
  expect(titles(onDev).filter((t) => t.includes('An old title'))).toEqual([]);
});

test('a run that did not run a file whole (a --grep, a shard, a stop) drops no row of it', () => {
  const narrowed = mergeMatrix(
    first(),
    run(
      '2026-12-01T11:00:00Z',
      ['gunicorn'],
      [row('request-blocking.spec.ts', 'A new title', { gunicorn: cell('2026-12-01T11:00:02Z') })],
    ),
    () => true,
    order,
  );
  expect(titles(narrowed)).toContain('request-blocking.spec.ts · An old title: dev, gunicorn');
  // Whole on another stack only: this one's rows stay.
  const elsewhere = mergeMatrix(
    first(),
    run(
      '2026-12-01T11:00:00Z',
      ['gunicorn'],
      [row('request-blocking.spec.ts', 'A new title', { gunicorn: cell('2026-12-01T11:00:02Z') })],
      [{ spec: 'request-blocking.spec.ts', stack: 'nginx' }],
    ),
    () => true,
    order,
  );
  expect(titles(elsewhere)).toContain('request-blocking.spec.ts · An old title: dev, gunicorn');
});

test("a renamed test's old cells go on every runtime; the cells of runtimes stay apart otherwise", () => {
  const bookworm = mergeMatrix(
    first(),
    run(
      '2026-12-01T11:00:00Z',
      ['gunicorn'],
      [
        row('request-blocking.spec.ts', 'Slow requests queue', {
          gunicorn: cell('2026-12-01T11:00:01Z', rounds(4.1), 'bookworm'),
        }),
        row('request-blocking.spec.ts', 'An old title', {
          gunicorn: cell('2026-12-01T11:00:02Z', undefined, 'bookworm'),
        }),
      ],
    ),
    () => true,
    order,
  );
  const slow = bookworm.rows.find((r) => r.title === 'Slow requests queue');
  expect(Object.keys(slow?.byRuntime ?? {}).sort()).toEqual(['bookworm', 'trixie']);
  // Another runtime's cell is no "previous": that is a version difference.
  expect(slow?.cells.gunicorn?.previous).toBeUndefined();
  const renamed = mergeMatrix(
    bookworm,
    run(
      '2026-12-01T12:00:00Z',
      ['gunicorn'],
      [row('request-blocking.spec.ts', 'Slow requests queue', { gunicorn: cell('2026-12-01T12:00:01Z', rounds(2)) })],
      [{ spec: 'request-blocking.spec.ts', stack: 'gunicorn' }],
    ),
    () => true,
    order,
  );
  const old = renamed.rows.find((r) => r.title === 'An old title');
  expect(old?.byRuntime).toEqual({ trixie: { dev: expect.objectContaining({ measuredAt: '2026-12-01T10:00:03Z' }) } });
  expect(Object.keys(old?.cells ?? {})).toEqual(['dev']);
  const again = renamed.rows.find((r) => r.title === 'Slow requests queue');
  // The same runtime's cell before it is its previous, one run deep, kept as data.
  expect(again?.cells.gunicorn?.previous).toEqual({
    verdict: 'passed',
    figure: rounds(4),
    measuredAt: '2026-12-01T10:00:02Z',
  });
  expect(again?.byRuntime?.bookworm?.gunicorn?.figure?.value).toBe(4.1);
});

test('an interrupted cell keeps what was known; rows of deleted spec files go', () => {
  const interrupted = mergeMatrix(
    first(),
    run(
      '2026-12-01T11:00:00Z',
      ['gunicorn'],
      [
        row('request-blocking.spec.ts', 'Slow requests queue', {
          gunicorn: cell('2026-12-01T11:00:01Z', undefined, 'trixie', 'interrupted'),
        }),
      ],
    ),
    (spec) => spec !== 'keep-alive.spec.ts',
    order,
  );
  expect(interrupted.rows.find((r) => r.title === 'Slow requests queue')?.cells.gunicorn?.figure).toEqual(rounds(4));
  expect(interrupted.rows.map((r) => r.spec)).not.toContain('keep-alive.spec.ts');
});

const config = (argv: string[], more: Partial<Pick<FullConfig, 'shard' | 'grep' | 'grepInvert' | 'projects'>> = {}) =>
  ({
    argv: ['/usr/bin/node', '/x/node_modules/.bin/playwright', 'test', ...argv],
    shard: null,
    grep: /.*/,
    grepInvert: null,
    projects: [],
    ...more,
  }) as Pick<FullConfig, 'argv' | 'shard' | 'grep' | 'grepInvert' | 'projects'>;

test('a run chose whole files unless it was narrowed to some tests', () => {
  expect(narrowsTests(config(['--project=gunicorn', '--project', 'nginx']))).toBe(false);
  expect(narrowsTests(config(['specs/caching.spec.ts']))).toBe(false);
  expect(narrowsTests(config(['specs/caching.spec.ts:16']))).toBe(true);
  expect(narrowsTests(config(['--grep', 'Round robin']))).toBe(true);
  expect(narrowsTests(config(['-g', 'x']))).toBe(true);
  expect(narrowsTests(config(['--grep-invert=x']))).toBe(true);
  expect(narrowsTests(config(['--last-failed']))).toBe(true);
  expect(narrowsTests(config([], { shard: { current: 1, total: 2 } }))).toBe(true);
  expect(narrowsTests(config([], { grep: /@slow/ }))).toBe(true);
  const chosen = [
    { spec: 'a.spec.ts', stack: 'dev', tests: new Set(['1', '2']) },
    { spec: 'b.spec.ts', stack: 'dev', tests: new Set(['3']) },
  ];
  // A file whose every chosen test ended ran whole; one the run stopped in did not.
  expect(ranWhole(config([]), chosen, new Set(['1', '3']))).toEqual([{ spec: 'b.spec.ts', stack: 'dev' }]);
  expect(ranWhole(config(['--grep', 'x']), chosen, new Set(['1', '2', '3']))).toEqual([]);
});

test('a matrix.json of the schema before figures were data loads: figures out of its evidence with the ids chapters read, headlines kept as text', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'http-test-matrix-'));
  const old = {
    schema: 2,
    generatedAt: '2026-12-01T10:00:00Z',
    stacks: [{ name: 'nginx', title: 'nginx' }],
    rows: [
      {
        spec: 'request-blocking.spec.ts',
        title: 'Slow requests queue',
        explanation: '',
        chapter: 'wsgi',
        cells: {
          nginx: {
            verdict: 'passed',
            headline: '2.04 rounds',
            keyValue: 2.04,
            keyName: 'measured rounds',
            evidence: [
              { name: 'measured rounds', value: 2.04, unit: 'rounds', key: true },
              { name: 'status for a 16 KiB header', value: 400, behaviour: { software: ['nginx'] } },
            ],
            durationMs: 1,
            measuredAt: '2026-12-01T10:00:01Z',
            runtime: 'trixie',
            previous: { verdict: 'passed', headline: '2.02 rounds', measuredAt: '2026-11-30T10:00:01Z' },
          },
          gunicorn: {
            verdict: 'skipped',
            headline: 'No proxy in front',
            keyValue: null,
            keyName: null,
            evidence: [],
            durationMs: 0,
            measuredAt: '2026-12-01T10:00:02Z',
          },
          dev: {
            verdict: 'passed',
            headline: 'passed',
            keyValue: null,
            keyName: null,
            evidence: [],
            durationMs: 0,
            measuredAt: '2026-12-01T10:00:03Z',
          },
        },
      },
      {
        spec: 'keep-alive.spec.ts',
        title: 'Connections are reused',
        explanation: '',
        chapter: 'wsgi',
        cells: {
          nginx: {
            verdict: 'passed',
            headline: '1 connection',
            keyValue: 1,
            keyName: 'TCP connections',
            evidence: [{ name: 'TCP connections', value: 1, unit: 'connections', key: true }],
            durationMs: 1,
            measuredAt: '2026-12-01T10:00:01Z',
            runtime: 'trixie',
          },
        },
      },
    ],
    totals: { passed: 3, failed: 0, skipped: 1, interrupted: 0 },
    lastRun: {
      at: '2026-12-01T10:00:04Z',
      stacks: ['nginx'],
      totals: { passed: 2, failed: 0, skipped: 1, interrupted: 0 },
    },
  };
  writeFileSync(path.join(dir, 'matrix.json'), JSON.stringify(old));
  const matrix = readMatrix(path.join(dir, 'matrix.json'));
  expect(matrix?.schema).toBe(3);
  const cells = matrix?.rows[0]?.cells ?? {};
  // The id by the title its chapter read then (request-blocking's "Slow requests…"): the chapter reads it now.
  expect(cells.nginx).toEqual({
    verdict: 'passed',
    figure: { name: 'measured rounds', value: 2.04, unit: 'rounds', id: 'rounds' },
    evidence: [
      { name: 'measured rounds', value: 2.04, unit: 'rounds', key: true },
      { name: 'status for a 16 KiB header', value: '400', behaviour: { software: ['nginx'] } },
    ],
    durationMs: 1,
    measuredAt: '2026-12-01T10:00:01Z',
    runtime: 'trixie',
  });
  expect(Object.values(cells).map(cellText)).toEqual(['2.04 rounds', 'No proxy in front', 'passed']);
  // A figure no chapter read has no id.
  expect(matrix?.rows[1]?.cells.nginx?.figure).toEqual({ name: 'TCP connections', value: 1, unit: 'connections' });
  // It renders, the chapter's sentence included, and a run lays itself over it.
  expect(renderMarkdown(matrix!)).toContain('8 sleeps of 0.5 s took 2.04 rounds on nginx.');
  const merged = mergeMatrix(
    matrix,
    run(
      '2026-12-02T10:00:00Z',
      ['nginx'],
      [row('request-blocking.spec.ts', 'Slow requests queue', { nginx: cell('2026-12-02T10:00:01Z', rounds(4)) })],
    ),
    () => true,
    order,
  );
  expect(merged.rows[0]?.cells.nginx?.previous).toEqual({
    verdict: 'passed',
    figure: { name: 'measured rounds', value: 2.04, unit: 'rounds', id: 'rounds' },
    measuredAt: '2026-12-01T10:00:01Z',
  });
  // Anything else starts afresh, never throws.
  writeFileSync(path.join(dir, 'matrix.json'), '{"schema": 1, "rows": 7}');
  expect(readMatrix(path.join(dir, 'matrix.json'))).toBeUndefined();
  writeFileSync(path.join(dir, 'matrix.json'), '{"schema": 2, "rows": 7}');
  expect(readMatrix(path.join(dir, 'matrix.json'))).toBeUndefined();
  writeFileSync(path.join(dir, 'matrix.json'), 'not json');
  expect(readMatrix(path.join(dir, 'matrix.json'))).toBeUndefined();
});
