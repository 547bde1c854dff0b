// Unit: the spec table of docs/behaviours.md, made from the specs' "// Behaviour:" lines (reports/spec-table.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { chapters } from '../lib/evidence/chapters.js';
import { readSpecs, specTable, tableEnd, tableStart, withSpecTable } from '../reports/spec-table.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('docs/behaviours.md holds the table the specs make today (else: npm run docs:specs)', () => {
  const page = readFileSync(path.join(repoRoot, 'docs', 'behaviours.md'), 'utf8');
  const table = specTable(readSpecs(repoRoot));
  expect(page.includes(table), 'docs/behaviours.md is out of date with the specs: run npm run docs:specs').toBe(true);
});

test("every spec file has a row, with its behaviour, grouped in the notes' chapter order", () => {
  const specs = readSpecs(repoRoot);
  const rows = specTable(specs)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| chapter'));
  expect(rows).toHaveLength(specs.length);
  expect(
    specs.every((spec) => spec.behaviour.length > 20),
    'a spec without its "// Behaviour:" comment',
  ).toBe(true);
  // The notes open with the WSGI server; after that each chapter's rows stand together, in the chapters' order.
  expect(rows[0]).toContain(chapters[0]!.title);
  const titles = [...chapters.map((c) => c.title), 'More'];
  const order = rows.map((row) => titles.indexOf(row.split(' | ')[0]!.slice(2)));
  expect(
    order.every((index) => index >= 0),
    'a row whose chapter is none of the chapters',
  ).toBe(true);
  expect(order, "rows out of the chapters' order").toEqual([...order].sort((a, b) => a - b));
});

test('a behaviour with a | stays in its cell; a spec without a comment says what to add', () => {
  const table = specTable([
    { file: 'specs/caching.spec.ts', behaviour: 'MISS | HIT' },
    { file: 'specs/new-thing.spec.ts', behaviour: '' },
  ]);
  expect(table).toContain('MISS \\| HIT');
  expect(table).toContain('add one at the top of the file');
  expect(table.startsWith(tableStart) && table.endsWith(tableEnd)).toBe(true);
});

test('the table replaces only what lies between the markers, and a page without them is an error naming them', () => {
  const page = `intro\n${tableStart}\nold\n${tableEnd}\noutro\n`;
  expect(withSpecTable(page, `${tableStart}\nnew\n${tableEnd}`)).toBe(
    `intro\n${tableStart}\nnew\n${tableEnd}\noutro\n`,
  );
  expect(() => withSpecTable('no markers', 'x')).toThrow(/no spec table markers/);
});
