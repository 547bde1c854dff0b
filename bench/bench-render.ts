/**
 * The load run as a learner reads it: charts first (requests per second and p99 latency against concurrency,
 * one line per stack, each point's min–max as a whisker), then the figures, what each stack costs, how far
 * the generator can be trusted, and whether the stacks ranked as in the previous run. One self-contained
 * page in the comparison matrix's style (no scripts, no external assets), and the same as Markdown.
 */
import { connectionLevels, endpoints, mostConnections } from './plan.js';
import { compareOrdering, findPoint, type BenchFile, type Spread, type StackBench } from './results.js';
import { escapeHtml, pageStart } from '../reports/html-page.js';

const colours = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477'];

const number = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n >= 10 ? n.toFixed(1) : n.toFixed(2));
/** autocannon times in whole milliseconds: 0 is under one. */
const ms = (n: number) => (n < 1 ? '<1' : number(n));
const range = (s: Spread) =>
  s.min === s.max ? number(s.median) : `${number(s.median)} (${number(s.min)}–${number(s.max)})`;
const memory = (stack: StackBench, which: 'idle' | 'underLoad') =>
  stack.cost[which].reduce((t, c) => t + c.memoryMiB, 0);
const cpu = (stack: StackBench) => stack.cost.underLoad.reduce((t, c) => t + c.cpuPercent, 0);

/** The verdict on the stacks' order at the most connections for every endpoint, against the previous run. */
export function orderingLines(file: BenchFile, previous: BenchFile | undefined): string[] {
  if (!previous || previous.stacks.length < 2)
    return ['No previous run with two or more stacks to compare the ordering with.'];
  return endpoints.map((endpoint) => {
    const verdict = compareOrdering(file, previous, endpoint.id, mostConnections);
    const where = `${endpoint.title}, ${mostConnections} connections`;
    if (verdict.same) return `${where}: same ordering of the stacks as the previous run.`;
    const pairs = verdict.swapped.map(([a, b]) => `${a}/${b}`).join(', ');
    return verdict.withinSpread
      ? `${where}: ${pairs} swapped places, within the spread (their rates over the runs of both overlap).`
      : `${where}: ${pairs} swapped places beyond the spread: a finding, not noise.`;
  });
}

/** Below this share of wrk's rate on the same point, autocannon (not the server) set the figure. */
export const yardstickTarget = 0.8;

/**
 * Points whose figure is the generator's limit rather than the server's: where autocannon used nearly a whole
 * core, and, on a stack where it reached less than `yardstickTarget` of wrk's rate, every point within 80 % of
 * the rate it reached there (the server could have answered more).
 */
export function generatorBound(file: BenchFile): string[] {
  return file.stacks.flatMap((s) => {
    const ceiling =
      s.yardstick && s.yardstick.ratio < yardstickTarget ? s.yardstick.autocannon * 0.8 : Number.POSITIVE_INFINITY;
    return s.points
      .filter((p) => p.generatorCores >= 0.9 || p.rps.median >= ceiling)
      .map((p) => `${s.stack} ${p.endpoint} ×${p.connections}`);
  });
}

function chart(
  file: BenchFile,
  endpointId: (typeof endpoints)[number]['id'],
  metric: 'rps' | 'p99',
  title: string,
  unit: string,
): string {
  const width = 420;
  const height = 220;
  const pad = { left: 56, right: 12, top: 26, bottom: 34 };
  const series = file.stacks.map((stack, i) => ({
    stack: stack.stack,
    colour: colours[i % colours.length] ?? '#333',
    values: connectionLevels.map((c) => findPoint(stack, endpointId, c)?.[metric]),
  }));
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v?.max ?? 0)));
  const x = (i: number) => pad.left + (i * (width - pad.left - pad.right)) / (connectionLevels.length - 1);
  const y = (v: number) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const grid = [0, 0.5, 1]
    .map(
      (f) =>
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(max * f)}" y2="${y(max * f)}" class="grid"/><text x="${pad.left - 6}" y="${y(max * f) + 4}" text-anchor="end">${number(max * f)}</text>`,
    )
    .join('');
  const axis = connectionLevels
    .map((c, i) => `<text x="${x(i)}" y="${height - pad.bottom + 16}" text-anchor="middle">${c}</text>`)
    .join('');
  const lines = series
    .map((s) => {
      const pts = s.values.map((v, i) => (v ? `${x(i)},${y(v.median)}` : '')).filter(Boolean);
      const whiskers = s.values
        .map((v, i) =>
          v
            ? `<line x1="${x(i)}" x2="${x(i)}" y1="${y(v.min)}" y2="${y(v.max)}" stroke="${s.colour}" stroke-width="3" opacity="0.35"/>`
            : '',
        )
        .join('');
      return `<polyline points="${pts.join(' ')}" fill="none" stroke="${s.colour}" stroke-width="2"/>${whiskers}${s.values.map((v, i) => (v ? `<circle cx="${x(i)}" cy="${y(v.median)}" r="3" fill="${s.colour}"><title>${escapeHtml(s.stack)}: ${range(v)} ${unit}</title></circle>` : '')).join('')}`;
    })
    .join('');
  return `<figure><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}"><text x="${pad.left}" y="16" class="ct">${escapeHtml(title)}</text>${grid}${axis}<text x="${(width + pad.left) / 2}" y="${height - 4}" text-anchor="middle">connections</text>${lines}</svg></figure>`;
}

function legend(file: BenchFile): string {
  return `<p class="legend">${file.stacks.map((s, i) => `<span><i style="background:${colours[i % colours.length]}"></i>${escapeHtml(s.stack)}</span>`).join(' ')}</p>`;
}

function figuresTable(file: BenchFile, endpointId: (typeof endpoints)[number]['id']): string {
  const rows = file.stacks
    .map((s) => {
      const cells = connectionLevels.map((c) => {
        const p = findPoint(s, endpointId, c);
        return p
          ? `<td>${range(p.rps)}<div class="sub">p50/p90/p99 ${p.latencyIsFloor ? '≥ ' : ''}${ms(p.p50.median)}/${ms(p.p90.median)}/${ms(p.p99.median)} ms · generator ${p.generatorCores.toFixed(2)} core${p.errors + p.timeouts + p.non2xx ? ` · errors ${p.errors}, timeouts ${p.timeouts}, non-2xx ${p.non2xx}` : ''}</div></td>`
          : '<td>–</td>';
      });
      return `<tr><th scope="row">${escapeHtml(s.stack)}</th>${cells.join('')}</tr>`;
    })
    .join('');
  return `<table><thead><tr><th>stack</th>${connectionLevels.map((c) => `<th>${c} connection${c === 1 ? '' : 's'}: requests/s</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderHtml(file: BenchFile, previous: BenchFile | undefined): string {
  const sections = endpoints
    .map(
      (e) =>
        `<section><h2>${escapeHtml(e.title)}</h2>${legend(file)}<div class="charts">${chart(file, e.id, 'rps', 'requests per second (median; whisker: min–max)', 'requests/s')}${chart(file, e.id, 'p99', 'p99 latency, ms', 'ms')}</div>${figuresTable(file, e.id)}</section>`,
    )
    .join('\n');
  const cost = file.stacks
    .map(
      (s) =>
        `<tr><th scope="row">${escapeHtml(s.stack)}</th><td>${number(memory(s, 'idle'))} MiB</td><td>${number(memory(s, 'underLoad'))} MiB</td><td>${number(cpu(s))} %</td><td>${s.cost.underLoad.map((c) => `${escapeHtml(c.service)} ${number(c.memoryMiB)} MiB, ${number(c.cpuPercent)} %`).join('<br>')}</td></tr>`,
    )
    .join('');
  const yard = file.stacks
    .map(
      (s) =>
        `<tr><th scope="row">${escapeHtml(s.stack)}</th><td>${s.yardstick ? `${s.yardstick.endpoint} ×${s.yardstick.connections}: autocannon ${number(s.yardstick.autocannon)}, wrk ${number(s.yardstick.wrk)} requests/s → ${s.yardstick.ratio.toFixed(2)}` : 'wrk not installed'}</td><td>${s.cacheable.reachedApp} of ${s.cacheable.sent}</td><td>${
          Object.entries(s.workersBooted)
            .map(([r, n]) => `${escapeHtml(r)} ${n}`)
            .join(', ') || '–'
        }</td></tr>`,
    )
    .join('');
  const bound = generatorBound(file);
  return `${pageStart(
    'http-test: under load',
    `  h2 { font-size: 17px; margin: 22px 0 6px; }
  .meta { color: #5b6475; margin-bottom: 12px; }
  .box { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 8px 16px 8px 28px; }
  .charts { display: flex; flex-wrap: wrap; gap: 12px; } figure { margin: 0; background: #fff; border: 1px solid #dde1e8; border-radius: 8px; flex: 1 1 380px; max-width: 520px; }
  svg { width: 100%; height: auto; font-size: 11px; fill: #3d4658; } .grid { stroke: #eceef2; } .ct { font-weight: 600; }
  .legend span { margin-right: 14px; } .legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
  table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #dde1e8; margin-top: 8px; }
  th, td { padding: 7px 10px; border-bottom: 1px solid #eceef2; text-align: left; vertical-align: top; } thead th { background: #283044; color: #fff; }
  .sub { color: #5b6475; font-size: 12px; }
  @media print { body { background: #fff; margin: 0; } figure, table { break-inside: avoid; } }
  @media (max-width: 640px) { body { margin: 10px; } th, td { padding: 5px; font-size: 12px; } }
`,
  )}
<h1>http-test: under load</h1>
<div class="meta">${escapeHtml(file.machine)} · ${escapeHtml(file.generatedAt)} · each point ${file.stacks[0]?.points[0]?.runs.length ?? 0} runs (median, min–max) · <a href="../matrix/index.html">comparison matrix</a></div>
<div class="box"><ul>
${orderingLines(file, previous)
  .map((l) => `<li>${escapeHtml(l)}</li>`)
  .join('\n')}
<li>Latencies marked ≥ are a floor: the slowest answers took about a run's length, and a request still queued when a run ends is never timed.</li>
<li>${bound.length ? `Generator-bound (autocannon used ≥ 0.9 of a core, or reached less than ${yardstickTarget} of wrk's rate on that stack and this point is near what it reached: the server may do more): ${escapeHtml(bound.join(', '))}.` : `No point was generator-bound (autocannon used less than 0.9 of a core on every one, and reached at least ${yardstickTarget} of wrk's rate on every stack's fastest point).`}</li>
</ul></div>
${sections}
<section><h2>What each stack costs</h2><table><thead><tr><th>stack</th><th>memory at idle</th><th>memory under load</th><th>CPU under load</th><th>per container, under load</th></tr></thead><tbody>${cost}</tbody></table>
<p class="sub">docker stats (the containers' cgroups); under load: ${escapeHtml(file.stacks[0]?.cost.load ?? '')}. CPU in percent of one core.</p></section>
<section><h2>How far the figures can be trusted</h2><table><thead><tr><th>stack</th><th>autocannon / wrk on the fastest point</th><th>cacheable requests that reached the app</th><th>Gunicorn workers booted during the load</th></tr></thead><tbody>${yard}</tbody></table></section>
</body></html>
`;
}

export function renderMarkdown(file: BenchFile, previous: BenchFile | undefined): string {
  const lines = [
    `# http-test: under load`,
    '',
    `${file.machine}, ${file.generatedAt}. Requests per second: median of the runs (min–max); p99 in ms.`,
    '',
  ];
  for (const line of orderingLines(file, previous)) lines.push(`- ${line}`);
  const bound = generatorBound(file);
  lines.push(`- ${bound.length ? `Generator-bound: ${bound.join(', ')}.` : 'No point was generator-bound.'}`);
  lines.push('- Latencies marked ≥ are a floor: a request still queued when a run ends is never timed.', '');
  for (const e of endpoints) {
    lines.push(
      `## ${e.title}`,
      '',
      `| stack | ${connectionLevels.map((c) => `${c} conn. req/s`).join(' | ')} | p99 at ${mostConnections} | errors+timeouts |`,
      `|---|${connectionLevels.map(() => '---').join('|')}|---|---|`,
    );
    for (const s of file.stacks) {
      const points = connectionLevels.map((c) => findPoint(s, e.id, c));
      const last = points[points.length - 1];
      lines.push(
        `| ${s.stack} | ${points.map((p) => (p ? range(p.rps) : '–')).join(' | ')} | ${last ? `${last.latencyIsFloor ? '≥ ' : ''}${ms(last.p99.median)}` : '–'} | ${points.reduce((t, p) => t + (p ? p.errors + p.timeouts : 0), 0)} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    '## Cost and yardstick',
    '',
    '| stack | memory idle | memory under load | CPU under load | autocannon / wrk | cacheable reaching the app |',
    '|---|---|---|---|---|---|',
  );
  for (const s of file.stacks)
    lines.push(
      `| ${s.stack} | ${number(memory(s, 'idle'))} MiB | ${number(memory(s, 'underLoad'))} MiB | ${number(cpu(s))} % | ${s.yardstick ? s.yardstick.ratio.toFixed(2) : 'no wrk'} | ${s.cacheable.reachedApp} of ${s.cacheable.sent} |`,
    );
  return `${lines.join('\n')}\n`;
}
