/**
 * The comparison matrix: one row per behaviour, in the study notes' chapters, one column per stack, each cell
 * the key figure the spec measured (or why it was skipped, or what was expected and what came). After every
 * run it is merged into the last matrix (a run of one stack updates that column and keeps the others) and
 * written as a self-contained HTML page, Markdown (for a CI job summary) and JSON, in reports/matrix/.
 * `npm run matrix:reset` starts it from empty.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { behaviourOf, firstSentence } from '../lib/evidence/behaviour.js';
import { evidenceOf, keyFigure } from '../lib/evidence/evidence.js';
import { forwardProxyStack, readSettings } from '../lib/run/settings.js';
import { stackNames } from '../lib/stacks/definitions.js';
import { allureEnvironmentFile, ranOnOf } from '../lib/evidence/test-reporting.js';
import { describeVersions } from '../lib/stacks/versions.js';
import { chapterOf } from '../lib/evidence/chapters.js';
import { failureHeadline, mergeMatrix, readMatrix, type Matrix, type Row, type Verdict } from './matrix-model.js';
import { ranWhole } from './ran-whole.js';
import { writeMatrixFiles } from './matrix-render.js';

export type { Cell, Matrix, Row, Verdict } from './matrix-model.js';

const pairKey = (spec: string, stack: string) => `${spec}\u0000${stack}`;

const userApp = readSettings().app;

/**
 * reports/matrix, or HTTP_TEST_MATRIX_DIR (the order check writes its runs elsewhere, keeping the last real
 * matrix); a user's app gets a matrix of its own (reports/matrix-apps/<app folder>-<hash>), never mixed
 * with the probe app's cells.
 */
export const matrixDir =
  process.env.HTTP_TEST_MATRIX_DIR ||
  (userApp ? path.join('reports', 'matrix-apps', userApp.slug) : path.join('reports', 'matrix'));

/** The stack a project runs: its `stackName` option (the order check has a project per stack and file). */
function stackOf(project: { name: string; use?: unknown } | undefined): string {
  return (project?.use as { stackName?: string } | undefined)?.stackName ?? project?.name ?? '?';
}

export default class MatrixReporter implements Reporter {
  private stacks: Matrix['stacks'] = [];
  private specDirs: string[] = ['specs'];
  private readonly rows = new Map<string, Row>();
  private readonly startedAt = new Date().toISOString();
  /** Per stack: the runtime and versions its tests said they ran on. */
  private readonly ranOn = new Map<string, { runtime: string; versions: string }>();
  private config: FullConfig | undefined;
  /** Per spec file and stack: the tests this run chose, and those of them that ended. */
  private readonly chosen = new Map<string, { spec: string; stack: string; tests: Set<string> }>();
  private readonly ended = new Set<string>();

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.specDirs = [...new Set(config.projects.map((p) => p.testDir))];
    for (const test of suite.allTests()) {
      const spec = path.basename(test.location.file);
      const stack = stackOf(test.parent.project());
      const key = pairKey(spec, stack);
      const entry = this.chosen.get(key) ?? { spec, stack, tests: new Set<string>() };
      entry.tests.add(test.id);
      this.chosen.set(key, entry);
    }
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
    this.ended.add(test.id);
    const key = `${spec}\u0000${test.title}`;
    const row = this.rows.get(key) ?? {
      spec,
      title: test.title,
      explanation: firstSentence(behaviourOf(test.location.file)),
      chapter: chapterOf(spec).id,
      cells: {},
    };
    this.rows.set(key, row);
    const evidence = evidenceOf(result.attachments);
    const ranOn = ranOnOf(result.attachments);
    if (ranOn)
      this.ranOn.set(stack, { runtime: ranOn.runtime, versions: describeVersions(ranOn.versions, { withOs: true }) });
    // The key figure stays data (formatted where it is shown, matrix-model.ts cellText); text is for what is no figure.
    const figure = keyFigure(evidence);
    const verdict: Verdict =
      result.status === 'passed'
        ? 'passed'
        : result.status === 'skipped'
          ? 'skipped'
          : result.status === 'interrupted'
            ? 'interrupted'
            : 'failed';
    let text: string | undefined;
    if (verdict === 'skipped') {
      text =
        [...test.annotations, ...result.annotations].find((a) => a.type === 'skip' || a.type === 'fixme')
          ?.description ?? 'skipped';
    } else if (verdict === 'interrupted') {
      text = 'interrupted: the run was stopped before this test finished; it says nothing about the stack';
    } else if (verdict === 'failed') {
      text = failureHeadline(result.error?.message ?? result.status);
    }
    row.cells[stack] = {
      verdict,
      ...(figure ? { figure } : {}),
      ...(text !== undefined ? { text } : {}),
      evidence,
      durationMs: result.duration,
      measuredAt: new Date(result.startTime.getTime() + result.duration).toISOString(),
      ...(ranOn ? { runtime: ranOn.runtime } : {}),
    };
  }

  onEnd(_result: FullResult): void {
    // `--list` and runs stopped before any test leave the last matrix as it was.
    if (this.rows.size === 0) return;
    const file = path.join(matrixDir, 'matrix.json');
    // Spec files by name, in specs/ and its folders (specs/forward-proxy/): rows of deleted files go.
    const specFiles = new Set(
      this.specDirs.flatMap((dir) =>
        readdirSync(dir, { recursive: true })
          .map((f) => path.basename(String(f)))
          .filter((f) => f.endsWith('.spec.ts')),
      ),
    );
    const stacks = this.stacks.map((s) => {
      const ran = this.ranOn.get(s.name);
      return ran ? { ...s, runtime: ran.runtime, versions: { [ran.runtime]: ran.versions } } : s;
    });
    this.writeAllureEnvironment();
    const matrix = mergeMatrix(
      readMatrix(file),
      {
        at: new Date().toISOString(),
        startedAt: this.startedAt,
        stacks,
        rows: [...this.rows.values()],
        ...(userApp ? { app: userApp.spec } : {}),
        ranWhole: this.config ? ranWhole(this.config, [...this.chosen.values()], this.ended) : [],
      },
      (spec) => specFiles.has(spec),
      [...stackNames, forwardProxyStack],
    );
    writeMatrixFiles(matrixDir, matrix);
    process.stdout.write(
      `\nhttp-test: comparison matrix: ${path.join(matrixDir, 'index.html')} (also matrix.md, matrix.json)\n`,
    );
  }

  /**
   * Allure's Environment panel: what each stack ran on this run's runtime, as read from its containers, one
   * `stack@runtime` line each, so the panels of runs on other runtimes join line by line (npm run merge).
   */
  private writeAllureEnvironment(): void {
    const dir = path.join('reports', 'allure-results');
    if (!existsSync(dir) || this.ranOn.size === 0) return;
    // A key of word characters only: a runtime named by its images ("python:3.12-slim + nginx:alpine") would
    // otherwise end the key at its first ':' or space.
    const lines = [...this.ranOn].map(([stack, ran]) =>
      `${stack}@${ran.runtime.replace(/[^\w.-]+/g, '_')}=${ran.versions}`.replace(/\n/g, ' '),
    );
    writeFileSync(path.join(dir, allureEnvironmentFile), `${lines.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
