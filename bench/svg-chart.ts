// A small line-chart writer for the benchmark's scaling charts (docs/bench-*.svg): one or more
// series of (x, y) points on linear axes from zero, with ticks, a legend and a caption. Plain SVG
// text, no dependency: the charts are committed, and a diff of them should read as a diff of
// numbers.

export interface Series {
  name: string;
  points: readonly { x: number; y: number }[];
  /** Dashed line (e.g. a target or a reference). */
  dashed?: boolean;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  /** Small print under the chart: machine, load, commit. */
  caption?: string;
  /** A horizontal line at this y (e.g. a target), with its label. */
  limit?: { y: number; label: string };
}

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { left: 70, right: 24, top: 40, bottom: 96 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A "nice" tick step (1, 2 or 5 × 10^k) giving about `count` ticks up to `max`. */
export function tickStep(max: number, count = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

function label(value: number): string {
  if (value >= 1_000_000) return `${+(value / 1_000_000).toFixed(1)}M`;
  if (value >= 1_000) return `${+(value / 1_000).toFixed(1)}k`;
  return `${+value.toFixed(2)}`;
}

export function lineChart(spec: ChartSpec): string {
  const points = spec.series.flatMap((s) => s.points);
  const xMaxData = Math.max(1, ...points.map((p) => p.x));
  const yMaxData = Math.max(1e-9, ...points.map((p) => p.y), spec.limit?.y ?? 0);
  const xStep = tickStep(xMaxData);
  const yStep = tickStep(yMaxData);
  const xMax = Math.ceil(xMaxData / xStep) * xStep;
  const yMax = Math.ceil((yMaxData * 1.05) / yStep) * yStep;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + (x / xMax) * plotW;
  const py = (y: number) => MARGIN.top + plotH - (y / yMax) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  out.push(`<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escape(spec.title)}</text>`);
  for (let x = 0; x <= xMax + 1e-9; x += xStep) {
    out.push(`<line x1="${px(x).toFixed(1)}" y1="${MARGIN.top}" x2="${px(x).toFixed(1)}" y2="${MARGIN.top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${px(x).toFixed(1)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${label(x)}</text>`);
  }
  for (let y = 0; y <= yMax + 1e-9; y += yStep) {
    out.push(`<line x1="${MARGIN.left}" y1="${py(y).toFixed(1)}" x2="${MARGIN.left + plotW}" y2="${py(y).toFixed(1)}" stroke="#eee"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${label(y)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 36}" text-anchor="middle">${escape(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(spec.yLabel)}</text>`);
  if (spec.limit !== undefined) {
    const y = py(spec.limit.y).toFixed(1);
    out.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#999" stroke-dasharray="2 4"/>`);
    out.push(`<text x="${MARGIN.left + plotW - 4}" y="${(Number(y) - 4).toFixed(1)}" text-anchor="end" fill="#666">${escape(spec.limit.label)}</text>`);
  }
  spec.series.forEach((series, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const sorted = [...series.points].sort((a, b) => a.x - b.x);
    const path = sorted.map((p, k) => `${k === 0 ? 'M' : 'L'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const p of sorted) out.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${colour}"><title>${escape(`${series.name}: ${label(p.x)} → ${+p.y.toFixed(3)}`)}</title></circle>`);
    const ly = MARGIN.top + 14 + i * 16;
    out.push(`<line x1="${MARGIN.left + 10}" y1="${ly - 4}" x2="${MARGIN.left + 30}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${MARGIN.left + 36}" y="${ly}">${escape(series.name)}</text>`);
  });
  if (spec.caption !== undefined) {
    spec.caption.split('\n').forEach((line, i) => {
      out.push(`<text x="${MARGIN.left}" y="${MARGIN.top + plotH + 56 + i * 14}" fill="#555" font-size="11">${escape(line)}</text>`);
    });
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
