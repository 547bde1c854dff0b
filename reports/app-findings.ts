/**
 * The opening of a user's app's matrix (matrix.app set): its findings, most often hit first, each what happens,
 * the evidence (each failed cell, per stack, formatted as its cell is: cellText, formatItem), the fix and the
 * stacks it applies to; then a summary line of what was green and what could not apply. The text of each finding
 * comes from lib/porting/findings.ts, which Allure reads too. The probe app's matrix has no such opening.
 */
import { formatItem } from '../lib/evidence/evidence.js';
import { type Fix, type Reference, findingMarkdown, findingFor, unknownRank } from '../lib/porting/findings.js';
import { type Cell, cellText, type Matrix, type Row } from './matrix-model.js';
import { escapeHtml } from './html-page.js';

export interface AppFinding {
  /** The spec file it comes from. */
  spec: string;
  title: string;
  rank: number;
  happens: string;
  /** None where the spec has no entry in lib/porting/findings.ts. */
  fix?: Fix;
  references: readonly Reference[];
  /** Whether lib/porting/findings.ts has its entry. */
  known: boolean;
  /** What the failed cells say, stacks that say the same named together: "gunicorn, nginx: …". */
  evidence: { stacks: string[]; text: string }[];
  /** The stacks it failed on, in the matrix's order. */
  stacks: string[];
  /** The stacks the same tests passed on. */
  greenOn: string[];
}

/**
 * A cell failed because its stack did not start (lib/stacks/lifecycle.ts StackStartError, which every test of that
 * stack then fails with): it says nothing about the app, so it is no finding; the report says the stack did not start.
 */
export const stackDidNotStart = (cell: Cell) => cell.verdict === 'failed' && /^StackStartError\b/.test(cell.text ?? '');

/** The cells that say something about the app: all but those of a stack that did not start. */
const cellsOf = (row: Row) => Object.values(row.cells).filter((c) => !stackDidNotStart(c));

/** The stacks that did not start, each with what its first cell said. */
export function stacksNotStarted(matrix: Matrix): { stack: string; text: string }[] {
  return matrix.stacks.flatMap(({ name }) => {
    const cell = matrix.rows.map((r) => r.cells[name]).find((c) => c !== undefined && stackDidNotStart(c));
    return cell ? [{ stack: name, text: cellText(cell) }] : [];
  });
}

/** A failed cell as evidence: its key figure, if it recorded one, then what the cell says (the failure). */
export function evidenceText(cell: Cell): string {
  const said = cellText(cell);
  return cell.figure ? `${cell.figure.name}: ${formatItem(cell.figure)} — ${said}` : said;
}

/**
 * The findings of a user's app's matrix: every test with a failed cell, grouped by what its failure means (its
 * spec's entry, or its test's), ranked by lib/porting/findings.ts (most often hit first), then by the stacks it
 * fails on (more first), then in the matrix's order. A spec without an entry shows too, ranked last, its title
 * the test's and its evidence the failure.
 */
export function appFindings(matrix: Matrix): AppFinding[] {
  const names = matrix.stacks.map((s) => s.name);
  const groups = new Map<string, { finding: AppFinding; rows: Row[]; order: number }>();
  matrix.rows.forEach((row, order) => {
    if (!cellsOf(row).some((c) => c.verdict === 'failed')) return;
    const text = findingFor(row.spec, row.title);
    const key = `${row.spec}\u0000${text ? text.title : row.title}`;
    const group = groups.get(key) ?? {
      finding: {
        spec: row.spec,
        title: text?.title ?? row.title,
        rank: text?.rank ?? unknownRank,
        happens: text?.happens ?? row.explanation,
        ...(text ? { fix: text.fix } : {}),
        references: text?.references ?? [],
        known: text !== undefined,
        evidence: [],
        stacks: [],
        greenOn: [],
      },
      rows: [],
      order,
    };
    group.rows.push(row);
    groups.set(key, group);
  });
  return [...groups.values()]
    .map(({ finding, rows, order }) => {
      const lines: { stack: string; text: string }[] = [];
      for (const name of names)
        for (const row of rows) {
          const cell = row.cells[name];
          if (cell?.verdict !== 'failed' || stackDidNotStart(cell)) continue;
          lines.push({
            stack: name,
            text: rows.length > 1 ? `${row.title}: ${evidenceText(cell)}` : evidenceText(cell),
          });
        }
      const evidence: AppFinding['evidence'] = [];
      for (const line of lines) {
        const same = evidence.find((e) => e.text === line.text);
        if (same) {
          if (!same.stacks.includes(line.stack)) same.stacks.push(line.stack);
        } else evidence.push({ stacks: [line.stack], text: line.text });
      }
      const stacks = names.filter((n) => lines.some((l) => l.stack === n));
      const greenOn = names.filter((n) => !stacks.includes(n) && rows.some((r) => r.cells[n]?.verdict === 'passed'));
      return { finding: { ...finding, evidence, stacks, greenOn }, order };
    })
    .sort(
      (a, b) =>
        a.finding.rank - b.finding.rank || b.finding.stacks.length - a.finding.stacks.length || a.order - b.order,
    )
    .map((g) => g.finding);
}

const listed = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * One line of the whole check: "3 findings on 2 stacks (gunicorn and nginx); 6 checks green; 2 could not apply
 * (the app has no route without arguments that takes a POST; …)". A check is a test (a row): green when no cell
 * failed and one passed, "could not apply" when every cell was skipped (the reasons are the skips').
 */
export function appFindingsSummary(matrix: Matrix, findings: readonly AppFinding[] = appFindings(matrix)): string {
  const stacks = matrix.stacks.map((s) => s.name).filter((n) => findings.some((f) => f.stacks.includes(n)));
  const green = matrix.rows.filter(
    (r) => !cellsOf(r).some((c) => c.verdict === 'failed') && cellsOf(r).some((c) => c.verdict === 'passed'),
  ).length;
  const notApplied = matrix.rows.filter(
    (r) => cellsOf(r).length > 0 && cellsOf(r).every((c) => c.verdict === 'skipped'),
  );
  // One reason a check: its stacks may word it with their own process names.
  const reasons = [...new Set(notApplied.map((r) => cellsOf(r)[0]?.text ?? 'skipped'))];
  const interrupted = matrix.rows.filter(
    (r) =>
      !cellsOf(r).some((c) => c.verdict === 'failed' || c.verdict === 'passed') &&
      cellsOf(r).some((c) => c.verdict === 'interrupted'),
  ).length;
  const parts = [
    findings.length
      ? `${plural(findings.length, 'finding', 'findings')} on ${plural(stacks.length, 'stack', 'stacks')} (${listed(stacks)})`
      : `no findings on ${plural(matrix.stacks.length, 'stack', 'stacks')}`,
    `${plural(green, 'check', 'checks')} green`,
    ...(notApplied.length ? [`${notApplied.length} could not apply (${reasons.join('; ')})`] : []),
    ...(interrupted ? [`${interrupted} interrupted before they said anything`] : []),
    ...stacksNotStarted(matrix).map(({ stack }) => `${stack} did not start: its checks say nothing about the app`),
  ];
  return `${parts.join('; ')}.`;
}

const appliesTo = (f: AppFinding) => `${listed(f.stacks)}${f.greenOn.length ? ` (green on ${listed(f.greenOn)})` : ''}`;

const evidenceLines = (f: AppFinding) => f.evidence.map((e) => `${e.stacks.join(', ')}: ${e.text}`);

const unknownNote = (f: AppFinding) =>
  `No entry for ${f.spec} in lib/porting/findings.ts: what it checks is the spec's own sentence, the failure its message.`;

/** The findings as the top of matrix.md, for a user's app; nothing for the probe app's matrix. */
export function appFindingsMarkdown(matrix: Matrix): string[] {
  if (!matrix.app) return [];
  const findings = appFindings(matrix);
  const lines = ["## Your app's findings", '', appFindingsSummary(matrix, findings), ''];
  for (const { stack, text } of stacksNotStarted(matrix))
    lines.push(`**${stack} did not start:** ${oneLine(text)}`, '');
  findings.forEach((f, i) => {
    lines.push(`### ${i + 1}. ${f.title}`, '');
    if (!f.known) lines.push(`_${unknownNote(f)}_`, '');
    lines.push(
      ...findingMarkdown(f, { evidence: evidenceLines(f).map(oneLine), appliesTo: appliesTo(f) }),
      `<sub>${f.spec}</sub>`,
      '',
    );
  });
  return lines;
}

/** Evidence on one Markdown line: a failure message may hold newlines. */
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');

/** The page's CSS for the findings (index.html). */
export const appFindingsCss = `  .app-findings { margin: 14px 0 8px; }
  .app-findings .summary { font-size: 15px; margin: 4px 0 12px; }
  .finding { background: #fff; border: 1px solid #f1b4ae; border-left: 5px solid #b42318; border-radius: 8px; padding: 10px 16px; margin: 0 0 12px; }
  .finding.unknown { border-left-color: #6b7280; border-color: #dde1e8; }
  .finding h3 { font-size: 16px; margin: 2px 0 6px; }
  .finding .rank { color: #b42318; margin-right: 6px; }
  .finding .label { font-weight: 700; }
  .finding ul { margin: 4px 0 8px; padding-left: 22px; } .finding li { margin: 2px 0; overflow-wrap: anywhere; }
  .finding .stacks { font-weight: 600; }
  .finding pre { background: #1d2330; color: #f6f7f9; border-radius: 6px; padding: 8px 12px; overflow-x: auto; font-size: 13px; margin: 4px 0 8px; }
  .finding .lang { font-size: 11px; color: #5b6475; }
  .finding .refs, .finding .file { font-size: 12px; color: #5b6475; }
  .not-started { background: #fff7e6; border: 1px solid #f0d49a; border-radius: 8px; padding: 8px 12px; }
`;

/** The findings as the top of index.html, for a user's app; nothing for the probe app's matrix. */
export function appFindingsHtml(matrix: Matrix): string {
  if (!matrix.app) return '';
  const findings = appFindings(matrix);
  const cards = findings
    .map((f, i) => {
      const evidence = f.evidence
        .map((e) => `<li><span class="stacks">${escapeHtml(e.stacks.join(', '))}</span>: ${escapeHtml(e.text)}</li>`)
        .join('');
      const fix = f.fix
        ? `<div><span class="label">Fix</span> <span class="lang">${escapeHtml(f.fix.language)}</span></div><pre><code class="language-${escapeHtml(f.fix.language)}">${escapeHtml(f.fix.text)}</code></pre>`
        : '';
      const refs = f.references.length
        ? `<div class="refs">Public threads: ${f.references.map((r) => `<a href="${escapeHtml(r.url)}">${escapeHtml(r.title)}</a>`).join(', ')}</div>`
        : '';
      return `<article class="finding${f.known ? '' : ' unknown'}"><h3><span class="rank">${i + 1}.</span>${escapeHtml(f.title)}</h3>${f.known ? '' : `<p><i>${escapeHtml(unknownNote(f))}</i></p>`}<p><span class="label">What happens:</span> ${escapeHtml(f.happens)}</p><div class="label">Evidence</div><ul>${evidence}</ul>${fix}<p><span class="label">Applies to:</span> ${escapeHtml(appliesTo(f))}</p>${refs}<div class="file">${escapeHtml(f.spec)}</div></article>`;
    })
    .join('\n');
  const notStarted = stacksNotStarted(matrix)
    .map(
      ({ stack, text }) => `<p class="not-started"><b>${escapeHtml(stack)} did not start:</b> ${escapeHtml(text)}</p>`,
    )
    .join('');
  return `<section id="app-findings" class="app-findings"><h2>Your app's findings</h2><p class="summary">${escapeHtml(appFindingsSummary(matrix, findings))}</p>${notStarted}
${cards}</section>`;
}
