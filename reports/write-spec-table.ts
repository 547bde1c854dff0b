// npm run docs:specs: docs/behaviours.md's spec table made again from the specs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSpecs, specTable, withSpecTable } from './spec-table.js';

// npm runs scripts in the package's root.
const repoRoot = process.cwd();
const page = path.join(repoRoot, 'docs', 'behaviours.md');
const specs = readSpecs(repoRoot);
writeFileSync(page, withSpecTable(readFileSync(page, 'utf8'), specTable(specs)));
console.log(`docs/behaviours.md: the spec table made from ${specs.length} specs`);
