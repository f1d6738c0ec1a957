// Engine benchmark (`npm run bench`): for sizes S, M, L a seeded synthetic cluster is generated,
// written to a temporary file, and measured in a fresh child process (so that its peak RSS belongs
// to that size alone): parse time, analyze time (parse excluded), total (parse + analyze), class
// count, workload connectivity time, peak RSS. Each size runs several times; medians are printed
// as a table and as one JSON line. Not a test: it only prints.
//
// Usage: node --expose-gc dist/bench/run.js [--sizes S,M,L] [--runs N] [--format json|yaml] [--seed N]
//
// Whole-process modes (bench/process.ts), `policyscope analyze FILE --format stats` in fresh processes:
//   --kano DIR         Kano's workloads (p<pods>-m<policies>.json[.gz] in DIR, read where they are)
//   --process L,XL,XXL generated clusters of these sizes (XXL: 150,000 pods, 50,000 policies, 10,000 namespaces)
//   --process-runs N   runs per input (default 3; the median is reported)
//   --charts DIR       time and peak RSS against pods and against policies (generated clusters,
//                      whole process), drawn as SVG charts in DIR (the repository's docs/)
//   --baseline ROOT    also run the same inputs through another build's engine (a built worktree),
//                      once, for inputs of at most --baseline-max-pods pods (default 10000)

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { analyze, connectivity, parseDocuments, summarizeAnalysis } from '../src/engine/index.js';
import { generateCluster, toJsonList, toJsonLists, toYaml, type GeneratorParams } from './generate.js';
import { kanoInputs, loadAverage, measureBaseline, measureCli, type ProcessMeasurement } from './process.js';
import { lineChart } from './svg-chart.js';

type SizeName = 'S' | 'M' | 'L' | 'XL' | 'XXL';
type Format = 'json' | 'yaml';

const SIZES: Record<SizeName, Omit<GeneratorParams, 'seed'> & { runs: number }> = {
  S: { pods: 100, policies: 20, namespaces: 4, runs: 9 },
  M: { pods: 1_000, policies: 200, namespaces: 20, runs: 7 },
  L: { pods: 10_000, policies: 2_000, namespaces: 100, runs: 5 },
  XL: { pods: 100_000, policies: 20_000, namespaces: 1_000, runs: 1 },
  // Kubernetes' limits: 150,000 pods, 10,000 namespaces.
  XXL: { pods: 150_000, policies: 50_000, namespaces: 10_000, runs: 1 },
};

// Issue 8's targets, parse included.
const TARGETS_MS: Partial<Record<SizeName, number>> = { M: 150, L: 1_000, XL: 10_000, XXL: 30_000 };
const RSS_TARGET_BYTES: Partial<Record<SizeName, number>> = { L: 600 * 1024 ** 2, XL: 3 * 1024 ** 3, XXL: 6 * 1024 ** 3 };

interface Measurement {
  size: SizeName;
  format: Format;
  pods: number;
  policies: number;
  namespaces: number;
  objects: number;
  inputBytes: number;
  runs: number;
  parseMs: number;
  analyzeMs: number;
  totalMs: number;
  /** Parse + analyse of the very first run in a fresh process (what a one-shot CLI call pays). */
  coldTotalMs: number;
  connectivityMs: number;
  classes: number | null;
  workloadConnections: number;
  peakRssBytes: number;
  diagnostics: number;
  fatal: boolean;
  /** The first fatal diagnostics, so a broken generator is obvious. */
  fatalMessages: string[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

// ---------------------------------------------------------------- child: measure one size

const WARMUP = 3;

function measure(size: SizeName, file: string, format: Format, runs: number, meta: Omit<GeneratorParams, 'seed'> & { objects: number }): Measurement {
  const content = readFileSync(file, 'utf8');
  const source = [{ name: path.basename(file), content }];
  const parseTimes: number[] = [];
  const analyzeTimes: number[] = [];
  const totalTimes: number[] = [];
  const connectivityTimes: number[] = [];
  let classes: number | null = null;
  let workloadConnections = 0;
  let diagnostics = 0;
  let fatal = false;
  let fatalMessages: string[] = [];
  // Run 0 is the cold run (a one-shot CLI call pays it); then WARMUP unrecorded runs let V8 optimise,
  // and the medians are over the `runs` after them (a long-running service's steady state).
  let coldTotalMs = 0;
  for (let run = -WARMUP - 1; run < runs; run++) {
    collectGarbage();
    const t0 = performance.now();
    const parsed = parseDocuments(source);
    const t1 = performance.now();
    const analysis = analyze(parsed.snapshot);
    const t2 = performance.now();
    const result = connectivity(analysis, 'workload', `bench-${size}`);
    const t3 = performance.now();
    if (run === -WARMUP - 1) coldTotalMs = t2 - t0;
    if (run < 0) continue;
    parseTimes.push(t1 - t0);
    analyzeTimes.push(t2 - t1);
    totalTimes.push(t2 - t0);
    connectivityTimes.push(t3 - t2);
    // Outside the timed region, once: the summary is for the report only.
    if (run === 0) classes = summarizeAnalysis(analysis).classes.length;
    workloadConnections = result.connections.length;
    diagnostics = parsed.diagnostics.length;
    fatal = parsed.fatal;
    fatalMessages = parsed.diagnostics.filter((d) => d.severity === 'fatal').slice(0, 3).map((d) => `${d.object ?? ''} ${d.message}`);
  }
  return {
    size,
    format,
    ...meta,
    inputBytes: Buffer.byteLength(content),
    runs,
    parseMs: median(parseTimes),
    analyzeMs: median(analyzeTimes),
    totalMs: median(totalTimes),
    coldTotalMs,
    connectivityMs: median(connectivityTimes),
    classes,
    workloadConnections,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    diagnostics,
    fatal,
    fatalMessages,
  };
}

// ---------------------------------------------------------------- parent: generate, spawn, report

function runSize(size: SizeName, format: Format, runs: number, seed: number, folder: string): Measurement {
  const params = { ...SIZES[size], seed };
  const cluster = generateCluster(params);
  const file = path.join(folder, `cluster-${size}.${format}`);
  writeFileSync(file, format === 'json' ? toJsonList(cluster) : toYaml(cluster));
  const meta = { pods: params.pods, policies: params.policies, namespaces: params.namespaces, objects: cluster.objects.length };
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), '--child', size, '--input', file, '--format', format, '--runs', String(runs), '--meta', JSON.stringify(meta)],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (child.status !== 0) {
    throw new Error(`size ${size} failed (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-5).join('\n')}`);
  }
  const lastLine = child.stdout.trim().split('\n').at(-1)!;
  return JSON.parse(lastLine) as Measurement;
}

const ms = (value: number): string => (value < 10 ? value.toFixed(2) : value.toFixed(0));
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

function verdict(m: Measurement): string {
  const notes: string[] = [];
  if (m.fatal) notes.push('FATAL PARSE');
  const target = TARGETS_MS[m.size];
  if (target !== undefined) notes.push(m.totalMs < target ? `ok <${target}ms` : `SLOW >${target}ms`);
  const rss = RSS_TARGET_BYTES[m.size];
  if (rss !== undefined) notes.push(m.peakRssBytes < rss ? `ok <${mb(rss)}MB` : `RSS >${mb(rss)}MB`);
  return notes.join(', ');
}

function printTable(results: readonly Measurement[], cores: number): void {
  const header = ['size', 'pods', 'policies', 'objects', 'input MB', 'parse ms', 'analyze ms', 'total ms', 'cold total ms', 'workload conn ms', 'classes', 'peak RSS MB', 'runs', 'targets'];
  const rows = results.map((m) => [
    m.size,
    String(m.pods),
    String(m.policies),
    String(m.objects),
    (m.inputBytes / 1024 / 1024).toFixed(1),
    ms(m.parseMs),
    ms(m.analyzeMs),
    ms(m.totalMs),
    ms(m.coldTotalMs),
    ms(m.connectivityMs),
    m.classes === null ? '?' : String(m.classes),
    mb(m.peakRssBytes),
    String(m.runs),
    verdict(m),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(`PolicyScope engine benchmark: node ${process.version}, ${cores} cores (os.availableParallelism), input ${results[0]?.format ?? '-'}; medians of warm runs (after ${WARMUP} unrecorded), cold = first run`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const m of results) for (const message of m.fatalMessages) console.log(`${m.size}: fatal diagnostic: ${message}`);
}

// ---------------------------------------------------------------- whole-process modes

/** Kano-py's whole-process seconds on a 2-core machine of this kind, as published with the files. */
const KANO_PY_SECONDS: Record<number, number> = { 1_000: 0.25, 5_000: 2.53, 10_000: 10.3, 20_000: 49.1 };
/**
 * Kano's allowed ordered pairs (i ≠ j) as published with the files; our pod pair count must equal
 * it (a cross-check in the bench, since Kano's files cannot be committed: they carry no licence).
 */
const KANO_PAIRS: Record<number, number> = { 1_000: 30, 5_000: 1_274_060, 10_000: 35_302_293, 20_000: 270_548_576 };
const PROCESS_TIMEOUT_MS = 10 * 60 * 1000;

function statsOf(m: ProcessMeasurement): Record<string, unknown> | undefined {
  return m.runs.find((r) => r.report !== undefined)?.report;
}

function processRows(
  inputs: { name: string; pods: number; policies: number; file: string }[],
  runs: number,
  baseline: string | undefined,
  kanoReference: boolean,
  baselineMaxPods: number,
): Record<string, unknown>[] {
  return inputs.map((input) => {
    const ours = measureCli(input.name, input.file, runs, PROCESS_TIMEOUT_MS);
    const before =
      baseline === undefined || input.pods > baselineMaxPods ? undefined : measureBaseline(`${input.name} (baseline)`, baseline, input.file, 1, PROCESS_TIMEOUT_MS);
    const report = statsOf(ours) as { classes?: number; podPairs?: { any: number }; timingsMs?: Record<string, number> } | undefined;
    const kanoPy = kanoReference ? KANO_PY_SECONDS[input.pods] : undefined;
    const row: Record<string, unknown> = {
      input: input.name,
      pods: input.pods,
      policies: input.policies,
      classes: report?.classes ?? '?',
      podPairs: report?.podPairs?.any ?? '?',
      medianWallMs: Math.round(ours.medianWallMs),
      wallRunsMs: ours.runs.map((r) => Math.round(r.wallMs)),
      medianCpuMs: Math.round(ours.medianCpuMs),
      cpuRunsMs: ours.runs.map((r) => Math.round(r.cpuMs)),
      peakRssMB: Math.round(ours.medianPeakRssBytes / 1024 / 1024),
      readAndParseMs: report?.timingsMs?.readAndParse,
      analyseMs: report?.timingsMs === undefined ? undefined : Math.round(report.timingsMs.total - report.timingsMs.readAndParse - report.timingsMs.stats),
      error: ours.runs.find((r) => r.error !== undefined)?.error,
    };
    if (before !== undefined) {
      row.baselineWallMs = Math.round(before.medianWallMs);
      row.baselineCpuMs = Math.round(before.medianCpuMs);
      row.baselinePeakRssMB = Math.round(before.medianPeakRssBytes / 1024 / 1024);
      row.baselineError = before.runs.find((r) => r.error !== undefined)?.error;
    }
    const kanoPairs = kanoReference ? KANO_PAIRS[input.pods] : undefined;
    if (kanoPairs !== undefined) row.pairsEqualKano = report?.podPairs?.any === kanoPairs;
    if (kanoPy !== undefined) {
      row.kanoPyMs = kanoPy * 1000;
      row.speedupOverKanoPy = Number(((kanoPy * 1000) / ours.medianWallMs).toFixed(1));
    }
    console.error(`  ${JSON.stringify(row)}`);
    return row;
  });
}

function printRows(title: string, rows: Record<string, unknown>[]): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => rows.some((r) => r[c] !== undefined));
  const text = (v: unknown) => (v === undefined ? '' : Array.isArray(v) ? v.join('/') : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
  console.log(title);
  console.log(columns.map((c, i) => c.padStart(widths[i]!)).join('  '));
  for (const row of rows) console.log(columns.map((c, i) => text(row[c]).padStart(widths[i]!)).join('  '));
}

/**
 * A generated cluster as JSON for the CLI: one file, or above 100,000 pods a folder of two List
 * files (one file would pass the parser's 128 MB per-document limit).
 */
function writeGenerated(params: GeneratorParams, scratch: string, name: string): string {
  const cluster = generateCluster(params);
  if (params.pods <= 100_000) {
    const file = path.join(scratch, `cluster-${name}.json`);
    writeFileSync(file, toJsonList(cluster));
    return file;
  }
  const folder = path.join(scratch, `cluster-${name}`);
  mkdirSync(folder);
  toJsonLists(cluster, 2).forEach((text, i) => writeFileSync(path.join(folder, `part-${i}.json`), text));
  return folder;
}

function runProcessModes(kanoFolder: string | undefined, processSizes: string | undefined): void {
  const runs = Number(argument('process-runs') ?? 3);
  const baseline = argument('baseline');
  const baselineMaxPods = Number(argument('baseline-max-pods') ?? 10_000);
  const seed = Number(argument('seed') ?? 42);
  const cores = os.availableParallelism();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'policyscope-bench-'));
  const header = `node ${process.version}, ${cores} cores (os.availableParallelism), load average before ${loadAverage()}; median of ${runs} fresh processes`;
  const report: Record<string, unknown> = { bench: 'policyscope-process', node: process.version, cores, runs, loadBefore: loadAverage() };
  try {
    if (kanoFolder !== undefined) {
      const rows = processRows(kanoInputs(kanoFolder, scratch), runs, baseline, true, baselineMaxPods);
      printRows(`Kano's workloads, whole process \`policyscope analyze FILE --format stats\`: ${header}`, rows);
      report.kano = rows;
    }
    if (processSizes !== undefined) {
      const inputs = processSizes.split(',').map((name) => {
        const size = name.trim().toUpperCase() as SizeName;
        if (!(size in SIZES)) throw new Error(`unknown size ${size} (S, M, L, XL or XXL)`);
        const params = { ...SIZES[size], seed };
        return { name: `${size} (${params.namespaces} ns)`, pods: params.pods, policies: params.policies, file: writeGenerated(params, scratch, size) };
      });
      const rows = processRows(inputs, runs, baseline, false, baselineMaxPods);
      printRows(`Generated clusters (seed ${seed}), whole process: ${header}`, rows);
      report.generated = rows;
    }
    report.loadAfter = loadAverage();
    console.log(`load average after ${String(report.loadAfter)}`);
    console.log(JSON.stringify(report));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- scaling charts

/** Pods grow with a fixed policy mix (one policy per 5 pods, one namespace per 100 pods). */
const PODS_SERIES = [5_000, 10_000, 20_000, 40_000, 70_000, 100_000];
/** Policies grow on a fixed cluster of 10,000 pods in 100 namespaces. */
const POLICIES_SERIES = [500, 1_000, 2_000, 4_000, 8_000];

interface ChartPoint {
  pods: number;
  policies: number;
  namespaces: number;
  classes: unknown;
  wallS: number;
  cpuS: number;
  peakRssMB: number;
}

function chartPoints(params: Omit<GeneratorParams, 'seed'>[], seed: number, runs: number, scratch: string): ChartPoint[] {
  return params.map((p, i) => {
    const file = writeGenerated({ ...p, seed }, scratch, `chart-${i}`);
    const m = measureCli(`${p.pods}/${p.policies}`, file, runs, PROCESS_TIMEOUT_MS);
    rmSync(file, { recursive: true, force: true });
    const point: ChartPoint = {
      ...p,
      classes: (statsOf(m) as { classes?: number } | undefined)?.classes ?? '?',
      wallS: m.medianWallMs / 1000,
      cpuS: m.medianCpuMs / 1000,
      peakRssMB: m.medianPeakRssBytes / 1024 / 1024,
    };
    console.error(`  ${JSON.stringify(point)}`);
    return point;
  });
}

function gitCommit(): string {
  const result = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'unknown commit';
}

/**
 * `--charts DIR`: whole-process time and peak RSS against pods (fixed policy mix) and against
 * policies (fixed pods), as four SVG charts in DIR (docs/ in the repository).
 */
function runCharts(folder: string): void {
  const runs = Number(argument('process-runs') ?? 1);
  const seed = Number(argument('seed') ?? 42);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'policyscope-charts-'));
  const loadBefore = loadAverage();
  try {
    const byPods = chartPoints(PODS_SERIES.map((pods) => ({ pods, policies: pods / 5, namespaces: pods / 100 })), seed, runs, scratch);
    const byPolicies = chartPoints(POLICIES_SERIES.map((policies) => ({ pods: 10_000, policies, namespaces: 100 })), seed, runs, scratch);
    const caption =
      `policyscope analyze FILE --format stats, whole process, ${runs === 1 ? 'one run' : `median of ${runs}`} per point, seed ${seed}\n` +
      `node ${process.version}, ${os.availableParallelism()} cores, load average ${loadBefore} before, ${loadAverage()} after\n` +
      `commit ${gitCommit()}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; wall time is inflated by the load, CPU time less so`;
    const write = (name: string, svg: string) => {
      writeFileSync(path.join(folder, name), svg);
      console.log(`wrote ${path.join(folder, name)}`);
    };
    const timeSeries = (points: ChartPoint[], x: (p: ChartPoint) => number) => [
      { name: 'wall-clock time (s)', points: points.map((p) => ({ x: x(p), y: p.wallS })) },
      { name: 'CPU time, all threads (s)', points: points.map((p) => ({ x: x(p), y: p.cpuS })), dashed: true },
    ];
    const memorySeries = (points: ChartPoint[], x: (p: ChartPoint) => number) => [{ name: 'peak RSS (MB)', points: points.map((p) => ({ x: x(p), y: p.peakRssMB })) }];
    write('bench-time-pods.svg', lineChart({ title: 'Time against pods (1 policy per 5 pods, 1 namespace per 100)', xLabel: 'pods', yLabel: 'seconds', series: timeSeries(byPods, (p) => p.pods), caption }));
    write('bench-memory-pods.svg', lineChart({ title: 'Memory against pods (1 policy per 5 pods, 1 namespace per 100)', xLabel: 'pods', yLabel: 'peak RSS (MB)', series: memorySeries(byPods, (p) => p.pods), caption }));
    write('bench-time-policies.svg', lineChart({ title: 'Time against policies (10,000 pods, 100 namespaces)', xLabel: 'NetworkPolicies', yLabel: 'seconds', series: timeSeries(byPolicies, (p) => p.policies), caption }));
    write('bench-memory-policies.svg', lineChart({ title: 'Memory against policies (10,000 pods, 100 namespaces)', xLabel: 'NetworkPolicies', yLabel: 'peak RSS (MB)', series: memorySeries(byPolicies, (p) => p.policies), caption }));
    console.log(JSON.stringify({ bench: 'policyscope-charts', node: process.version, cores: os.availableParallelism(), loadBefore, loadAfter: loadAverage(), byPods, byPolicies }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function main(): void {
  const chartsFolder = argument('charts');
  if (chartsFolder !== undefined) {
    runCharts(chartsFolder);
    return;
  }
  const kanoFolder = argument('kano');
  const processSizes = argument('process');
  if (kanoFolder !== undefined || processSizes !== undefined) {
    runProcessModes(kanoFolder, processSizes);
    return;
  }
  const childSize = argument('child') as SizeName | undefined;
  const format = (argument('format') ?? 'json') as Format;
  if (childSize) {
    const meta = JSON.parse(argument('meta') ?? '{}') as Omit<GeneratorParams, 'seed'> & { objects: number };
    const result = measure(childSize, argument('input')!, format, Number(argument('runs') ?? SIZES[childSize].runs), meta);
    console.log(JSON.stringify(result));
    return;
  }
  const sizes = (argument('sizes') ?? 'S,M,L').split(',').map((s) => s.trim().toUpperCase()) as SizeName[];
  const seed = Number(argument('seed') ?? 42);
  const runsOverride = argument('runs');
  const cores = os.availableParallelism();
  const folder = mkdtempSync(path.join(os.tmpdir(), 'policyscope-bench-'));
  try {
    const results = sizes.map((size) => {
      if (!(size in SIZES)) throw new Error(`unknown size ${size} (S, M, L, XL or XXL)`);
      return runSize(size, format, runsOverride ? Number(runsOverride) : SIZES[size].runs, seed, folder);
    });
    printTable(results, cores);
    console.log(JSON.stringify({ bench: 'policyscope-engine', node: process.version, cores, seed, results }));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main();
