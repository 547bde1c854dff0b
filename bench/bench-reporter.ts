/**
 * Collects each stack's load figures (the bench test's attachment) and writes reports/bench: bench.json,
 * bench.md and index.html. A run of some stacks replaces theirs and keeps the others, as the matrix does;
 * the file it replaces is kept as previous.json, the run the ordering is compared with. The one expectation
 * that spans stacks is checked here: nginx serves the static file faster than any WSGI server does.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { isStackName, stackNames, stacks } from '../lib/stacks/definitions.js';
import { renderHtml, renderMarkdown } from './bench-render.js';
import { mostConnections } from './plan.js';
import { benchAttachmentName, findPoint, type BenchFile, type StackBench } from './results.js';

export const benchDir = path.join('reports', 'bench');

function read(file: string): BenchFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as BenchFile;
    return parsed.schema === 1 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Cross-stack: the static file from nginx's disk beats every stack where the app serves it. */
export function staticFileVerdict(file: BenchFile): string | undefined {
  const servedBy = (s: StackBench) => (isStackName(s.stack) ? stacks[s.stack].staticServedBy : undefined);
  const fromDisk = file.stacks.filter((s) => servedBy(s) === 'nginx');
  const fromApp = file.stacks.filter((s) => servedBy(s) === 'app');
  const rps = (s: StackBench) => findPoint(s, 'static-64k', mostConnections)?.rps.median ?? 0;
  for (const n of fromDisk)
    for (const a of fromApp)
      if (rps(n) <= rps(a))
        return `expected nginx to serve the 64 KiB static file faster than any WSGI server: ${n.stack} ${Math.round(rps(n))} requests/s, ${a.stack} ${Math.round(rps(a))}`;
  return undefined;
}

export default class BenchReporter implements Reporter {
  private machine = '';
  private readonly measured: StackBench[] = [];

  onBegin(config: FullConfig): void {
    this.machine = String(config.metadata.machine ?? '');
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    const body = result.attachments.find((a) => a.name === benchAttachmentName)?.body;
    if (body) this.measured.push(JSON.parse(body.toString('utf8')) as StackBench);
  }

  async onEnd(_result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    if (this.measured.length === 0) return undefined;
    mkdirSync(benchDir, { recursive: true });
    const current = path.join(benchDir, 'bench.json');
    const previous = read(current);
    const kept = previous?.stacks.filter((s) => !this.measured.some((m) => m.stack === s.stack)) ?? [];
    const order = (s: StackBench) => (stackNames as readonly string[]).indexOf(s.stack);
    const file: BenchFile = {
      schema: 1,
      generatedAt: new Date().toISOString(),
      machine: this.machine,
      stacks: [...kept, ...this.measured].sort((a, b) => order(a) - order(b)),
    };
    if (existsSync(current)) renameSync(current, path.join(benchDir, 'previous.json'));
    writeFileSync(current, JSON.stringify(file, null, 2));
    writeFileSync(path.join(benchDir, 'bench.md'), renderMarkdown(file, previous));
    writeFileSync(path.join(benchDir, 'index.html'), renderHtml(file, previous));
    process.stdout.write(
      `\nhttp-test: load figures: ${path.join(benchDir, 'index.html')} (also bench.md, bench.json)\n`,
    );
    const broken = staticFileVerdict(file);
    if (broken) {
      process.stdout.write(`http-test: ${broken}\n`);
      return { status: 'failed' };
    }
    return undefined;
  }

  printsToStdio(): boolean {
    return true;
  }
}
