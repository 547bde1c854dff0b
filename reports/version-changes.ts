/**
 * "What changed between versions": where runs on two runtimes (trixie and bookworm, joined in one matrix by
 * running each, or by `npm run merge`) saw one behaviour differ on one stack — its verdict, or a figure a spec
 * records as what the server did (Evidence.behaviour) — one sentence with both figures and the versions.
 */
import { formatItem, sameFigure } from '../lib/evidence/evidence.js';
import { type Cell, cellText, type Matrix, type Row, unknownRuntime } from './matrix-model.js';

export interface VersionChange {
  spec: string;
  title: string;
  stack: string;
  sentence: string;
}

/** "Gunicorn 23.0.0" out of a stack's versions line for one runtime, for the software an item names. */
function versionsNamed(line: string | undefined, software: readonly string[]): string {
  if (!line) return '';
  const wanted = software.map((s) => s.toLowerCase());
  return line
    .split(', ')
    .filter((part) => wanted.some((w) => part.toLowerCase().startsWith(`${w} `)))
    .join(', ');
}

function behaviourItems(cell: Cell) {
  return cell.evidence.filter((item) => item.behaviour);
}

/** The runtimes a row has cells of, the newest first (the order the matrix's runs wrote them). */
function runtimesOf(row: Row): string[] {
  const newest = (runtime: string) =>
    Object.values(row.byRuntime?.[runtime] ?? {})
      .map((c) => c.measuredAt)
      .sort()
      .pop() ?? '';
  // Cells of runs that did not say their runtime cannot be put beside either.
  return Object.keys(row.byRuntime ?? {})
    .filter((runtime) => runtime !== unknownRuntime)
    .sort((a, b) => newest(b).localeCompare(newest(a)));
}

export function versionChanges(matrix: Matrix): VersionChange[] {
  const versionsOf = (stack: string, runtime: string) =>
    matrix.stacks.find((s) => s.name === stack)?.versions?.[runtime];
  const changes: VersionChange[] = [];
  for (const row of matrix.rows) {
    const runtimes = runtimesOf(row);
    if (runtimes.length < 2) continue;
    const [newer, older] = runtimes as [string, string];
    for (const stack of matrix.stacks.map((s) => s.name)) {
      const a = row.byRuntime?.[newer]?.[stack];
      const b = row.byRuntime?.[older]?.[stack];
      if (!a || !b || a.verdict === 'interrupted' || b.verdict === 'interrupted') continue;
      const on = (runtime: string, software: readonly string[]) => {
        const named = versionsNamed(versionsOf(stack, runtime), software);
        return named ? `${named} (${runtime})` : runtime;
      };
      if (a.verdict !== b.verdict) {
        const text = (c: Cell) => (c.verdict === 'passed' ? `passed (${cellText(c)})` : `${c.verdict}: ${cellText(c)}`);
        changes.push({
          spec: row.spec,
          title: row.title,
          stack,
          sentence: `${row.title} — on ${stack}: ${text(a)} on ${newer}; ${text(b)} on ${older}.`,
        });
        continue;
      }
      for (const item of behaviourItems(a)) {
        const other = behaviourItems(b).find((i) => i.name === item.name);
        if (!other || sameFigure(other, item)) continue;
        const software = item.behaviour?.software ?? [];
        changes.push({
          spec: row.spec,
          title: row.title,
          stack,
          sentence: `${row.title} — on ${stack}, ${item.name}: ${formatItem(item)} with ${on(newer, software)}; ${formatItem(other)} with ${on(older, software)}.`,
        });
      }
    }
  }
  return changes;
}

/**
 * Each runtime the matrix holds and what ran on it, every piece of software once (a stack's versions are a
 * part of these): the chapter's legend, "trixie: OS Debian GNU/Linux 13 (trixie), Python 3.13.5, …".
 */
export function runtimeLegend(matrix: Matrix): { runtime: string; versions: string }[] {
  const runtimes = [...new Set(matrix.stacks.flatMap((s) => Object.keys(s.versions ?? {})))];
  return runtimes.map((runtime) => {
    const parts: string[] = [];
    for (const stack of matrix.stacks)
      for (const part of stack.versions?.[runtime]?.split(', ') ?? []) if (!parts.includes(part)) parts.push(part);
    return { runtime, versions: parts.join(', ') };
  });
}
