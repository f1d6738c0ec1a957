// One renderer per report format. The HTML page is self-contained: inline CSS and inline SVG
// charts, no script, no font, no image and no URL, so it opens offline and prints as it shows.

import type { PortEntry } from '../result.js';
import { csvField } from '../render/csv.js';
import { renderDiff } from '../render/index.js';
import type { ChangeCounts, ClusterReport, HistoryPoint, MetricTrend } from './report.js';

export type ReportFormat = 'json' | 'csv' | 'md' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'csv', 'md', 'html'];

export function renderReport(report: ClusterReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return reportCsv(report);
    case 'md':
      return reportMarkdown(report);
    case 'html':
      return reportHtml(report);
  }
}

const COUNT_COLUMNS: [keyof ChangeCounts, string][] = [
  ['connectionsAdded', 'connections added'],
  ['connectionsRemoved', 'connections removed'],
  ['connectionsChanged', 'connections changed'],
  ['policiesAdded', 'policies added'],
  ['policiesRemoved', 'policies removed'],
  ['policiesModified', 'policies modified'],
];

function num(v: number | null): string {
  if (v === null) return '';
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
}

function signed(v: number | null): string {
  return v === null ? '' : v > 0 ? `+${num(v)}` : num(v);
}

function portsText(ports: readonly PortEntry[]): string {
  return ports.map((p) => ('name' in p ? `${p.protocol} ${p.name}` : p.from === p.to ? `${p.protocol} ${p.from}` : `${p.protocol} ${p.from}-${p.to}`)).join(', ');
}

function rangeText(r: ClusterReport): string {
  return `${r.range.from ?? 'the first snapshot'} to ${r.range.to ?? 'the last snapshot'}`;
}

/** The metrics, one row per snapshot and metric (long form: spreadsheets and `GROUP BY` take it as is). */
function reportCsv(r: ClusterReport): string {
  const rows: string[][] = [['snapshot_id', 'snapshot', 'captured_at', 'metric', 'value']];
  for (const p of r.series) {
    for (const m of r.metrics) {
      const v = p.metrics[m.name];
      if (v !== undefined) rows.push([p.snapshotId, p.name, p.capturedAt, m.name, num(v)]);
    }
  }
  return rows.map((row) => `${row.map(csvField).join(',')}\n`).join('');
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function mdTable(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
}

const TREND_MARK: Record<MetricTrend['trend'], string> = { up: '↑', down: '↓', flat: '=' };

function reportMarkdown(r: ClusterReport): string {
  const lines = [`# Cluster ${r.cluster}: report`, '', `${r.snapshots} snapshot(s) from ${rangeText(r)}.`, ''];
  if (r.first && r.last) lines.push(`First: ${r.first.name} (${r.first.capturedAt}). Last: ${r.last.name} (${r.last.capturedAt}).`, '');
  lines.push('## Changes', '', COUNT_COLUMNS.map(([k, label]) => `${r.totals[k]} ${label}`).join(', ') + ' over the consecutive snapshots.', '');
  lines.push('## Metrics', '', ...mdTable(['metric', 'start', 'end', 'change', 'trend'], r.metrics.map((m) => [`\`${m.name}\``, num(m.start), num(m.end), signed(m.change), TREND_MARK[m.trend]])), '');
  if (r.findings) {
    lines.push('## Findings opened and resolved', '');
    const rows = [...r.findings.opened.map((f) => ['opened', f.severity, f.code, f.message]), ...r.findings.resolved.map((f) => ['resolved', f.severity, f.code, f.message])];
    lines.push(...(rows.length === 0 ? ['None.'] : mdTable(['', 'severity', 'code', 'finding'], rows)), '');
  }
  lines.push('## New exposures', '');
  if (r.newExposures.length === 0) lines.push('None.', '');
  else lines.push(...mdTable(['workload', 'from', 'ports', 'caused by'], r.newExposures.map((e) => [e.text, e.internet ? 'internet' : 'outside (private blocks or ingress)', portsText(e.ports), e.causes.join('; ')])), '');
  lines.push('## Chain of changes', '');
  if (r.steps.length === 0) lines.push('No consecutive snapshots.', '');
  else lines.push(...mdTable(['captured at', 'from', 'to', ...COUNT_COLUMNS.map(([, l]) => l)], r.steps.map((s) => [s.capturedAt, s.from, s.to, ...COUNT_COLUMNS.map(([k]) => String(s.counts[k]))])), '');
  if (r.diff) lines.push('## Diff between the first and the last snapshot', '', renderDiff(r.diff, 'md').trimEnd(), '');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- HTML

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CHART = { width: 320, height: 120, pad: 24 };

/** A line chart of one metric: one `<circle class="point">` per snapshot that has a value. */
export function metricChart(name: string, series: readonly HistoryPoint[]): string {
  const points = series.map((p, i) => ({ i, v: p.metrics[name], label: `${p.name} ${p.capturedAt}` })).filter((p): p is { i: number; v: number; label: string } => p.v !== undefined);
  const { width, height, pad } = CHART;
  const values = points.map((p) => p.v);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 0;
  const x = (i: number) => pad + (series.length > 1 ? (i * (width - 2 * pad)) / (series.length - 1) : (width - 2 * pad) / 2);
  const y = (v: number) => height - pad - (hi === lo ? (height - 2 * pad) / 2 : ((v - lo) * (height - 2 * pad)) / (hi - lo));
  const xy = points.map((p) => `${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`);
  return [
    `<svg class="chart" role="img" aria-label="${esc(name)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" data-metric="${esc(name)}">`,
    `<line class="axis" x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}"/>`,
    `<text x="2" y="${pad - 8}">${esc(num(hi))}</text><text x="2" y="${height - 6}">${esc(num(lo))}</text>`,
    points.length > 1 ? `<polyline points="${xy.join(' ')}"/>` : '',
    ...points.map((p, k) => `<circle class="point" cx="${xy[k]!.split(',')[0]}" cy="${xy[k]!.split(',')[1]}" r="3"><title>${esc(`${p.label}: ${num(p.v)}`)}</title></circle>`),
    '</svg>',
  ].join('');
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#111;max-width:72em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:1em}.chart-box{break-inside:avoid;page-break-inside:avoid}
.chart polyline{fill:none;stroke:#1f5fa8;stroke-width:1.5}.chart circle{fill:#1f5fa8}.chart .axis{stroke:#999}.chart text{font-size:10px;fill:#555}
.up{color:#a11}.down{color:#161}.internet{font-weight:bold;color:#a11}
@media print{body{margin:0;max-width:none}h2{break-after:avoid;page-break-after:avoid}tr{break-inside:avoid;page-break-inside:avoid}}
`;

function htmlTable(head: string[], rows: string[][], numeric: boolean[] = []): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function reportHtml(r: ClusterReport): string {
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(`Cluster ${r.cluster}: report`)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${esc(`Cluster ${r.cluster}: report`)}</h1>`,
    `<p>${esc(`${r.snapshots} snapshot(s) from ${rangeText(r)}.`)}${r.first && r.last ? ` ${esc(`First: ${r.first.name} (${r.first.capturedAt}). Last: ${r.last.name} (${r.last.capturedAt}).`)}` : ''}</p>`,
    '<h2>Changes</h2>',
    `<p>${esc(COUNT_COLUMNS.map(([k, label]) => `${r.totals[k]} ${label}`).join(', '))} over the consecutive snapshots.</p>`,
    '<h2>Metrics</h2>',
    `<table><thead><tr><th>metric</th><th>start</th><th>end</th><th>change</th><th>trend</th></tr></thead><tbody>${r.metrics
      .map((m) => `<tr><td title="${esc(m.description)}"><code>${esc(m.name)}</code></td><td class="n">${num(m.start)}</td><td class="n">${num(m.end)}</td><td class="n ${m.trend}">${esc(signed(m.change))}</td><td class="${m.trend}">${TREND_MARK[m.trend]}</td></tr>`)
      .join('')}</tbody></table>`,
    '<h2>Metrics over time</h2>',
    `<div class="charts">${r.metrics.map((m) => `<figure class="chart-box"><figcaption><code>${esc(m.name)}</code></figcaption>${metricChart(m.name, r.series)}</figure>`).join('')}</div>`,
    '<h2>New exposures</h2>',
    r.newExposures.length === 0
      ? '<p>None.</p>'
      : htmlTable(['workload', 'from', 'ports', 'caused by'], r.newExposures.map((e) => [e.text, e.internet ? 'internet' : 'outside (private blocks or ingress)', portsText(e.ports), e.causes.join('; ')])),
    ...(r.findings
      ? [
          '<h2>Findings opened and resolved</h2>',
          r.findings.opened.length + r.findings.resolved.length === 0
            ? '<p>None.</p>'
            : htmlTable(['', 'severity', 'code', 'finding'], [...r.findings.opened.map((f) => ['opened', f.severity, f.code, f.message]), ...r.findings.resolved.map((f) => ['resolved', f.severity, f.code, f.message])]),
        ]
      : []),
    '<h2>Chain of changes</h2>',
    r.steps.length === 0
      ? '<p>No consecutive snapshots.</p>'
      : htmlTable(
          ['captured at', 'from', 'to', ...COUNT_COLUMNS.map(([, l]) => l)],
          r.steps.map((s) => [s.capturedAt, s.from, s.to, ...COUNT_COLUMNS.map(([k]) => String(s.counts[k]))]),
          [false, false, false, true, true, true, true, true, true],
        ),
  ];
  if (r.diff) parts.push('<h2>Diff between the first and the last snapshot</h2>', `<pre>${esc(renderDiff(r.diff, 'txt'))}</pre>`);
  parts.push('</body></html>');
  return `${parts.join('\n')}\n`;
}
