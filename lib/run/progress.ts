/**
 * The run's own lines (a stack starting, ready, put back, removed) on stderr, apart from the test reporters'
 * stdout: one prefix, so they read as the suite's and not as a test's output.
 */
export function progress(line: string): void {
  process.stderr.write(`http-test: ${line}\n`);
}
