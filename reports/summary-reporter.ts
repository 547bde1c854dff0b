/**
 * Prints each test's measured evidence under its line, and ends every run with one plain line,
 * "http-test: N passed, N failed, N skipped", that CI logs and people can grep.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { evidenceOf, summarize } from '../lib/evidence/evidence.js';

export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<string, TestResult['status']>();

  onTestEnd(test: TestCase, result: TestResult): void {
    // The last attempt counts (retries overwrite earlier ones).
    this.outcomes.set(test.id, result.status);
    const items = evidenceOf(result.attachments);
    if (items.length > 0) process.stdout.write(`      ↳ ${summarize(items)}\n`);
  }

  onEnd(_result: FullResult): void {
    if (this.outcomes.size === 0) return; // `--list`: nothing ran
    const counts = { passed: 0, failed: 0, skipped: 0, interrupted: 0 };
    for (const status of this.outcomes.values()) {
      if (status === 'passed') counts.passed += 1;
      else if (status === 'skipped') counts.skipped += 1;
      else if (status === 'interrupted') counts.interrupted += 1;
      else counts.failed += 1;
    }
    // An interrupted test is neither a pass nor a failed behaviour: said on a line of its own.
    if (counts.interrupted > 0)
      process.stdout.write(`\nhttp-test: the run was interrupted: ${counts.interrupted} test(s) did not finish\n`);
    process.stdout.write(`\nhttp-test: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
