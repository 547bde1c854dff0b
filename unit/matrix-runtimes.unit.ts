// Unit: the matrix across runtimes (reports/matrix-model.ts mergeMatrix) and its chapter
// "What changed between versions" (reports/version-changes.ts).
import { expect, test } from '@playwright/test';
import type { EvidenceItem } from '../lib/evidence/evidence.js';
import { type Cell, everyCell, mergeMatrix, type Matrix, type Row, unknownRuntime } from '../reports/matrix-model.js';
import { runtimeLegend, versionChanges } from '../reports/version-changes.js';

const order = ['gunicorn', 'nginx'];

function cell(runtime: string, at: string, evidence: EvidenceItem[], verdict: Cell['verdict'] = 'passed'): Cell {
  return { verdict, text: 'h', evidence, durationMs: 1, measuredAt: at, runtime };
}

const answer = (value: string): EvidenceItem => ({
  name: 'the client got',
  value,
  behaviour: { software: ['gunicorn'] },
});

function run(
  runtime: string,
  at: string,
  gunicorn: string,
  cells: Record<string, Cell>,
): Parameters<typeof mergeMatrix>[1] {
  const row: Row = {
    spec: 'worker-timeout.spec.ts',
    title: 'A handler longer than the timeout',
    explanation: '',
    chapter: 'wsgi',
    cells,
  };
  return {
    at,
    startedAt: at,
    stacks: [
      { name: 'gunicorn', title: 'Gunicorn', runtime, versions: { [runtime]: `Python 3, Gunicorn ${gunicorn}` } },
    ],
    rows: [row],
  };
}

function both(): Matrix {
  const first = mergeMatrix(
    undefined,
    run('bookworm', '2026-12-01T10:00:00Z', '20.1.0', {
      gunicorn: cell('bookworm', '2026-12-01T10:00:01Z', [answer('the connection cut')]),
    }),
    () => true,
    order,
  );
  return mergeMatrix(
    first,
    run('trixie', '2026-12-01T11:00:00Z', '23.0.0', {
      gunicorn: cell('trixie', '2026-12-01T11:00:01Z', [answer('500')]),
    }),
    () => true,
    order,
  );
}

test("a run on another runtime keeps the first runtime's cell beside its own, and each runtime's versions", () => {
  const matrix = both();
  const row = matrix.rows[0];
  expect(Object.keys(row?.byRuntime ?? {}).sort()).toEqual(['bookworm', 'trixie']);
  expect(row?.cells.gunicorn?.runtime).toBe('trixie');
  expect(matrix.stacks[0]?.versions).toEqual({
    bookworm: 'Python 3, Gunicorn 20.1.0',
    trixie: 'Python 3, Gunicorn 23.0.0',
  });
  expect(matrix.stacks[0]?.runtime).toBe('trixie');
});

test("another runtime's cell is not a change since the last run: 'previous' comes from the same runtime only", () => {
  const matrix = both();
  expect(matrix.rows[0]?.cells.gunicorn?.previous).toBeUndefined();
  const again = mergeMatrix(
    matrix,
    run('trixie', '2026-12-01T12:00:00Z', '23.0.0', {
      gunicorn: cell('trixie', '2026-12-01T12:00:01Z', [answer('500')]),
    }),
    () => true,
    order,
  );
  expect(again.rows[0]?.cells.gunicorn?.previous?.measuredAt).toBe('2026-12-01T11:00:01Z');
});

test('a behaviour that differs between runtimes is one sentence with both figures and the versions', () => {
  const changes = versionChanges(both());
  expect(changes.map((c) => c.sentence)).toEqual([
    'A handler longer than the timeout — on gunicorn, the client got: 500 with Gunicorn 23.0.0 (trixie); the connection cut with Gunicorn 20.1.0 (bookworm).',
  ]);
});

test('the same behaviour on both runtimes, or a timing figure that moved, is no version change', () => {
  const same = mergeMatrix(
    both(),
    run('bookworm', '2026-12-01T13:00:00Z', '20.1.0', {
      gunicorn: cell('bookworm', '2026-12-01T13:00:01Z', [answer('500'), { name: 'after', value: 4.8, unit: 's' }]),
    }),
    () => true,
    order,
  );
  expect(versionChanges(same)).toEqual([]);
});

test('a verdict that differs between runtimes is a version change too', () => {
  const failed = mergeMatrix(
    both(),
    run('bookworm', '2026-12-01T13:00:00Z', '20.1.0', {
      gunicorn: cell('bookworm', '2026-12-01T13:00:01Z', [answer('500')], 'failed'),
    }),
    () => true,
    order,
  );
  // The newer run first: the bookworm run after the trixie one.
  expect(versionChanges(failed).map((c) => c.sentence)).toEqual([
    'A handler longer than the timeout — on gunicorn: failed: h on bookworm; passed (h) on trixie.',
  ]);
});

test('the legend names each runtime once, each piece of software once', () => {
  expect(runtimeLegend(both())).toEqual([
    { runtime: 'bookworm', versions: 'Python 3, Gunicorn 20.1.0' },
    { runtime: 'trixie', versions: 'Python 3, Gunicorn 23.0.0' },
  ]);
});

test("totals count every runtime's newest cells, so a failure on the first runtime is not hidden by the second's pass", () => {
  const first = mergeMatrix(
    undefined,
    run('bookworm', '2026-12-01T10:00:00Z', '20.1.0', {
      gunicorn: cell('bookworm', '2026-12-01T10:00:01Z', [answer('x')], 'failed'),
    }),
    () => true,
    order,
  );
  const matrix = mergeMatrix(
    first,
    run('trixie', '2026-12-01T11:00:00Z', '23.0.0', {
      gunicorn: cell('trixie', '2026-12-01T11:00:01Z', [answer('x')]),
    }),
    () => true,
    order,
  );
  expect(matrix.totals).toMatchObject({ passed: 1, failed: 1 });
  expect(
    matrix.rows[0] &&
      everyCell(matrix.rows[0])
        .map((c) => c.verdict)
        .sort(),
  ).toEqual(['failed', 'passed']);
});

test('cells of runs that did not record their runtime are compared with nothing', () => {
  const legacy: Matrix = { ...both() };
  const row = legacy.rows[0];
  if (!row?.byRuntime) throw new Error('no row');
  const { trixie } = row.byRuntime;
  legacy.rows = [
    {
      ...row,
      byRuntime: {
        [unknownRuntime]: { gunicorn: cell(unknownRuntime, '2026-11-01T00:00:00Z', [answer('old')]) },
        ...(trixie ? { trixie } : {}),
      },
    },
  ];
  expect(versionChanges(legacy)).toEqual([]);
});
