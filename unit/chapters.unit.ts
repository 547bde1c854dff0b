// Unit: the chapters' "Measured:" sentences (lib/evidence/chapters.ts) read figures by spec file and figure
// id. Every (spec, id) a chapter names must be a spec file in specs/ that records a key figure with that id,
// written `id: '…'` in its source (in the options of evidence.key, or in the data a loop or a helper hands
// it), within one test; and the matrix finds the figure by that id whatever the test's title says.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import ts from 'typescript';
import { chapterOf, chapters, type FigureOf } from '../lib/evidence/chapters.js';
import { type Cell, type Matrix, schema2FigureIds } from '../reports/matrix-model.js';
import { renderMarkdown } from '../reports/matrix-render.js';

// One worker for this file: loading TypeScript's parser (over a second) is not worth paying in both.
test.describe.configure({ mode: 'default' });

const specsDir = fileURLToPath(new URL('../specs', import.meta.url));

/** Every (spec, id) the chapters name: each sentence and answer asked once with every figure there, once with none. */
function references(): { spec: string; id: string; chapter: string }[] {
  const found = new Map<string, { spec: string; id: string; chapter: string }>();
  for (const answer of [true, false]) {
    for (const chapter of chapters) {
      const figure: FigureOf = (spec, id) => {
        found.set(`${spec} ${id}`, { spec, id, chapter: chapter.id });
        return answer ? 'x' : undefined;
      };
      chapter.truth(figure);
      for (const row of chapter.comparison?.rows ?? []) for (const a of row.answers) a(figure);
    }
  }
  return [...found.values()];
}

/** The spec files under specs/, by name without `.spec.ts` (specs/forward-proxy/…, specs/porting/… too). */
function specFiles(): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const file of readdirSync(specsDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.spec.ts'))) {
    const name = path.basename(file, '.spec.ts');
    files.set(name, [...(files.get(name) ?? []), path.join(specsDir, file)]);
  }
  return files;
}

/** A spec's figure ids, each with the titles of the tests its `id: '…'` stands in ('' outside any test). */
function figureIds(file: string): { ids: Map<string, Set<string>>; keysWithOptions: number } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const ids = new Map<string, Set<string>>();
  let keysWithOptions = 0;
  const visit = (node: ts.Node, inTest: string): void => {
    let title = inTest;
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && callee.text === 'test') title = node.arguments[0]?.getText(source) ?? '?';
      // evidence.key(name, value, options): options that are no plain unit may carry the id.
      if (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === 'key' &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'evidence'
      ) {
        const options = node.arguments[2];
        if (options && !ts.isStringLiteral(options)) keysWithOptions += 1;
      }
    }
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === 'id' &&
      ts.isStringLiteralLike(node.initializer)
    ) {
      ids.set(node.initializer.text, (ids.get(node.initializer.text) ?? new Set()).add(title));
    }
    ts.forEachChild(node, (child) => visit(child, title));
  };
  visit(source, '');
  return { ids, keysWithOptions };
}

test('every figure a chapter reads is a key figure id its spec file records, in one test', () => {
  const refs = references();
  // Not a vacuous check: the chapters name some thirty figures.
  expect(refs.length).toBeGreaterThan(25);
  const files = specFiles();
  const problems: string[] = [];
  for (const { spec, id, chapter } of refs) {
    const paths = files.get(spec) ?? [];
    if (paths.length !== 1) {
      problems.push(`${chapter}: ${spec} is ${paths.length ? 'more than one spec file' : 'no spec file in specs/'}`);
      continue;
    }
    const { ids, keysWithOptions } = figureIds(paths[0]!);
    if (keysWithOptions === 0)
      problems.push(`${chapter}: ${spec} records no key figure with an id (evidence.key(name, value, { id }))`);
    const tests = ids.get(id);
    if (!tests)
      problems.push(
        `${chapter}: ${spec} has no figure id '${id}' (ids there: ${[...ids.keys()].join(', ') || 'none'})`,
      );
    else if (tests.size > 1)
      problems.push(`${chapter}: figure id '${id}' stands in ${tests.size} tests of ${spec}: ${[...tests].join('; ')}`);
  }
  expect(problems).toEqual([]);
});

test("every spec file has its place in a chapter, and the porting check's in the porting chapter", () => {
  // A spec left out lands in "More", after every chapter, away from the behaviours it belongs with.
  const misplaced: string[] = [];
  for (const [spec, paths] of specFiles()) {
    const chapter = chapterOf(spec).id;
    const want = paths.some((p) => p.includes(`${path.sep}porting${path.sep}`)) ? 'porting' : undefined;
    if (chapter === 'more' || (want && chapter !== want)) misplaced.push(`${spec}: in chapter '${chapter}'`);
  }
  expect(misplaced).toEqual([]);
});

test('the ids a matrix of schema 2 is converted with are ids the chapters read', () => {
  const read = new Set(references().map((r) => `${r.spec} ${r.id}`));
  expect(schema2FigureIds.map(([spec, , id]) => `${spec} ${id}`).filter((ref) => !read.has(ref))).toEqual([]);
});

test('a figure id names one test in its spec file, in every spec', () => {
  const problems: string[] = [];
  for (const [spec, paths] of specFiles()) {
    for (const file of paths) {
      for (const [id, tests] of figureIds(file).ids)
        if (tests.size > 1) problems.push(`${spec}: '${id}' in ${[...tests].join('; ')}`);
    }
  }
  expect(problems).toEqual([]);
});

test("a chapter's sentence reads a figure by spec file and id, whatever the test's title, and only where it passed", () => {
  const passed = (value: number, at = '2026-12-01T10:00:01Z'): Cell => ({
    verdict: 'passed',
    figure: { name: 'measured rounds', value, unit: 'rounds', id: 'rounds' },
    evidence: [],
    durationMs: 1,
    measuredAt: at,
  });
  const matrix: Matrix = {
    schema: 3,
    generatedAt: '2026-12-01T10:00:00Z',
    stacks: [
      { name: 'dev', title: 'dev' },
      { name: 'gunicorn', title: 'gunicorn' },
      { name: 'nginx', title: 'nginx' },
    ],
    rows: [
      // A row of the same spec without the id comes first: the figure is found by id, not by position or title.
      {
        spec: 'request-blocking.spec.ts',
        title: 'Something else',
        explanation: '',
        chapter: 'wsgi',
        cells: {
          dev: {
            verdict: 'passed',
            figure: { name: 'other', value: 99 },
            evidence: [],
            durationMs: 1,
            measuredAt: '2026-12-01T10:00:01Z',
          },
        },
      },
      {
        spec: 'request-blocking.spec.ts',
        title: 'A title renamed since the chapter was written',
        explanation: '',
        chapter: 'wsgi',
        cells: {
          dev: passed(1.05),
          gunicorn: passed(4.04),
          nginx: {
            verdict: 'failed',
            figure: { name: 'measured rounds', value: 9, unit: 'rounds', id: 'rounds' },
            text: 'expected 2, got 9',
            evidence: [],
            durationMs: 1,
            measuredAt: '2026-12-01T10:00:01Z',
          },
        },
      },
    ],
    totals: { passed: 3, failed: 1, skipped: 0, interrupted: 0 },
    lastRun: {
      at: '2026-12-01T10:00:02Z',
      stacks: ['dev', 'gunicorn', 'nginx'],
      totals: { passed: 3, failed: 1, skipped: 0, interrupted: 0 },
    },
  };
  expect(renderMarkdown(matrix)).toContain(
    '**Measured:** The threaded dev server does not block on waiting requests: 8 sleeps of 0.5 s took 1.05 rounds on dev, 4.04 rounds on gunicorn.',
  );
});
