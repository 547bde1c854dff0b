/**
 * The table of specs in docs/behaviours.md, made from the specs themselves: each file's `// Behaviour:` comment
 * and its chapter (lib/evidence/chapters.ts). Written by `npm run docs:specs`; unit/spec-table.unit.ts fails
 * when the page and the specs disagree, so the page cannot drift from what runs. The figures are not here:
 * they are the comparison matrix's, measured by each run.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { behaviourOf } from '../lib/evidence/behaviour.js';
import { chapterOf, chapterOrder } from '../lib/evidence/chapters.js';

export const tableStart =
  '<!-- spec table: made by npm run docs:specs from each spec\'s "// Behaviour:" line; do not edit -->';
export const tableEnd = '<!-- end of spec table -->';

export interface SpecEntry {
  /** The path from the repository root, e.g. specs/caching.spec.ts. */
  file: string;
  behaviour: string;
}

/** Every spec file under specs/, with its behaviour text. */
export function readSpecs(repoRoot: string): SpecEntry[] {
  const specsDir = path.join(repoRoot, 'specs');
  return readdirSync(specsDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.spec.ts'))
    .map((name) => {
      const file = path.posix.join('specs', name.split(path.sep).join('/'));
      return { file, behaviour: behaviourOf(path.join(repoRoot, file)) };
    });
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The markdown table, grouped by chapter in the notes' order, between its two marker lines. */
export function specTable(entries: readonly SpecEntry[]): string {
  const sorted = [...entries].sort(
    (a, b) => chapterOrder(path.basename(a.file)) - chapterOrder(path.basename(b.file)) || a.file.localeCompare(b.file),
  );
  const lines = [tableStart, '', '| chapter | spec | behaviour |', '|---------|------|-----------|'];
  for (const entry of sorted) {
    const spec = path.basename(entry.file).replace(/\.spec\.ts$/, '');
    const behaviour = entry.behaviour || '(no "// Behaviour:" comment: add one at the top of the file)';
    lines.push(
      `| ${cell(chapterOf(path.basename(entry.file)).title)} | [\`${spec}\`](../${entry.file}) | ${cell(behaviour)} |`,
    );
  }
  lines.push('', tableEnd);
  return lines.join('\n');
}

/** The page with its table replaced by `table`; an error if the page lost its markers. */
export function withSpecTable(page: string, table: string): string {
  const start = page.indexOf(tableStart);
  const end = page.indexOf(tableEnd);
  if (start < 0 || end < start)
    throw new Error(
      `docs/behaviours.md has no spec table markers: put the lines\n${tableStart}\n${tableEnd}\nwhere the table goes`,
    );
  return page.slice(0, start) + table + page.slice(end + tableEnd.length);
}
