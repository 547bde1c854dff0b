/**
 * Renders the comparison matrix as Markdown and as one self-contained HTML page with inline SVG charts (no
 * scripts, no external assets; readable printed and on a phone). The page reads like the study notes: what
 * differs between the stacks first, then chapter by chapter the notes' claim, the measured truth and the
 * rows, each cell showing its figure first and its verdict as a small mark.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { movedFrom, sameShown } from './changes.js';
import { chapters, type FigureOf } from '../lib/evidence/chapters.js';
import { formatItem } from '../lib/evidence/evidence.js';
import { type Cell, cellText, type Matrix, type Row } from './matrix-model.js';
import { escapeHtml, pageStart } from './html-page.js';
import { runtimeLegend, versionChanges } from './version-changes.js';
import { appFindingsCss, appFindingsHtml, appFindingsMarkdown } from './app-findings.js';

const mark = { passed: '✓', failed: '✗', skipped: '–', interrupted: '⏹' } as const;
const icon = { passed: '✅', failed: '❌', skipped: '⏭', interrupted: '⏹' } as const;

const escapeMd = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

interface ComparisonTable {
  columns: [string, string];
  rows: { question: string; answers: [string, string] }[];
}

interface ChapterGroup {
  id: string;
  title: string;
  claim: string;
  truth: string | undefined;
  /** Side by side, where the chapter has a comparison: every answer from measured figures, "not measured yet"
   * otherwise. */
  comparison: ComparisonTable | undefined;
  rows: Row[];
  /** The stacks that have a cell in this chapter: its table's columns (the forward proxy runs its own specs only). */
  stacks: string[];
}

const notMeasured = 'not measured yet (run its specs)';

/** The chapters that have rows in this matrix, in the notes' order, then "More" for any spec not placed. */
function chapterGroups(matrix: Matrix): ChapterGroup[] {
  // A chapter names a figure by its spec file and the id the spec gave it (evidence.key's `id`), never by a title.
  const figure: FigureOf = (spec, id, stack) => {
    const cell = matrix.rows
      .filter((r) => r.spec === `${spec}.spec.ts`)
      .map((r) => r.cells[stack])
      .find((c) => c?.figure?.id === id);
    return cell?.verdict === 'passed' ? cellText(cell) : undefined;
  };
  const stacksOf = (rows: Row[]) => matrix.stacks.map((s) => s.name).filter((name) => rows.some((r) => r.cells[name]));
  const known = chapters.map((c) => {
    const rows = matrix.rows.filter((r) => r.chapter === c.id);
    const comparison: ComparisonTable | undefined = c.comparison && {
      columns: c.comparison.columns,
      rows: c.comparison.rows.map((r) => ({
        question: r.question,
        answers: [r.answers[0](figure) ?? notMeasured, r.answers[1](figure) ?? notMeasured],
      })),
    };
    return {
      id: c.id,
      title: c.title,
      claim: c.claim,
      truth: c.truth(figure),
      comparison,
      rows,
      stacks: stacksOf(rows),
    };
  });
  const more = matrix.rows.filter((r) => !chapters.some((c) => c.id === r.chapter));
  return [
    ...known,
    {
      id: 'more',
      title: 'More',
      claim: "Behaviours beyond the notes' chapters.",
      truth: undefined,
      comparison: undefined,
      rows: more,
      stacks: stacksOf(more),
    },
  ].filter((g) => g.rows.length > 0);
}

/**
 * Rows whose passed cells differ between stacks, each as one sentence built from the figures: stacks with the
 * same figure are named together ("6 on dev, dev-nothreads and gunicorn; 1 on nginx").
 */
export function findings(matrix: Matrix): string[] {
  const names = matrix.stacks.map((s) => s.name);
  return matrix.rows.flatMap((row) => {
    const groups: { cell: Cell; stacks: string[] }[] = [];
    for (const name of names) {
      const cell = row.cells[name];
      if (cell?.verdict !== 'passed') continue;
      const group = groups.find((g) => sameShown(g.cell, cell));
      if (group) group.stacks.push(name);
      else groups.push({ cell, stacks: [name] });
    }
    if (groups.length < 2) return [];
    const parts = groups.map((g) => `${cellText(g.cell)} on ${listed(g.stacks)}`);
    return [`${row.title}: ${parts.join('; ')}.`];
  });
}

/**
 * The cells the last run measured whose verdict or figure moved beyond its usual spread since the run before
 * (reports/changes.ts), first in the page: what the learner's edit changed. Undefined when no cell of the last
 * run has an earlier value to compare with.
 */
export function sinceLastRun(matrix: Matrix): string[] | undefined {
  const since = matrix.lastRun.startedAt ?? earliestOfLastRun(matrix);
  const measured = matrix.rows.flatMap((row) =>
    Object.entries(row.cells)
      .filter(([, c]) => c.measuredAt >= since)
      .map(([stack, cell]) => ({ row, stack, cell })),
  );
  if (!measured.some((m) => m.cell.previous)) return undefined;
  return measured.flatMap(({ row, stack, cell }) => {
    const was = movedFrom(cell);
    return was === undefined
      ? []
      : [
          `${stack} · ${row.title}: ${was} → ${cell.verdict === 'passed' ? cellText(cell) : `${cell.verdict}: ${cellText(cell)}`}`,
        ];
  });
}

function sinceLastRunText(matrix: Matrix): { heading: string; items: string[]; none: string | undefined } {
  const moved = sinceLastRun(matrix);
  if (moved === undefined)
    return {
      heading: 'Since the last run',
      items: [],
      none: 'No earlier run measured these cells: nothing to compare with yet.',
    };
  return {
    heading: 'Since the last run',
    items: moved,
    none: moved.length
      ? undefined
      : 'Nothing moved beyond its usual spread: every cell this run measured again shows what it showed before.',
  };
}

/** Cells that failed, on every runtime the matrix holds, as sentences: what the spec expected and what came. */
function failures(matrix: Matrix): string[] {
  return matrix.rows.flatMap((row) => {
    const runtimes = Object.entries(row.byRuntime ?? { '': row.cells });
    return runtimes.flatMap(([runtime, cells]) =>
      Object.entries(cells).flatMap(([stack, cell]) =>
        cell.verdict === 'failed'
          ? [`${row.title} — on ${stack}${runtimes.length > 1 && runtime ? ` (${runtime})` : ''}: ${cellText(cell)}`]
          : [],
      ),
    );
  });
}

/** `2026-11-26 13:32 UTC`: to the minute, which is how old a cell may look. */
const when = (iso: string) => `${iso.replace('T', ' ').slice(0, 16)} UTC`;

const listed = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

function summary(matrix: Matrix): string {
  const t = matrix.lastRun.totals;
  const app = matrix.app
    ? `Your app: HTTP_TEST_APP=${matrix.app}. The probe app's specs (sleep, crash and cache routes, the debugger's PIN…) do not apply to it and were not run: this matrix holds the porting check and your own specs. `
    : '';
  return `${app}Last run ${when(matrix.lastRun.at)} (${matrix.lastRun.stacks.join(', ')}): ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${t.interrupted ? `, ${t.interrupted} interrupted` : ''}`;
}

export function renderMarkdown(matrix: Matrix): string {
  // A user's app's matrix opens with its findings (reports/app-findings.ts); the probe app's has none.
  const lines = [
    '# http-test: what changes between the stacks',
    '',
    summary(matrix),
    '',
    ...appFindingsMarkdown(matrix),
  ];
  const failed = failures(matrix);
  if (failed.length) lines.push('## Failed', '', ...failed.map((f) => `- ❌ ${escapeMd(f)}`), '');
  const changes = sinceLastRunText(matrix);
  lines.push(
    `## ${changes.heading}`,
    '',
    ...(changes.none ? [changes.none] : changes.items.map((c) => `- ${escapeMd(c)}`)),
    '',
  );
  lines.push('## What differs between the stacks', '', ...findings(matrix).map((f) => `- ${escapeMd(f)}`), '');
  lines.push(
    '## What ran',
    '',
    ...matrix.stacks.map((s) => `- **${escapeMd(s.name)}**: ${escapeMd(columnVersions(s) ?? 'versions not recorded')}`),
    '',
  );
  const versions = versionsChapter(matrix);
  lines.push(
    `## ${versions.heading}`,
    '',
    ...versions.legend.map((l) => `- ${escapeMd(l)}`),
    ...(versions.legend.length ? [''] : []),
    ...(versions.none ? [versions.none] : versions.items.map((c) => `- ${escapeMd(c)}`)),
    '',
  );
  for (const group of chapterGroups(matrix)) {
    lines.push(`## ${group.title}`, '', `> ${escapeMd(group.claim)}`, '');
    if (group.truth) lines.push(`**Measured:** ${escapeMd(group.truth)}`, '');
    if (group.comparison) {
      lines.push(`| side by side | ${group.comparison.columns.map(escapeMd).join(' | ')} |`, '|---|---|---|');
      for (const row of group.comparison.rows)
        lines.push(`| **${escapeMd(row.question)}** | ${row.answers.map(escapeMd).join(' | ')} |`);
      lines.push('');
    }
    const names = group.stacks;
    lines.push(`| behaviour | ${names.join(' | ')} |`, `|---|${names.map(() => '---').join('|')}|`);
    for (const row of group.rows) {
      const cells = names.map((name) => {
        const cell = row.cells[name];
        const was =
          cell && cell.measuredAt >= (matrix.lastRun.startedAt ?? earliestOfLastRun(matrix))
            ? movedFrom(cell)
            : undefined;
        return cell
          ? `${icon[cell.verdict]} ${escapeMd(cellText(cell))}${was === undefined ? '' : ` (was: ${escapeMd(was)})`}`
          : '—';
      });
      lines.push(`| **${escapeMd(row.title)}**<br>${escapeMd(row.explanation)} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the matrix into `dir` as matrix.json, matrix.md and index.html (linking the load run's page where one
 * exists). */
export function writeMatrixFiles(dir: string, matrix: Matrix): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'matrix.json'), `${JSON.stringify(matrix, null, 2)}\n`);
  writeFileSync(path.join(dir, 'matrix.md'), renderMarkdown(matrix));
  const benchPage = path.join('reports', 'bench', 'index.html');
  writeFileSync(
    path.join(dir, 'index.html'),
    renderHtml(matrix, existsSync(benchPage) ? path.relative(dir, benchPage) : undefined),
  );
}

/** @param benchPage a relative link to the load run's page (npm run bench), where one exists */
export function renderHtml(matrix: Matrix, benchPage?: string): string {
  const names = matrix.stacks.map((s) => s.name);
  const runStarted = earliestOfLastRun(matrix);
  const sections = chapterGroups(matrix)
    .map((group) => {
      const names = group.stacks;
      const header = matrix.stacks
        .filter((s) => names.includes(s.name))
        .map(
          (s) =>
            `<th scope="col"><span class="stack">${escapeHtml(s.name)}</span><span class="sub">${escapeHtml(s.title)}</span>${columnVersions(s) ? `<span class="versions">${escapeHtml(columnVersions(s) ?? '')}</span>` : ''}</th>`,
        )
        .join('');
      const comparison = group.comparison
        ? `<table class="comparison"><thead><tr><th scope="col">side by side</th>${group.comparison.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${group.comparison.rows
            .map(
              (r) =>
                `<tr><th scope="row">${escapeHtml(r.question)}</th>${r.answers.map((a) => `<td${a === notMeasured ? ' class="skipped"' : ''}>${escapeHtml(a)}</td>`).join('')}</tr>`,
            )
            .join('')}</tbody></table>`
        : '';
      const body = group.rows
        .map((row) => {
          const first = names.map((n) => row.cells[n]).find((c) => c?.verdict === 'passed');
          const cells = names
            .map((name) => renderCell(name, row.cells[name], first, matrix.lastRun.startedAt ?? runStarted))
            .join('');
          const chart = numericChart(row, names);
          return `<tr><th scope="row"><div class="title">${escapeHtml(row.title)}</div><div class="why">${escapeHtml(row.explanation)}</div><div class="file">${escapeHtml(row.spec)}</div>${chart}</th>${cells}</tr>`;
        })
        .join('\n');
      return `<section id="${escapeHtml(group.id)}"><h2>${escapeHtml(group.title)}</h2><blockquote>${escapeHtml(group.claim)}</blockquote>${group.truth ? `<p class="truth"><b>Measured:</b> ${escapeHtml(group.truth)}</p>` : ''}${comparison}
<table><thead><tr><th scope="col">behaviour</th>${header}</tr></thead>
<tbody>
${body}
</tbody></table></section>`;
    })
    .join('\n');
  const spread = spreadCharts(matrix, names);
  const failed = failures(matrix);
  const changes = sinceLastRunText(matrix);
  const versions = versionsChapter(matrix);
  return `${pageStart(
    'http-test: comparison matrix',
    `  .meta { color: #5b6475; margin-bottom: 16px; }
  th .versions { display: block; font-weight: 400; font-size: 11px; opacity: .7; margin-top: 4px; overflow-wrap: anywhere; }
  .findings, .failures { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 8px 16px 8px 28px; }
  .failures { border-color: #f1b4ae; background: #fff6f5; }
  .findings li, .failures li { margin: 4px 0; }
  blockquote { margin: 4px 0 6px; padding: 4px 12px; border-left: 3px solid #9aa6c2; color: #3d4658; font-style: italic; }
  .truth { margin: 4px 0 10px; }
  table.comparison { margin-bottom: 12px; } table.comparison td { font-size: 14px; }
  table { table-layout: fixed; border-collapse: separate; border-spacing: 0; width: 100%; background: #fff; border: 1px solid #dde1e8; border-radius: 8px; overflow: hidden; }
  th, td { padding: 9px 11px; vertical-align: top; border-bottom: 1px solid #eceef2; text-align: left; }
  thead th { background: #283044; color: #fff; }
  thead th:first-child, tbody th { width: 32%; }
  .stack { display: block; font-size: 15px; }
  .sub { display: block; font-weight: 400; font-size: 12px; opacity: .8; overflow-wrap: anywhere; }
  tbody th { font-weight: 400; }
  .title { font-weight: 600; }
  .why { color: #4a5263; margin-top: 2px; }
  .file { color: #8a92a3; font-size: 12px; margin-top: 2px; }
  .value { font-size: 16px; font-weight: 600; word-break: break-word; }
  .mark { font-size: 12px; font-weight: 700; margin-left: 6px; }
  td.passed .mark { color: #1b7f3b; } td.failed .mark { color: #b42318; } td.skipped .mark, td.interrupted .mark { color: #6b7280; }
  td.failed { background: #fdeeee; } td.interrupted { background: #fff7e6; }
  td.skipped .value { font-size: 13px; font-weight: 400; color: #5b6475; }
  td.differs { background: #fff4d6; box-shadow: inset 3px 0 0 #e0a400; }
  td.older { opacity: .6; } .when { font-size: 11px; color: #6b7280; }
  td.moved { box-shadow: inset 0 -3px 0 #4c6fff; } .was { font-size: 12px; color: #3f51b5; }
  ul.changes { background: #eef1ff; border: 1px solid #c7d0ff; border-radius: 8px; padding: 10px 28px; }
  details { font-size: 12px; color: #4a5263; } summary { cursor: pointer; }
  details li { margin: 1px 0; }
  svg text { font: 11px system-ui, sans-serif; fill: #1d2330; }
  h2 { font-size: 18px; margin: 30px 0 4px; }
  .charts { display: flex; flex-wrap: wrap; gap: 16px; }
  .chart { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 10px 12px; max-width: 100%; overflow: hidden; }
  svg { max-width: 100%; height: auto; }
  .legend span { display: inline-block; margin-right: 14px; }
  .legend .sw { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin-right: 4px; border-radius: 2px; }
  /* A phone: each behaviour becomes a card, each stack a line of it, so nothing scrolls sideways. */
  @media (max-width: 760px) {
    body { margin: 12px; }
    table, thead, tbody, tr, th, td { display: block; width: auto !important; }
    thead { display: none; }
    tbody tr { border-bottom: 2px solid #dde1e8; }
    td::before { content: attr(data-stack); display: block; font-size: 12px; font-weight: 700; color: #283044; }
  }
  @media print {
    body { background: #fff; margin: 0; }
    details { display: none; }
    tr, section h2, blockquote { break-inside: avoid; }
    td.differs, td.failed { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  }
${matrix.app ? appFindingsCss : ''}`,
  )}
<h1>http-test: what changes between the stacks</h1>
<div class="meta">${escapeHtml(summary(matrix))}. Cells measured by earlier runs stay, faded and dated, until a run measures them again (<code>npm run matrix:reset</code> starts afresh).${benchPage ? ` Under load: <a href="${escapeHtml(benchPage)}">requests per second, latency and cost per stack</a> (<code>npm run bench</code>).` : ''}</div>
${matrix.app ? `${appFindingsHtml(matrix)}\n` : ''}${failed.length ? `<h2>Failed</h2><ul class="failures">${failed.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` : ''}
<h2>${escapeHtml(changes.heading)}</h2>${changes.none ? `<p class="changes-none">${escapeHtml(changes.none)}</p>` : `<ul class="changes">${changes.items.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>`}
<h2>What differs between the stacks</h2>
<ul class="findings">${findings(matrix)
    .map((f) => `<li>${escapeHtml(f)}</li>`)
    .join('')}</ul>
<h2 id="versions">${escapeHtml(versions.heading)}</h2>${versions.legend.length ? `<ul class="legend-runtimes">${versions.legend.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : ''}${versions.none ? `<p class="changes-none">${escapeHtml(versions.none)}</p>` : `<ul class="findings">${versions.items.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>`}
<p class="legend"><span><span class="sw" style="background:#fff4d6;box-shadow:inset 3px 0 0 #e0a400"></span>differs from the first stack</span><span>✓ passed</span><span>✗ failed</span><span>– skipped (the reason is the text)</span></p>
${sections}
${spread ? `<h2>Requests per worker process</h2><div class="charts">${spread}</div>` : ''}
</body></html>
`;
}

/** What a column ran, on the runtime of its newest cells: "trixie: Python 3.13.5, Flask 3.1.1, …". */
function columnVersions(stack: Matrix['stacks'][number]): string | undefined {
  const runtime = stack.runtime;
  const versions = runtime ? stack.versions?.[runtime] : undefined;
  return runtime && versions ? `${runtime}: ${versions}` : undefined;
}

/** "What changed between versions": the legend of the runtimes, and one sentence per behaviour that differs. */
function versionsChapter(matrix: Matrix): { heading: string; legend: string[]; items: string[]; none?: string } {
  const heading = 'What changed between versions';
  const legend = runtimeLegend(matrix).map((r) => `${r.runtime}: ${r.versions}`);
  if (legend.length < 2)
    return {
      heading,
      legend,
      items: [],
      none: 'One runtime so far: run the suite on the other too (HTTP_TEST_RUNTIME=bookworm or trixie), or join runs of both with npm run merge, to see what differs between versions.',
    };
  const items = versionChanges(matrix).map((c) => c.sentence);
  return {
    heading,
    legend,
    items,
    ...(items.length ? {} : { none: 'Every behaviour measured on both runtimes came out the same.' }),
  };
}

/** When the last run's first cell was measured: cells older than that come from earlier runs. */
function earliestOfLastRun(matrix: Matrix): string {
  const ofLastRun = matrix.rows.flatMap((r) =>
    matrix.lastRun.stacks.flatMap((s) => (r.cells[s] ? [r.cells[s].measuredAt] : [])),
  );
  return ofLastRun.sort()[0] ?? matrix.lastRun.at;
}

function renderCell(stack: string, cell: Cell | undefined, first: Cell | undefined, runStarted: string): string {
  if (!cell)
    return `<td class="skipped" data-stack="${escapeHtml(stack)}"><div class="value">not measured yet</div></td>`;
  const text = cellText(cell);
  const classes: string[] = [cell.verdict];
  if (cell.verdict === 'passed' && first && !sameShown(first, cell)) classes.push('differs');
  const older = cell.measuredAt < runStarted;
  if (older) classes.push('older');
  const details = cell.evidence.length
    ? `<details><summary>evidence</summary><ul>${cell.evidence
        .map((item) => `<li>${escapeHtml(item.name)}: <b>${escapeHtml(formatItem(item))}</b></li>`)
        .join('')}</ul></details>`
    : '';
  const measured = older ? `<div class="when">measured ${escapeHtml(when(cell.measuredAt))}</div>` : '';
  const was = older ? undefined : movedFrom(cell);
  if (was !== undefined) classes.push('moved');
  const previous = was === undefined ? '' : `<div class="was">was: ${escapeHtml(was)}</div>`;
  return `<td class="${classes.join(' ')}" data-stack="${escapeHtml(stack)}"><span class="value">${escapeHtml(text)}</span><span class="mark" title="${cell.verdict}">${mark[cell.verdict]}</span>${previous}${measured}${details}</td>`;
}

/** Horizontal bars of the key figure per stack, where it is a measured quantity (it has a unit) on two stacks or more.
 * */
function numericChart(row: Row, names: string[]): string {
  const bars = names.flatMap((name) => {
    const figure = row.cells[name]?.figure;
    return figure && typeof figure.value === 'number' && figure.unit
      ? [{ label: name, value: figure.value, text: formatItem(figure) }]
      : [];
  });
  if (bars.length < 2) return '';
  return barChart(bars, 340);
}

/** For specs that count requests per process: one chart per stack. */
function spreadCharts(matrix: Matrix, names: string[]): string {
  const row = matrix.rows.find((r) =>
    Object.values(r.cells).some((c) => c.evidence.some((e) => e.name === 'requests per process')),
  );
  if (!row) return '';
  return names
    .map((name) => {
      const item = row.cells[name]?.evidence.find((e) => e.name === 'requests per process');
      if (!item || typeof item.value !== 'object' || item.value === null || Array.isArray(item.value)) return '';
      const bars = Object.entries(item.value as Record<string, number | string>).map(([label, value]) => ({
        label,
        value: Number(value),
        text: String(value),
      }));
      return `<div class="chart"><div><b>${escapeHtml(name)}</b> · ${escapeHtml(row.title)}</div>${barChart(bars, 260)}</div>`;
    })
    .join('');
}

function barChart(bars: { label: string; value: number; text: string }[], width: number): string {
  const labelWidth = 90;
  const rowHeight = 18;
  const max = Math.max(...bars.map((b) => b.value), 1e-9);
  const plot = width - labelWidth - 100;
  const rows = bars
    .map((bar, i) => {
      const y = i * rowHeight;
      const w = Math.max(1, (bar.value / max) * plot);
      return `<text x="0" y="${y + 13}">${escapeHtml(bar.label.slice(0, 18))}</text><rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="12" rx="2" fill="#4c6fff"/><text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + 13}">${escapeHtml(bar.text)}</text>`;
    })
    .join('');
  return `<svg role="img" width="${width}" height="${bars.length * rowHeight + 4}" viewBox="0 0 ${width} ${bars.length * rowHeight + 4}">${rows}</svg>`;
}
