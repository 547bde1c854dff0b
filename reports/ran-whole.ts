/**
 * Which spec files a run ran whole on a stack: there a row of the matrix the run did not produce is of a
 * test renamed or removed, and mergeMatrix drops it. A run narrowed to some tests of a file chose only some
 * (`--grep`, `--grep-invert`, `file.spec.ts:12`, `--shard`, `--last-failed`, `--test-list`, a grep in the
 * config): it drops nothing. A run stopped early (Ctrl-C, `--max-failures`) ended only some of the tests it
 * chose: only the files whose every chosen test ended count. (`test.only` cannot be seen from a reporter:
 * the other rows of its file on that stack go until that file runs again.)
 */
import type { FullConfig } from '@playwright/test/reporter';

type Grep = FullConfig['grep'];

/** A grep that lets every title through, as Playwright's default (`.*`) does. */
function everyTitle(grep: Grep): boolean {
  return (Array.isArray(grep) ? grep : [grep]).some((r) => r.source === '.*');
}

/** Whether the run chose some tests of a file rather than whole files, as its config and command line say. */
export function narrowsTests(config: Pick<FullConfig, 'argv' | 'shard' | 'grep' | 'grepInvert' | 'projects'>): boolean {
  if (config.shard) return true;
  if ([config, ...config.projects].some((c) => c.grepInvert || !everyTitle(c.grep))) return true;
  const args = config.argv.slice(config.argv.indexOf('test') + 1);
  return args.some(
    (arg) =>
      /^(--grep|--grep-invert|--last-failed|--test-list|--test-list-invert)(=|$)/.test(arg) ||
      /^-[gG]/.test(arg) ||
      (!arg.startsWith('-') && /:\d+(:\d+)?$/.test(arg)),
  );
}

/** The (spec file, stack) pairs of `chosen` whose every test ended, unless the run narrowed its tests. */
export function ranWhole(
  config: Pick<FullConfig, 'argv' | 'shard' | 'grep' | 'grepInvert' | 'projects'>,
  chosen: readonly { spec: string; stack: string; tests: ReadonlySet<string> }[],
  ended: ReadonlySet<string>,
): { spec: string; stack: string }[] {
  if (narrowsTests(config)) return [];
  return chosen.filter((c) => [...c.tests].every((id) => ended.has(id))).map(({ spec, stack }) => ({ spec, stack }));
}
