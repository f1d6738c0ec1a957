// `policyscope analyze PATH... --format stats`: figures about the analysis (classes, allowed
// pairs per protocol at pod and workload level, address blocks, isolation shares) and where the
// time went, as JSON. No pair is listed, so it answers for any cluster size.

import { performance } from 'node:perf_hooks';
import { analysisOptions, type AnalysisFlags } from '../analysis-options.js';
import { analysisStats, analyze } from '../../engine/index.js';
import { diagnosticLines } from '../diagnostic-text.js';
import { CliFailure, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { loadSnapshot, type InputFlags } from '../load-snapshot.js';
import { printWarnings, writeResult } from '../output.js';

export interface AnalyzeStatsOptions extends AnalysisFlags, InputFlags {
  focus?: string;
  output?: string;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export function runAnalyzeStats(paths: readonly string[], options: AnalyzeStatsOptions, io: CliIo): number {
  if (options.focus !== undefined) throw new CliFailure('--focus lists connections; --format stats counts them all and takes no --focus', EXIT_USAGE);
  const started = performance.now();
  // Counts only: the objects' parsed text is not kept (less heap for every garbage collection).
  const loaded = loadSnapshot(paths, io, options, false);
  const parsed = performance.now();
  loaded.progress.step('analysing');
  const analysis = analyze(loaded.parse.snapshot, analysisOptions(options));
  const stats = analysisStats(analysis);
  loaded.progress.done();
  printWarnings(diagnosticLines([...analysis.diagnostics]), io, new Set(diagnosticLines(loaded.parse.diagnostics)));
  const timingsMs: Record<string, number> = { readAndParse: round(parsed - started) };
  for (const [phase, ms] of Object.entries(stats.timingsMs)) timingsMs[phase] = round(ms);
  timingsMs.total = round(performance.now() - started);
  const report = { snapshot: loaded.name, options: analysis.options, ...stats, timingsMs };
  writeResult(`${JSON.stringify(report, null, 2)}\n`, io, options.output);
  return EXIT_OK;
}
