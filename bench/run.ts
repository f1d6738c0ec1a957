// Engine benchmark (`npm run bench`): for sizes S, M, L a seeded synthetic cluster is generated,
// written to a temporary file, and measured in a fresh child process (so that its peak RSS belongs
// to that size alone): parse time, analyze time (parse excluded), total (parse + analyze), class
// count, workload connectivity time, peak RSS. Each size runs several times; medians are printed
// as a table and as one JSON line. Not a test: it only prints.
//
// Usage: node --expose-gc dist/bench/run.js [--sizes S,M,L] [--runs N] [--format json|yaml] [--seed N]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { analyze, connectivity, parseDocuments, summarizeAnalysis } from '../src/engine/index.js';
import { generateCluster, toJsonList, toYaml, type GeneratorParams } from './generate.js';

type SizeName = 'S' | 'M' | 'L';
type Format = 'json' | 'yaml';

const SIZES: Record<SizeName, Omit<GeneratorParams, 'seed'> & { runs: number }> = {
  S: { pods: 100, policies: 20, namespaces: 4, runs: 9 },
  M: { pods: 1_000, policies: 200, namespaces: 20, runs: 7 },
  L: { pods: 10_000, policies: 2_000, namespaces: 100, runs: 5 },
};

const TARGETS_MS: Partial<Record<SizeName, number>> = { M: 150, L: 2_000 };
const RSS_TARGET_BYTES: Partial<Record<SizeName, number>> = { L: 1024 ** 3 };

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

function main(): void {
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
      if (!(size in SIZES)) throw new Error(`unknown size ${size} (S, M or L)`);
      return runSize(size, format, runsOverride ? Number(runsOverride) : SIZES[size].runs, seed, folder);
    });
    printTable(results, cores);
    console.log(JSON.stringify({ bench: 'policyscope-engine', node: process.version, cores, seed, results }));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main();
