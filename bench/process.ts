// Whole-process benchmarks: what a user waits for when running `policyscope analyze FILE
// --format stats` (node start, module loading, reading, parsing, analysing, counting), as
// wall-clock time and peak RSS of a fresh process, median of several runs. Used by run.ts for
// Kano's workloads (`--kano DIR`, files given by path, never copied into the repository) and for
// generated clusters (`--process L,XL`).
//
// With `--baseline DIR` (the root of another build of this repository, e.g. a `git worktree` of
// an older commit, built), the same files also go through that build's engine in a fresh process
// (read + parse + analyse, no output: older builds have no `--format stats`), for before/after
// figures taken in one run on one machine.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

export interface ProcessRun {
  wallMs: number;
  /** User + system CPU time of the child (all its threads): less sensitive than wall time to a loaded machine. */
  cpuMs: number;
  peakRssBytes: number;
  /** The stats report (ours) or { classes } (baseline); undefined when the run failed. */
  report?: Record<string, unknown>;
  error?: string;
}

export interface ProcessMeasurement {
  label: string;
  file: string;
  runs: ProcessRun[];
  medianWallMs: number;
  medianCpuMs: number;
  medianPeakRssBytes: number;
}

/** Prints the peak RSS and the CPU time on stderr when the child exits. */
const USAGE_HOOK =
  "data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();" +
  "process.stderr.write('\\npeak-rss '+u.maxRSS*1024+' cpu-us '+(u.userCPUTime+u.systemCPUTime)+'\\n')})";

const CLI = fileURLToPath(new URL('../../bin/policyscope.js', import.meta.url));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function runOnce(args: readonly string[], timeoutMs: number): ProcessRun {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', USAGE_HOOK, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs });
  const wallMs = performance.now() - started;
  const usage = /peak-rss (\d+) cpu-us (\d+)/.exec(child.stderr ?? '');
  const peakRssBytes = usage ? Number(usage[1]) : 0;
  const cpuMs = usage ? Number(usage[2]) / 1000 : 0;
  if (child.status !== 0) {
    const reason = child.error ? child.error.message : `exit ${child.status}: ${(child.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
    return { wallMs, cpuMs, peakRssBytes, error: reason };
  }
  try {
    return { wallMs, cpuMs, peakRssBytes, report: JSON.parse(child.stdout) as Record<string, unknown> };
  } catch {
    return { wallMs, cpuMs, peakRssBytes, error: 'output is not JSON' };
  }
}

function measureProcess(label: string, file: string, args: readonly string[], runs: number, timeoutMs: number): ProcessMeasurement {
  const results: ProcessRun[] = [];
  for (let i = 0; i < runs; i++) {
    const run = runOnce(args, timeoutMs);
    results.push(run);
    // A failed or timed-out run is not repeated.
    if (run.error !== undefined) break;
  }
  const ok = results.filter((r) => r.error === undefined);
  return {
    label,
    file,
    runs: results,
    medianWallMs: ok.length > 0 ? median(ok.map((r) => r.wallMs)) : Number.NaN,
    medianCpuMs: ok.length > 0 ? median(ok.map((r) => r.cpuMs)) : Number.NaN,
    medianPeakRssBytes: ok.length > 0 ? median(ok.map((r) => r.peakRssBytes)) : Number.NaN,
  };
}

/** `policyscope analyze FILE --format stats` in a fresh process. */
export function measureCli(label: string, file: string, runs: number, timeoutMs: number): ProcessMeasurement {
  return measureProcess(label, file, [CLI, 'analyze', file, '--format', 'stats', '--validation', 'warn'], runs, timeoutMs);
}

/** Read + parse + analyse through another build's engine, in a fresh process. */
export function measureBaseline(label: string, baselineRoot: string, file: string, runs: number, timeoutMs: number): ProcessMeasurement {
  const engine = pathToFileURL(path.join(baselineRoot, 'dist', 'src', 'engine', 'index.js')).href;
  const script =
    `import { readFileSync } from 'node:fs'; import { parseDocuments, analyze, summarizeAnalysis } from ${JSON.stringify(engine)};` +
    `const parsed = parseDocuments([{ name: 'input.json', content: readFileSync(${JSON.stringify(file)}, 'utf8') }]);` +
    `const analysis = analyze(parsed.snapshot);` +
    `console.log(JSON.stringify({ classes: summarizeAnalysis(analysis).metrics.pod_classes }));`;
  return measureProcess(label, file, ['--input-type=module', '-e', script], runs, timeoutMs);
}

/** The Kano files of a folder (`p<pods>-m<policies>.json[.gz]`), smallest first, decompressed into `scratch`. */
export function kanoInputs(folder: string, scratch: string): { name: string; pods: number; policies: number; file: string }[] {
  return readdirSync(folder)
    .map((name) => ({ name, match: /^p(\d+)-m(\d+)\.json(\.gz)?$/.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ name, match }) => {
      const raw = readFileSync(path.join(folder, name));
      const file = path.join(scratch, name.replace(/\.gz$/, ''));
      writeFileSync(file, match[3] ? gunzipSync(raw) : raw);
      return { name: name.replace(/\.json(\.gz)?$/, ''), pods: Number(match[1]), policies: Number(match[2]), file };
    })
    .sort((a, b) => a.pods - b.pods);
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
