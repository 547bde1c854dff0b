/**
 * Renders the comparison matrix as Markdown and as one self-contained HTML page with inline SVG charts
 * (no scripts, no external assets).
 */
import type { Cell, Matrix, Row } from './matrix-reporter.js';

const icon = { passed: '✅', failed: '❌', skipped: '⏭', interrupted: '⏹' } as const;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
const escapeMd = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(matrix: Matrix): string {
  const names = matrix.stacks.map((s) => s.name);
  const lines = [
    '# http-test: what changes between the stacks',
    '',
    `${matrix.totals.passed} passed, ${matrix.totals.failed} failed, ${matrix.totals.skipped} skipped${matrix.totals.interrupted ? `, ${matrix.totals.interrupted} interrupted` : ''} — ${matrix.generatedAt}`,
    '',
    `| behaviour | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
  ];
  for (const row of matrix.rows) {
    const cells = names.map((name) => {
      const cell = row.cells[name];
      return cell ? `${icon[cell.verdict]} ${escapeMd(cell.headline)}` : '—';
    });
    lines.push(`| **${escapeMd(row.title)}**<br>${escapeMd(row.explanation)} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderHtml(matrix: Matrix): string {
  const names = matrix.stacks.map((s) => s.name);
  const header = matrix.stacks
    .map((s) => `<th scope="col"><span class="stack">${escapeHtml(s.name)}</span><span class="sub">${escapeHtml(s.title)}</span></th>`)
    .join('');
  const body = matrix.rows
    .map((row) => {
      const cells = names.map((name) => renderCell(row.cells[name])).join('');
      const chart = numericChart(row, names);
      return `<tr><th scope="row"><div class="title">${escapeHtml(row.title)}</div><div class="why">${escapeHtml(row.explanation)}</div><div class="file">${escapeHtml(row.spec)}</div>${chart}</th>${cells}</tr>`;
    })
    .join('\n');
  const spread = spreadCharts(matrix, names);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>http-test: comparison matrix</title>
<style>
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1d2330; background: #f6f7f9; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  .meta { color: #5b6475; margin-bottom: 16px; }
  .totals span { display: inline-block; margin-right: 12px; font-weight: 600; }
  .totals .ok { color: #1b7f3b; } .totals .bad { color: #b42318; }
  thead th:first-child { width: 32%; }
  table { table-layout: fixed; border-collapse: separate; border-spacing: 0; width: 100%; background: #fff; border: 1px solid #dde1e8; border-radius: 8px; overflow: hidden; }
  th, td { padding: 10px 12px; vertical-align: top; border-bottom: 1px solid #eceef2; text-align: left; }
  thead th { background: #283044; color: #fff; position: sticky; top: 0; }
  .stack { display: block; font-size: 15px; }
  .sub { display: block; font-weight: 400; font-size: 12px; opacity: .8; }
  tbody th { width: 34%; font-weight: 400; }
  .title { font-weight: 600; }
  .why { color: #4a5263; margin-top: 2px; }
  .file { color: #8a92a3; font-size: 12px; margin-top: 2px; }
  td.passed { background: #eefaf1; } td.failed { background: #fdeeee; } td.skipped { background: #f2f3f5; color: #5b6475; } td.interrupted { background: #fff7e6; }
  .verdict { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; font-weight: 700; }
  td.passed .verdict { color: #1b7f3b; } td.failed .verdict { color: #b42318; } td.skipped .verdict { color: #6b7280; }
  .headline { font-size: 15px; margin: 2px 0 4px; word-break: break-word; }
  td.skipped .headline { font-size: 13px; }
  details { font-size: 12px; color: #4a5263; } summary { cursor: pointer; }
  details li { margin: 1px 0; }
  svg text { font: 11px system-ui, sans-serif; fill: #1d2330; }
  h2 { font-size: 17px; margin: 28px 0 8px; }
  .charts { display: flex; flex-wrap: wrap; gap: 16px; }
  .chart { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 10px 12px; }
</style></head>
<body>
<h1>http-test: what changes between the stacks</h1>
<div class="meta">Generated ${escapeHtml(matrix.generatedAt)} · <span class="totals"><span class="ok">${matrix.totals.passed} passed</span><span class="bad">${matrix.totals.failed} failed</span><span>${matrix.totals.skipped} skipped</span>${matrix.totals.interrupted ? `<span>${matrix.totals.interrupted} interrupted</span>` : ''}</span></div>
<table><thead><tr><th scope="col">behaviour</th>${header}</tr></thead>
<tbody>
${body}
</tbody></table>
${spread ? `<h2>Requests per worker process</h2><div class="charts">${spread}</div>` : ''}
</body></html>
`;
}

function renderCell(cell: Cell | undefined): string {
  if (!cell) return '<td class="skipped"><div class="verdict">not run</div><div class="headline">stack not in this run</div></td>';
  const details = cell.evidence.length
    ? `<details><summary>evidence</summary><ul>${cell.evidence
        .map((item) => `<li>${escapeHtml(item.name)}: <b>${escapeHtml(formatPlain(item.value))}${item.unit ? ` ${escapeHtml(item.unit)}` : ''}</b></li>`)
        .join('')}</ul></details>`
    : '';
  return `<td class="${cell.verdict}"><div class="verdict">${cell.verdict}</div><div class="headline">${escapeHtml(cell.headline)}</div>${details}</td>`;
}

function formatPlain(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (Array.isArray(value)) return value.join(', ');
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${String(v)}`).join(', ');
  return String(value);
}

/** Horizontal bars of the key figure per stack, where it is a measured quantity (it has a unit) on two stacks or more. */
function numericChart(row: Row, names: string[]): string {
  const bars = names.flatMap((name) => {
    const cell = row.cells[name];
    const unit = cell?.evidence.find((e) => e.key)?.unit;
    return cell && cell.keyValue !== null && unit ? [{ name, value: cell.keyValue, unit }] : [];
  });
  if (bars.length < 2) return '';
  return barChart(bars.map((b) => ({ label: b.name, value: b.value, text: `${formatPlain(b.value)}${b.unit ? ` ${b.unit}` : ''}` })), 340);
}

/** For specs that count requests per process: one chart per stack. */
function spreadCharts(matrix: Matrix, names: string[]): string {
  const row = matrix.rows.find((r) => Object.values(r.cells).some((c) => c.evidence.some((e) => e.name === 'requests per process')));
  if (!row) return '';
  return names
    .map((name) => {
      const item = row.cells[name]?.evidence.find((e) => e.name === 'requests per process');
      if (!item || typeof item.value !== 'object' || item.value === null || Array.isArray(item.value)) return '';
      const bars = Object.entries(item.value as Record<string, number | string>).map(([label, value]) => ({ label, value: Number(value), text: String(value) }));
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
