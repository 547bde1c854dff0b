/**
 * The comparison matrix: one row per behaviour, one column per stack, each cell the verdict and the key
 * figure the spec measured (or why it was skipped, or how it failed). Written after every run as a
 * self-contained HTML page, Markdown (for a CI job summary) and JSON, in reports/matrix/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { behaviourOf, firstSentence } from '../fixtures/behaviour.js';
import { evidenceOf, formatItem, type EvidenceItem } from '../fixtures/evidence.js';
import { renderHtml, renderMarkdown } from './matrix-render.js';

/** `interrupted`: the run was stopped (Ctrl-C, its time ran out) before the test could say anything. */
export type Verdict = 'passed' | 'failed' | 'skipped' | 'interrupted';

export interface Cell {
  verdict: Verdict;
  /** The key figure, formatted ("1.04 rounds"), or the skip reason, or the first line of the failure. */
  headline: string;
  keyValue: number | null;
  keyName: string | null;
  evidence: EvidenceItem[];
  durationMs: number;
}

export interface Row {
  spec: string;
  title: string;
  explanation: string;
  cells: Record<string, Cell>;
}

export interface Matrix {
  generatedAt: string;
  stacks: { name: string; title: string }[];
  rows: Row[];
  totals: Record<Verdict, number>;
}

/** reports/matrix, or HTTP_TEST_MATRIX_DIR (the order check writes its runs elsewhere, keeping the last real matrix). */
export const matrixDir = process.env.HTTP_TEST_MATRIX_DIR || path.join('reports', 'matrix');

/** The stack a project runs: its `stackName` option (the order check has a project per stack and file). */
function stackOf(project: { name: string; use?: unknown } | undefined): string {
  return (project?.use as { stackName?: string } | undefined)?.stackName ?? project?.name ?? '?';
}

export default class MatrixReporter implements Reporter {
  private stacks: Matrix['stacks'] = [];
  private readonly rows = new Map<string, Row>();

  onBegin(_config: FullConfig, suite: Suite): void {
    // Only the projects of this run (a --project filter leaves the others out).
    const seen = new Map<string, string>();
    for (const projectSuite of suite.suites.filter((s) => s.allTests().length > 0)) {
      const project = projectSuite.project();
      const name = stackOf(project);
      if (!seen.has(name)) seen.set(name, String(project?.metadata?.title ?? ''));
    }
    this.stacks = [...seen].map(([name, title]) => ({ name, title }));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const stack = stackOf(test.parent.project());
    const spec = path.basename(test.location.file);
    const key = `${spec}\u0000${test.title}`;
    const row = this.rows.get(key) ?? { spec, title: test.title, explanation: firstSentence(behaviourOf(test.location.file)), cells: {} };
    this.rows.set(key, row);
    const evidence = evidenceOf(result.attachments);
    const keyItem = evidence.find((item) => item.key);
    const verdict: Verdict = result.status === 'passed' ? 'passed' : result.status === 'skipped' ? 'skipped' : result.status === 'interrupted' ? 'interrupted' : 'failed';
    let headline: string;
    if (verdict === 'skipped') {
      headline = [...test.annotations, ...result.annotations].find((a) => a.type === 'skip' || a.type === 'fixme')?.description ?? 'skipped';
    } else if (verdict === 'interrupted') {
      headline = 'interrupted: the run was stopped before this test finished; it says nothing about the stack';
    } else if (verdict === 'failed') {
      const message = (result.error?.message ?? result.status).replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim()) ?? result.status;
      headline = keyItem ? `${formatItem(keyItem)} — ${message}` : message;
    } else {
      headline = keyItem ? formatItem(keyItem) : 'passed';
    }
    row.cells[stack] = {
      verdict,
      headline,
      keyValue: typeof keyItem?.value === 'number' ? keyItem.value : null,
      keyName: keyItem?.name ?? null,
      evidence,
      durationMs: result.duration,
    };
  }

  onEnd(_result: FullResult): void {
    // `--list` and runs stopped before any test leave the last matrix as it was.
    if (this.rows.size === 0) return;
    const rows = [...this.rows.values()].sort((a, b) => a.spec.localeCompare(b.spec));
    const totals: Record<Verdict, number> = { passed: 0, failed: 0, skipped: 0, interrupted: 0 };
    for (const row of rows) for (const cell of Object.values(row.cells)) totals[cell.verdict] += 1;
    const matrix: Matrix = { generatedAt: new Date().toISOString(), stacks: this.stacks, rows, totals };
    mkdirSync(matrixDir, { recursive: true });
    writeFileSync(path.join(matrixDir, 'matrix.json'), `${JSON.stringify(matrix, null, 2)}\n`);
    writeFileSync(path.join(matrixDir, 'matrix.md'), renderMarkdown(matrix));
    writeFileSync(path.join(matrixDir, 'index.html'), renderHtml(matrix));
    process.stdout.write(`\nhttp-test: comparison matrix: ${path.join(matrixDir, 'index.html')} (also matrix.md, matrix.json)\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
