/**
 * What the comparison matrix holds, and how a run updates it: a run of some stacks or some specs replaces
 * the cells it measured and keeps every other cell, each stamped with when it was measured. Rows come in
 * the study notes' order (lib/evidence/chapters.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { EvidenceItem } from '../lib/evidence/evidence.js';
import { chapterOf, chapterOrder } from '../lib/evidence/chapters.js';

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
  /** What the run before this cell's showed in it, on the same runtime, for "since the last run" (reports/changes.ts). */
  previous?: { verdict: Verdict; headline: string; measuredAt: string };
  /** The runtime it ran on (HTTP_TEST_RUNTIME, or the images), where the run said. */
  runtime?: string;
}

export interface Row {
  spec: string;
  title: string;
  explanation: string;
  /** The id of its chapter (lib/evidence/chapters.ts). */
  chapter: string;
  /** The newest cell per stack, whichever runtime it ran on. */
  cells: Record<string, Cell>;
  /** The newest cell per runtime and stack: what "What changed between versions" compares. */
  byRuntime?: Record<string, Record<string, Cell>>;
}

/** A column: a stack, and what it ran on each runtime (read from its containers), the newest runtime first. */
export interface MatrixStack {
  name: string;
  title: string;
  /** Runtime → "Python 3.13.5, Flask 3.1.1, …" as the run read it. */
  versions?: Record<string, string>;
  /** The runtime of its newest cells. */
  runtime?: string;
}

export type Totals = Record<Verdict, number>;

export interface Matrix {
  schema: 2;
  generatedAt: string;
  stacks: MatrixStack[];
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
  for (const row of previous?.rows ?? [])
    if (specExists(row.spec)) rows.set(rowKey(row), { ...row, chapter: chapterOf(row.spec).id, cells: { ...row.cells }, byRuntime: byRuntimeOf(row) });
  for (const row of run.rows) {
    const kept = rows.get(rowKey(row));
    const cells = { ...(kept?.cells ?? {}) };
    const byRuntime = { ...(kept?.byRuntime ?? {}) };
    for (const [stack, cell] of Object.entries(row.cells)) {
      const runtime = cell.runtime ?? unknownRuntime;
      const onRuntime = { ...(byRuntime[runtime] ?? {}) };
      const old = onRuntime[stack];
      if (cell.verdict === 'interrupted' && (old || cells[stack])) continue;
      // The value it replaces on the same runtime, kept one run deep: the matrix says what moved since then
      // (another runtime's cell is a version difference, not a change: "What changed between versions").
      const merged = old && old.measuredAt < cell.measuredAt ? { ...cell, previous: { verdict: old.verdict, headline: old.headline, measuredAt: old.measuredAt } } : cell;
      onRuntime[stack] = merged;
      byRuntime[runtime] = onRuntime;
      cells[stack] = merged;
    }
    rows.set(rowKey(row), { ...row, cells, byRuntime });
  }
  const stacks = new Map<string, MatrixStack>();
  for (const s of [...(previous?.stacks ?? []), ...run.stacks]) {
    const before = stacks.get(s.name);
    const versions = { ...(before?.versions ?? {}), ...(s.versions ?? {}) };
    const runtime = s.runtime ?? before?.runtime;
    stacks.set(s.name, { name: s.name, title: s.title || before?.title || '', ...(Object.keys(versions).length ? { versions } : {}), ...(runtime ? { runtime } : {}) });
  }
  const rank = (name: string) => (stackOrder.includes(name) ? stackOrder.indexOf(name) : stackOrder.length);
  const orderedRows = [...rows.values()].sort((a, b) => chapterOrder(a.spec) - chapterOrder(b.spec) || a.spec.localeCompare(b.spec));
  return {
    schema: 2,
    generatedAt: run.at,
    stacks: [...stacks.values()].sort((a, b) => rank(a.name) - rank(b.name)),
    rows: orderedRows,
    totals: countVerdicts(orderedRows.flatMap(everyCell)),
    lastRun: { at: run.at, ...(run.startedAt ? { startedAt: run.startedAt } : {}), stacks: run.stacks.map((s) => s.name), totals: countVerdicts(run.rows.flatMap((r) => Object.values(r.cells))) },
    ...(run.app ? { app: run.app } : {}),
  };
}

/** Every runtime's newest cell of a row (its `cells` where runtimes were not recorded): what totals and failures count. */
export function everyCell(row: Row): Cell[] {
  return row.byRuntime ? Object.values(row.byRuntime).flatMap((cells) => Object.values(cells)) : Object.values(row.cells);
}

/** Cells of a run that did not say its runtime (matrices written before runtimes were recorded). */
export const unknownRuntime = '(runtime not recorded)';

/** A row's cells per runtime; a row from before runtimes were recorded has its cells under their own runtime. */
function byRuntimeOf(row: Row): Record<string, Record<string, Cell>> {
  if (row.byRuntime) return Object.fromEntries(Object.entries(row.byRuntime).map(([runtime, cells]) => [runtime, { ...cells }]));
  const byRuntime: Record<string, Record<string, Cell>> = {};
  for (const [stack, cell] of Object.entries(row.cells)) (byRuntime[cell.runtime ?? unknownRuntime] ??= {})[stack] = cell;
  return byRuntime;
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
