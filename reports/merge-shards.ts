/**
 * `npm run merge -- <dir> [<dir> …]`: one comparison matrix and one set of Allure results from the reports of
 * several shard runs (`npx playwright test --shard=i/n`, one per machine). Each <dir> is a shard's reports/
 * folder as CI uploads it (matrix/matrix.json and allure-results/), or a checkout that contains one. Only the
 * cells each shard measured in its own last run are taken, so a shard machine's older matrix cannot leak in.
 * Writes reports/matrix/ (or HTTP_TEST_MATRIX_DIR) and fills reports/allure-results/; `npm run report` then
 * builds the Allure report.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { forwardProxyStack } from '../lib/run/settings.js';
import { stackNames } from '../lib/stacks/definitions.js';
import {
  countVerdicts,
  everyCell,
  mergeMatrix,
  readMatrix,
  type Matrix,
  type MatrixStack,
  type Row,
} from './matrix-model.js';
import { writeMatrixFiles } from './matrix-render.js';
import { allureEnvironmentFile } from '../lib/evidence/test-reporting.js';

function fail(message: string): never {
  console.error(`http-test merge: ${message}`);
  process.exit(2);
}

/** The reports/ folder of a shard: the folder itself, or its reports/ subfolder. */
function reportsDirOf(dir: string): string {
  for (const candidate of [dir, path.join(dir, 'reports')])
    if (existsSync(path.join(candidate, 'matrix', 'matrix.json'))) return candidate;
  return fail(`${dir} has no matrix/matrix.json (nor reports/matrix/matrix.json): give each shard's reports/ folder`);
}

/** A shard's rows with only the cells its last run measured. */
function cellsOfLastRun(matrix: Matrix): Row[] {
  const since = matrix.lastRun.startedAt ?? '';
  return matrix.rows
    .map((row) => ({
      ...row,
      cells: Object.fromEntries(
        Object.entries(row.cells).filter(
          ([stack, cell]) => matrix.lastRun.stacks.includes(stack) && cell.measuredAt >= since,
        ),
      ),
    }))
    .filter((row) => Object.keys(row.cells).length > 0);
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) fail('usage: npm run merge -- <shard reports dir> [<shard reports dir> …]');
const shards = dirs.map((dir) => {
  const reports = reportsDirOf(path.resolve(dir));
  const matrix =
    readMatrix(path.join(reports, 'matrix', 'matrix.json')) ??
    fail(`${reports}/matrix/matrix.json is not a matrix of this version: rerun that shard`);
  return { reports, matrix };
});
const apps = new Set(shards.map((s) => s.matrix.app ?? '(the probe app)'));
if (apps.size > 1) fail(`the shards ran different apps (${[...apps].join(', ')}): merge shards of one run`);

let merged: Matrix | undefined;
for (const { matrix } of shards) {
  // Each stack with the versions of its last run's runtime only: a shard machine's earlier runtimes stay out.
  const stacks = matrix.stacks
    .filter((s) => matrix.lastRun.stacks.includes(s.name))
    .map((s): MatrixStack => {
      const versions = s.runtime ? s.versions?.[s.runtime] : undefined;
      return {
        name: s.name,
        title: s.title,
        ...(s.runtime ? { runtime: s.runtime } : {}),
        ...(s.runtime && versions ? { versions: { [s.runtime]: versions } } : {}),
      };
    });
  // No `ranWhole`: shards split spec files between them (fullyParallel), so one shard's rows are never stale
  // beside another's; each shard's own reporter dropped nothing either (a --shard run narrows its tests), and
  // only cells of each shard's last run are taken, so no row of a renamed test comes in.
  merged = mergeMatrix(
    merged,
    { at: matrix.lastRun.at, stacks, rows: cellsOfLastRun(matrix), ...(matrix.app ? { app: matrix.app } : {}) },
    () => true,
    [...stackNames, forwardProxyStack],
  );
}
if (!merged) fail('nothing to merge');
// The merged run is every shard's last run together.
const ofRuns = merged.rows.flatMap(everyCell);
merged.lastRun = {
  at:
    shards
      .map((s) => s.matrix.lastRun.at)
      .sort()
      .pop() ?? merged.generatedAt,
  stacks: merged.stacks.map((s) => s.name),
  totals: countVerdicts(ofRuns),
};
const matrixDir = process.env.HTTP_TEST_MATRIX_DIR || path.join('reports', 'matrix');
writeMatrixFiles(matrixDir, merged);

const allureDir = path.join('reports', 'allure-results');
rmSync(allureDir, { recursive: true, force: true });
mkdirSync(allureDir, { recursive: true });
let files = 0;
const environment = new Set<string>();
for (const { reports } of shards) {
  const results = path.join(reports, 'allure-results');
  if (!existsSync(results)) continue;
  // Result files are named by UUID: shards never collide. Their Environment panels (one line per stack and
  // runtime, matrix-reporter.ts) are joined instead.
  for (const name of readdirSync(results)) {
    if (name === allureEnvironmentFile) {
      for (const line of readFileSync(path.join(results, name), 'utf8').split('\n'))
        if (line.trim()) environment.add(line);
      continue;
    }
    copyFileSync(path.join(results, name), path.join(allureDir, name));
    files += 1;
  }
}
if (environment.size)
  writeFileSync(path.join(allureDir, allureEnvironmentFile), `${[...environment].sort().join('\n')}\n`);
const t = merged.lastRun.totals;
console.log(
  `http-test merge: ${shards.length} shard(s) → ${merged.rows.length} rows, ${ofRuns.length} cells (${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped) in ${matrixDir}/; ${files} Allure result files in ${allureDir}/ (npm run report builds the report)`,
);
