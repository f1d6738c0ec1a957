// `policyscope report SNAPSHOT...`: the service's cluster report with no server. Each path is one
// snapshot, oldest first; the engine builds and renders the report exactly as the service does.

import { statSync } from 'node:fs';
import { analysisOptions, type AnalysisFlags } from '../analysis-options.js';
import {
  analyze,
  buildReport,
  changeCounts,
  connectivity,
  diffAnalyses,
  diffConnectivity,
  renderReport,
  snapshotMetrics,
  summarizeAnalysis,
  type ConnectivityResult,
  type DiffInput,
  type HistoryPoint,
  type HistoryStep,
  type ReportFormat,
} from '../../engine/index.js';
import { diagnosticLines } from '../diagnostic-text.js';
import { EXIT_OK, type CliIo } from '../io.js';
import { loadSnapshot, type InputFlags } from '../load-snapshot.js';
import { printWarnings, writeResult } from '../output.js';

export interface ReportCommandOptions extends AnalysisFlags, InputFlags {
  format: ReportFormat;
  cluster: string;
  output?: string;
}

interface Built {
  input: DiffInput;
  workload: ConnectivityResult;
  point: HistoryPoint;
  /** The parsed objects as JSON: equal text, equal content. */
  content: string;
}

export function runReport(paths: readonly string[], options: ReportCommandOptions, io: CliIo): number {
  const built: Built[] = paths.map((path) => {
    const loaded = loadSnapshot([path], io, options);
    loaded.progress.step('analysing');
    const analysis = analyze(loaded.parse.snapshot, analysisOptions(options));
    const workload = connectivity(analysis, 'workload', loaded.name);
    loaded.progress.done();
    printWarnings(diagnosticLines(workload.diagnostics ?? []), io, new Set(diagnosticLines(loaded.parse.diagnostics)));
    // A folder names no capture time: its last modification stands for it.
    const capturedAt = statSync(path).mtime.toISOString();
    return {
      input: { analysis, objects: loaded.parse.objects, side: { snapshot: loaded.name, name: loaded.name, capturedAt }, connectivity: workload },
      workload,
      point: { snapshotId: loaded.name, name: loaded.name, capturedAt, metrics: snapshotMetrics(summarizeAnalysis(analysis), workload) },
      content: JSON.stringify(loaded.parse.objects.map((o) => o.raw)),
    };
  });
  const steps: HistoryStep[] = built.slice(1).map((after, i) => {
    const before = built[i]!;
    return {
      from: before.point.snapshotId,
      to: after.point.snapshotId,
      capturedAt: after.point.capturedAt,
      sameContent: before.content === after.content,
      counts: changeCounts(diffConnectivity(before.workload, after.workload, { before: before.input.objects, after: after.input.objects })),
    };
  });
  const first = built[0]!;
  const last = built[built.length - 1]!;
  const report = buildReport({
    cluster: options.cluster,
    range: { from: null, to: null },
    series: built.map((b) => b.point),
    steps,
    ...(built.length > 1 ? { diff: diffAnalyses(first.input, last.input, 'workload'), firstConnectivity: first.workload, lastConnectivity: last.workload } : {}),
  });
  writeResult(renderReport(report, options.format), io, options.output);
  return EXIT_OK;
}
