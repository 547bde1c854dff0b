// Unit: "Since the last run" (reports/changes.ts movedFrom) and the cells that agree between stacks
// (reports/matrix-render.ts findings): both by the one same-figure rule, on the figures as data.
import { expect, test } from '@playwright/test';
import type { Figure } from '../lib/evidence/evidence.js';
import { movedFrom, sameShown } from '../reports/changes.js';
import { type Cell, cellText, type Matrix } from '../reports/matrix-model.js';
import { findings } from '../reports/matrix-render.js';

function cell(
  figure: Figure | undefined,
  previous?: Cell['previous'],
  verdict: Cell['verdict'] = 'passed',
  text?: string,
): Cell {
  return {
    verdict,
    ...(figure ? { figure } : {}),
    ...(text ? { text } : {}),
    evidence: [],
    durationMs: 1,
    measuredAt: '2026-12-02T10:00:00Z',
    ...(previous ? { previous } : {}),
  };
}
const rounds = (value: number): Figure => ({ name: 'measured rounds', value, unit: 'rounds', id: 'rounds' });
const was = (figure: Figure | undefined, verdict: Cell['verdict'] = 'passed', text?: string): Cell['previous'] => ({
  verdict,
  ...(figure ? { figure } : {}),
  ...(text ? { text } : {}),
  measuredAt: '2026-12-01T10:00:00Z',
});

test('a figure within its spread did not move; one beyond it did, and says what it was', () => {
  expect(movedFrom(cell(rounds(1.04), was(rounds(1.02))))).toBeUndefined();
  expect(movedFrom(cell(rounds(4.5), was(rounds(4.03))))).toBeUndefined();
  expect(movedFrom(cell(rounds(3.02), was(rounds(4.03))))).toBe('4.03 rounds');
  expect(movedFrom(cell(rounds(2.0), was(rounds(4.1))))).toBe('4.10 rounds');
  expect(
    movedFrom(
      cell(
        { name: 'TCP connections', value: 5, unit: 'connections' },
        was({ name: 'TCP connections', value: 1, unit: 'connections' }),
      ),
    ),
  ).toBe('1 connection');
});

test('a list moves when one element does; text moves when it differs at all', () => {
  const cache = (value: string[]): Figure => ({ name: 'X-Cache-Status', value });
  expect(movedFrom(cell(cache(['MISS', 'MISS']), was(cache(['MISS', 'HIT']))))).toBe('[MISS, HIT]');
  expect(movedFrom(cell(cache(['MISS', 'HIT']), was(cache(['MISS', 'HIT']))))).toBeUndefined();
  const served = (value: string): Figure => ({ name: 'served by', value });
  expect(movedFrom(cell(served('nginx'), was(served('the WSGI app'))))).toBe('the WSGI app');
});

test('a verdict that moved is said with the old verdict; an interrupted run or a new cell says nothing', () => {
  expect(movedFrom(cell(undefined, was(rounds(1)), 'failed', 'expected 1, got 6 — rounds'))).toBe('passed: 1 round');
  expect(movedFrom(cell(rounds(1), was(undefined, 'failed', 'expected 1, got 6 — rounds')))).toBe(
    'failed: expected 1, got 6 — rounds',
  );
  expect(movedFrom(cell(rounds(9), was(rounds(1), 'interrupted')))).toBeUndefined();
  expect(movedFrom(cell(undefined, was(rounds(1)), 'interrupted', 'interrupted'))).toBeUndefined();
  expect(movedFrom(cell(rounds(9)))).toBeUndefined();
});

test('what a cell shows: its figure formatted, an all-empty one in words, else its text', () => {
  expect(cellText(cell(rounds(2.04)))).toBe('2.04 rounds');
  expect(cellText(cell({ name: 'X-Cache-Status', value: ['(none)', '(none)'] }))).toBe('no cache in front');
  expect(cellText(cell({ name: 'something else', value: '(none)' }))).toBe('none');
  expect(cellText(cell(undefined))).toBe('passed');
  expect(cellText(cell(rounds(2), undefined, 'skipped', 'No proxy in front of the app'))).toBe(
    'No proxy in front of the app',
  );
  expect(sameShown(cell(undefined, undefined, 'skipped', 'a'), cell(undefined, undefined, 'skipped', 'b'))).toBe(false);
});

test('stacks whose figures are the same by the one rule are named together in the findings', () => {
  const matrix = {
    stacks: ['dev', 'dev-debug', 'gunicorn', 'nginx'].map((name) => ({ name, title: name })),
    rows: [
      {
        spec: 'slow-clients.spec.ts',
        title: 'Trickled headers',
        explanation: '',
        chapter: 'wsgi',
        cells: {
          dev: cell({ name: 'normal request during the attack', value: 0.01, unit: 's' }),
          'dev-debug': cell({ name: 'normal request during the attack', value: 0.0, unit: 's' }),
          gunicorn: cell({ name: 'normal request during the attack', value: 1.12, unit: 's' }),
          nginx: cell({ name: 'normal request during the attack', value: 0.012, unit: 's' }),
        },
      },
    ],
  } as unknown as Matrix;
  expect(findings(matrix)).toEqual(['Trickled headers: 0.01 s on dev, dev-debug and nginx; 1.12 s on gunicorn.']);
});
