/**
 * What the comparison matrix holds, and how a run updates it: a run of some stacks or some specs replaces
 * the cells it measured and keeps every other cell, each stamped with when it was measured. Rows come in
 * the study notes' order (reports/chapters.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { EvidenceItem } from '../fixtures/evidence.js';
import { chapterOf, chapterOrder } from './chapters.js';

/** `interrupted`: the run was stopped (Ctrl-C, its time ran out) before the test could say anything. */
export type Verdict = 'passed' | 'failed' | 'skipped' | 'interrupted';

export interface Cell {
  verdict: Verdict;
  /** The key figure, formatted ("1.04 rounds"), or the skip reason, or what was expected and what came. */
  headline: string;
  keyValue: number | null;
  keyName: string | null;
  evidence: EvidenceItem[];
  durationMs: number;
  /** When this cell was measured (ISO time): cells of earlier runs stay until a run measures them again. */
  measuredAt: string;
  /** What the run before this cell's showed in it, for "since the last run" (reports/changes.ts). */
  previous?: { verdict: Verdict; headline: string; measuredAt: string };
}

export interface Row {
  spec: string;
  title: string;
  explanation: string;
  /** The id of its chapter (reports/chapters.ts). */
  chapter: string;
  cells: Record<string, Cell>;
}

export type Totals = Record<Verdict, number>;

export interface Matrix {
  schema: 2;
  generatedAt: string;
  stacks: { name: string; title: string }[];
  rows: Row[];
  /** Over every cell the matrix holds, whichever run measured it. */
  totals: Totals;
  /** The run that wrote this matrix last. */
  lastRun: { at: string; stacks: string[]; totals: Totals; startedAt?: string };
  /** HTTP_TEST_APP of a user's app, where this matrix is of one (the probe app's specs did not run). */
  app?: string;
}

function emptyTotals(): Totals {
  return { passed: 0, failed: 0, skipped: 0, interrupted: 0 };
}

export function countVerdicts(cells: Iterable<Cell>): Totals {
  const totals = emptyTotals();
  for (const cell of cells) totals[cell.verdict] += 1;
  return totals;
}

/** The matrix a previous run wrote, if it is of this schema (an older one is started afresh). */
export function readMatrix(file: string): Matrix | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Matrix>;
    return parsed.schema === 2 ? (parsed as Matrix) : undefined;
  } catch {
    return undefined;
  }
}

const rowKey = (row: Pick<Row, 'spec' | 'title'>) => `${row.spec}\u0000${row.title}`;

/**
 * This run's rows laid over the previous matrix. A cell this run measured replaces the old one, except an
 * interrupted cell, which says nothing and keeps what was known. Rows of spec files that no longer exist go.
 */
export function mergeMatrix(previous: Matrix | undefined, run: { at: string; startedAt?: string; stacks: Matrix['stacks']; rows: Row[]; app?: string }, specExists: (spec: string) => boolean, stackOrder: readonly string[]): Matrix {
  const rows = new Map<string, Row>();
  for (const row of previous?.rows ?? []) if (specExists(row.spec)) rows.set(rowKey(row), { ...row, chapter: chapterOf(row.spec).id, cells: { ...row.cells } });
  for (const row of run.rows) {
    const kept = rows.get(rowKey(row));
    const cells = { ...(kept?.cells ?? {}) };
    for (const [stack, cell] of Object.entries(row.cells)) {
      const old = cells[stack];
      if (cell.verdict === 'interrupted' && old) continue;
      // The value it replaces, kept one run deep: the matrix says what moved since then.
      cells[stack] = old && old.measuredAt < cell.measuredAt ? { ...cell, previous: { verdict: old.verdict, headline: old.headline, measuredAt: old.measuredAt } } : cell;
    }
    rows.set(rowKey(row), { ...row, cells });
  }
  const stacks = new Map<string, string>();
  for (const s of [...(previous?.stacks ?? []), ...run.stacks]) stacks.set(s.name, s.title || stacks.get(s.name) || '');
  const rank = (name: string) => (stackOrder.includes(name) ? stackOrder.indexOf(name) : stackOrder.length);
  const orderedRows = [...rows.values()].sort((a, b) => chapterOrder(a.spec) - chapterOrder(b.spec) || a.spec.localeCompare(b.spec));
  return {
    schema: 2,
    generatedAt: run.at,
    stacks: [...stacks].map(([name, title]) => ({ name, title })).sort((a, b) => rank(a.name) - rank(b.name)),
    rows: orderedRows,
    totals: countVerdicts(orderedRows.flatMap((r) => Object.values(r.cells))),
    lastRun: { at: run.at, ...(run.startedAt ? { startedAt: run.startedAt } : {}), stacks: run.stacks.map((s) => s.name), totals: countVerdicts(run.rows.flatMap((r) => Object.values(r.cells))) },
    ...(run.app ? { app: run.app } : {}),
  };
}

/**
 * A failure as a learner reads it: "expected 1, got 6 — requests in the app's access logs". Playwright's
 * message names the assertion on its first line and gives `Expected:` and `Received:` lines.
 */
export function failureHeadline(message: string): string {
  const lines = message.replace(/\u001b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
  const expected = lines.find((l) => /^Expected( pattern| substring)?:/.test(l))?.replace(/^Expected[^:]*:\s*/, '');
  const received = lines.find((l) => /^Received( string)?:/.test(l))?.replace(/^Received[^:]*:\s*/, '');
  const what = (lines[0] ?? 'failed').replace(/^Error:\s*/, '');
  return expected !== undefined && received !== undefined ? `expected ${expected}, got ${received} — ${what}` : what;
}
