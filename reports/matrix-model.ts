/**
 * What the comparison matrix holds, and how a run updates it: a run of some stacks or some specs replaces
 * the cells it measured and keeps every other cell, each stamped with when it was measured; the rows of
 * tests a spec file no longer has go once a run ran that file on that stack. Rows come in the study notes'
 * order (lib/evidence/chapters.ts). A cell keeps its key figure as data; cellText formats it, once, where
 * it is shown.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type EvidenceItem, type Figure, formatItem, keyFigure } from '../lib/evidence/evidence.js';
import { chapterOf, chapterOrder } from '../lib/evidence/chapters.js';

/** `interrupted`: the run was stopped (Ctrl-C, its time ran out) before the test could say anything. */
export type Verdict = 'passed' | 'failed' | 'skipped' | 'interrupted';

export interface Cell {
  verdict: Verdict;
  /** The key figure the test recorded (evidence.key), as data: `{ name, value, unit?, id? }`. */
  figure?: Figure;
  /** What a cell says that is no figure: the skip reason, or what was expected and what came, or why it was
   * interrupted. */
  text?: string;
  evidence: EvidenceItem[];
  durationMs: number;
  /** When this cell was measured (ISO time): cells of earlier runs stay until a run measures them again. */
  measuredAt: string;
  /** What the run before this cell's showed in it, on the same runtime, for "since the last run" (reports/changes.ts).
   * */
  previous?: Shown & { measuredAt: string };
  /** The runtime it ran on (HTTP_TEST_RUNTIME, or the images), where the run said. */
  runtime?: string;
}

/** What a cell shows: its verdict, and its figure or its text. */
export type Shown = Pick<Cell, 'verdict' | 'figure' | 'text'>;

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
  /** 3: cells keep their key figure as data; 2 (read, converted): as a formatted headline. */
  schema: 3;
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

/**
 * The matrix a previous run wrote. One of schema 2 (a headline of text per cell) is converted: each cell's
 * figure taken again from its evidence, with the figure id its test has now where a chapter reads it
 * (schema2FigureIds), its headline kept as text where it had no figure. Anything else, or unreadable, is
 * started afresh.
 */
export function readMatrix(file: string): Matrix | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { schema?: unknown };
    if (parsed.schema === 3) return parsed as Matrix;
    if (parsed.schema === 2) return fromSchema2(parsed as unknown as Schema2);
    return undefined;
  } catch {
    return undefined;
  }
}

interface Schema2Cell extends Omit<Cell, 'figure' | 'text' | 'previous'> {
  headline: string;
  keyValue?: number | null;
  keyName?: string | null;
  previous?: { verdict: Verdict; headline: string; measuredAt: string };
}
type Schema2 = Omit<Matrix, 'schema' | 'rows'> & {
  rows: (Omit<Row, 'cells' | 'byRuntime'> & {
    cells: Record<string, Schema2Cell>;
    byRuntime?: Record<string, Record<string, Schema2Cell>>;
  })[];
};

/**
 * Schema 2 was written by chapters that found their figures by spec file and test title prefix; these are
 * those prefixes, with the id each figure has since (specs/, evidence.key). Frozen with the schema: no
 * matrix is written in it any more, so the titles its files hold never change. A cell they miss (a title
 * already renamed then) has no id: chapters read it once a run measures it again.
 */
export const schema2FigureIds: readonly (readonly [spec: string, titleStart: string, id: string])[] = [
  ['request-blocking', 'Slow requests', 'rounds'],
  ['worker-crash', 'A worker that dies', 'next-request'],
  ['debug-traceback', 'An exception shows', 'shown'],
  ['debug-console', 'The console runs Python', 'console'],
  ['debug-host-header', 'Another machine', 'forged-host'],
  ['process-state', 'A write through one process', 'reads-after-write'],
  ['session-key', 'Every process signs', 'session-keys'],
  ['proxy-cache', 'A second office machine', 'second-visit'],
  ['proxy-authentication', 'Without credentials', 'no-credentials'],
  ['proxy-authentication', 'A wrong password', 'wrong-password'],
  ['proxy-authentication', "The run's user", 'right-password'],
  ['proxy-virus-scan', 'The EICAR test file', 'eicar'],
  ['proxy-anonymity', 'An anonymous proxy', 'anonymous'],
  ['proxy-anonymity', 'By default', 'by-default'],
  ['proxy-https-tunnel', 'Through the tunnel nothing is scanned', 'eicar-through-tunnel'],
  ['proxy-https-tunnel', 'A browser reaches an HTTPS site', 'tunnel-log'],
  ['proxy-configured-by-client', 'Only a browser configured', 'with-and-without'],
  ['server-selection', 'The Vue page and its assets', 'served-by'],
  ['hiding-internals', 'No answer', 'leaks'],
  ['headers', 'Behind a proxy', 'x-forwarded-for'],
  ['caching', 'A repeated cacheable request', 'x-cache'],
  ['rate-limiting', 'A burst of logins', 'served-refused'],
  ['ssl-offload', 'TLS ends at nginx', 'tls-handshake'],
  ['ssl-offload', 'A returning client', 'resumed'],
  ['load-balancing', 'Round robin', 'round-robin'],
  ['load-balancing', 'least_conn', 'busy-replica'],
  ['cache-lock', 'Concurrent misses', 'app-answers'],
  ['cache-rules', 'An answer that sets a cookie', 'set-cookie'],
];

function fromSchema2(old: Schema2): Matrix {
  // The previous value was text only: "since the last run" compares from the next run on.
  const cell = (
    { headline, keyValue: _value, keyName: _name, previous: _previous, evidence, ...rest }: Schema2Cell,
    id: string | undefined,
  ): Cell => {
    // What the server did is text now (Evidence.behaviour): a status recorded as a number then reads the same as one
    // recorded since.
    const items = (evidence ?? []).map((item) =>
      item.behaviour && typeof item.value === 'number' ? { ...item, value: String(item.value) } : item,
    );
    const key = keyFigure(items);
    const figure = key && id !== undefined ? { ...key, id } : key;
    const text = rest.verdict !== 'passed' || (!figure && headline !== 'passed') ? headline : undefined;
    return { ...rest, evidence: items, ...(figure ? { figure } : {}), ...(text !== undefined ? { text } : {}) };
  };
  return {
    ...old,
    schema: 3,
    rows: old.rows.map((row) => {
      const id = schema2FigureIds.find(
        ([spec, titleStart]) => row.spec === `${spec}.spec.ts` && row.title.startsWith(titleStart),
      )?.[2];
      const cells = (record: Record<string, Schema2Cell>) =>
        Object.fromEntries(Object.entries(record).map(([stack, c]) => [stack, cell(c, id)]));
      return {
        ...row,
        cells: cells(row.cells),
        ...(row.byRuntime
          ? { byRuntime: Object.fromEntries(Object.entries(row.byRuntime).map(([runtime, r]) => [runtime, cells(r)])) }
          : {}),
      };
    }),
  };
}

/** What an all-empty figure means, by the evidence it is: a learner reads "no cache in front", not "[(none), (none)]".
 * */
const nothingMeans: Record<string, string> = {
  'X-Cache-Status': 'no cache in front',
  'X-Forwarded-For seen by the app': 'no proxy: no forwarded header',
  'Content-Encoding': 'not compressed',
};

const isNothing = (value: Figure['value']) =>
  value === '(none)' || (Array.isArray(value) && value.length > 0 && value.every((v) => v === '(none)'));

/**
 * What a cell shows, the one place its figure is formatted (evidence.ts formatItem): a passed cell its key
 * figure (an all-empty one said in words), or "passed" without one; any other its text.
 */
export function cellText(cell: Shown): string {
  if (cell.verdict !== 'passed') return cell.text ?? cell.verdict;
  if (!cell.figure) return cell.text ?? 'passed';
  return isNothing(cell.figure.value) ? (nothingMeans[cell.figure.name] ?? 'none') : formatItem(cell.figure);
}

const rowKey = (row: Pick<Row, 'spec' | 'title'>) => `${row.spec}\u0000${row.title}`;

/** What a run hands mergeMatrix. */
export interface Run {
  at: string;
  startedAt?: string;
  stacks: Matrix['stacks'];
  rows: Row[];
  app?: string;
  /**
   * The spec files this run ran every test of, per stack (matrix-reporter.ts ranWhole): there a row it did
   * not produce is of a test renamed or removed, and its cells go. A run that says nothing drops nothing.
   */
  ranWhole?: readonly { spec: string; stack: string }[];
}

/**
 * This run's rows laid over the previous matrix. A cell this run measured replaces the old one, except an
 * interrupted cell, which says nothing and keeps what was known. Rows of spec files that no longer exist go,
 * and so do the cells of tests that a spec file the run ran whole on a stack no longer has.
 */
export function mergeMatrix(
  previous: Matrix | undefined,
  run: Run,
  specExists: (spec: string) => boolean,
  stackOrder: readonly string[],
): Matrix {
  const whole = new Set((run.ranWhole ?? []).map((w) => `${w.spec}\u0000${w.stack}`));
  const produced = new Set(
    run.rows.flatMap((row) => Object.keys(row.cells).map((stack) => `${rowKey(row)}\u0000${stack}`)),
  );
  const gone = (row: Row, stack: string) =>
    whole.has(`${row.spec}\u0000${stack}`) && !produced.has(`${rowKey(row)}\u0000${stack}`);
  const rows = new Map<string, Row>();
  for (const row of previous?.rows ?? []) {
    if (!specExists(row.spec)) continue;
    const kept = withoutCells(
      { ...row, chapter: chapterOf(row.spec).id, cells: { ...row.cells }, byRuntime: byRuntimeOf(row) },
      (stack) => gone(row, stack),
    );
    if (Object.keys(kept.cells).length > 0) rows.set(rowKey(row), kept);
  }
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
      const merged = old && old.measuredAt < cell.measuredAt ? { ...cell, previous: shownOf(old) } : cell;
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
    stacks.set(s.name, {
      name: s.name,
      title: s.title || before?.title || '',
      ...(Object.keys(versions).length ? { versions } : {}),
      ...(runtime ? { runtime } : {}),
    });
  }
  const rank = (name: string) => (stackOrder.includes(name) ? stackOrder.indexOf(name) : stackOrder.length);
  const orderedRows = [...rows.values()].sort(
    (a, b) => chapterOrder(a.spec) - chapterOrder(b.spec) || a.spec.localeCompare(b.spec),
  );
  return {
    schema: 3,
    generatedAt: run.at,
    stacks: [...stacks.values()].sort((a, b) => rank(a.name) - rank(b.name)),
    rows: orderedRows,
    totals: countVerdicts(orderedRows.flatMap(everyCell)),
    lastRun: {
      at: run.at,
      ...(run.startedAt ? { startedAt: run.startedAt } : {}),
      stacks: run.stacks.map((s) => s.name),
      totals: countVerdicts(run.rows.flatMap((r) => Object.values(r.cells))),
    },
    ...(run.app ? { app: run.app } : {}),
  };
}

/** What a cell showed, as its successor keeps it in `previous`. */
function shownOf(cell: Cell): NonNullable<Cell['previous']> {
  return {
    verdict: cell.verdict,
    ...(cell.figure ? { figure: cell.figure } : {}),
    ...(cell.text !== undefined ? { text: cell.text } : {}),
    measuredAt: cell.measuredAt,
  };
}

/** A row without the cells of the stacks `drop` names, on every runtime. */
function withoutCells(row: Row, drop: (stack: string) => boolean): Row {
  const keep = (cells: Record<string, Cell>) =>
    Object.fromEntries(Object.entries(cells).filter(([stack]) => !drop(stack)));
  const byRuntime = Object.fromEntries(
    Object.entries(row.byRuntime ?? {})
      .map(([runtime, cells]) => [runtime, keep(cells)] as const)
      .filter(([, cells]) => Object.keys(cells).length > 0),
  );
  return { ...row, cells: keep(row.cells), byRuntime };
}

/** Every runtime's newest cell of a row (its `cells` where runtimes were not recorded): what totals and failures count.
 * */
export function everyCell(row: Row): Cell[] {
  return row.byRuntime
    ? Object.values(row.byRuntime).flatMap((cells) => Object.values(cells))
    : Object.values(row.cells);
}

/** Cells of a run that did not say its runtime (matrices written before runtimes were recorded). */
export const unknownRuntime = '(runtime not recorded)';

/** A row's cells per runtime; a row from before runtimes were recorded has its cells under their own runtime. */
function byRuntimeOf(row: Row): Record<string, Record<string, Cell>> {
  if (row.byRuntime)
    return Object.fromEntries(Object.entries(row.byRuntime).map(([runtime, cells]) => [runtime, { ...cells }]));
  const byRuntime: Record<string, Record<string, Cell>> = {};
  for (const [stack, cell] of Object.entries(row.cells))
    (byRuntime[cell.runtime ?? unknownRuntime] ??= {})[stack] = cell;
  return byRuntime;
}

/**
 * A failure as a learner reads it: "expected 1, got 6 — requests in the app's access logs". Playwright's
 * message names the assertion on its first line and gives `Expected:` and `Received:` lines.
 */
export function failureHeadline(message: string): string {
  const lines = message
    // Playwright colours its messages with ANSI escapes: the escape character is the point here.
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const expected = lines.find((l) => /^Expected( pattern| substring)?:/.test(l))?.replace(/^Expected[^:]*:\s*/, '');
  const received = lines.find((l) => /^Received( string)?:/.test(l))?.replace(/^Received[^:]*:\s*/, '');
  const what = (lines[0] ?? 'failed').replace(/^Error:\s*/, '');
  return expected !== undefined && received !== undefined ? `expected ${expected}, got ${received} — ${what}` : what;
}
