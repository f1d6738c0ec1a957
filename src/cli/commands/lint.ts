// `policyscope lint PATH... [--fail-on SEVERITY]`: the findings the service gives for a snapshot,
// from files; exit 4 when any finding is at or above the --fail-on severity (CI gates).

import { analysisOptions, reportNetworkPlugin, type AnalysisFlags } from '../analysis-options.js';
import { analyze, findingsAtOrAbove, findingsResult, type FindingSeverity } from '../../engine/index.js';
import { renderFindings, type FindingsFormat } from '../../engine/queries/findings-text.js';
import { EXIT_FINDINGS, EXIT_OK, type CliIo } from '../io.js';
import { loadSnapshot, type InputFlags } from '../load-snapshot.js';
import { writeResult } from '../output.js';

export interface LintOptions extends AnalysisFlags, InputFlags {
  failOn: FindingSeverity | 'never';
  format: FindingsFormat;
  output?: string;
}

export function runLint(paths: readonly string[], options: LintOptions, io: CliIo): number {
  const loaded = loadSnapshot(paths, io, options);
  loaded.progress.step('analysing');
  const analysis = analyze(loaded.parse.snapshot, analysisOptions(options));
  const result = findingsResult(analysis);
  loaded.progress.done();
  reportNetworkPlugin(analysis, io);
  writeResult(renderFindings(result, options.format), io, options.output);
  if (options.failOn === 'never') return EXIT_OK;
  const failing = findingsAtOrAbove(result.findings, options.failOn);
  if (failing.length === 0) return EXIT_OK;
  io.stderr(`${failing.length} finding${failing.length > 1 ? 's' : ''} at or above ${options.failOn}\n`);
  return EXIT_FINDINGS;
}
