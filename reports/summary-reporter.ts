/**
 * Prints each test's measured evidence under its line, and ends every run with one plain line,
 * "http-test: N passed, N failed, N skipped", that CI logs and people can grep.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { Evidence, evidenceAttachmentName, type EvidenceItem } from '../fixtures/evidence.js';

export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<string, TestResult['status']>();

  onTestEnd(test: TestCase, result: TestResult): void {
    // The last attempt counts (retries overwrite earlier ones).
    this.outcomes.set(test.id, result.status);
    const attachment = result.attachments.find((a) => a.name === evidenceAttachmentName && a.body);
    if (!attachment?.body) return;
    const evidence = new Evidence();
    for (const item of (JSON.parse(attachment.body.toString('utf8')) as { items: EvidenceItem[] }).items) evidence.items.push(item);
    process.stdout.write(`      ↳ ${evidence.summary()}\n`);
  }

  onEnd(_result: FullResult): void {
    if (this.outcomes.size === 0) return; // `--list`: nothing ran
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const status of this.outcomes.values()) {
      if (status === 'passed') counts.passed += 1;
      else if (status === 'skipped') counts.skipped += 1;
      else counts.failed += 1;
    }
    process.stdout.write(`\nhttp-test: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
