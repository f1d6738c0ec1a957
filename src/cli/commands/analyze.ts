// `policyscope analyze PATH...`: the connectivity of a snapshot in one of the output formats.

import { analysisOptions, reportNetworkPlugin, type AnalysisFlags } from '../analysis-options.js';
import { analyze, connectivity, connectivityRulesTxt, renderConnectivity, type AddressForm, type Granularity, type OutputFormat } from '../../engine/index.js';
import { diagnosticLines } from '../diagnostic-text.js';
import { focusResult } from '../focus.js';
import type { CliIo } from '../io.js';
import { EXIT_OK } from '../io.js';
import { loadSnapshot, type InputFlags } from '../load-snapshot.js';
import { connectivityJsonChunks } from '../json-stream.js';
import { printWarnings, writeChunks, writeResult } from '../output.js';

export interface AnalyzeCommandOptions extends AnalysisFlags, InputFlags {
  granularity: Granularity;
  /** `rules`: grouped rules whose expansion is exactly the connections (engine/render/rules.ts). */
  format: OutputFormat | 'rules';
  focus?: string;
  addresses?: AddressForm;
  output?: string;
}

export function runAnalyze(paths: readonly string[], options: AnalyzeCommandOptions, io: CliIo): number {
  const loaded = loadSnapshot(paths, io, options);
  loaded.progress.step('analysing');
  const analysis = analyze(loaded.parse.snapshot, analysisOptions(options));
  let result = connectivity(analysis, options.granularity, loaded.name);
  loaded.progress.done();
  reportNetworkPlugin(analysis, io);
  printWarnings(diagnosticLines(result.diagnostics ?? []), io, new Set(diagnosticLines(loaded.parse.diagnostics)));
  if (options.focus !== undefined) {
    const focused = focusResult(result, options.focus);
    if (!focused.matched) io.stderr(`warning: --focus ${options.focus} matches no ${options.granularity} of the snapshot\n`);
    result = focused.result;
  }
  // JSON is written connection by connection: its text can be far larger than the result.
  if (options.format === 'json') writeChunks(connectivityJsonChunks(result), io, options.output);
  else if (options.format === 'rules') writeResult(connectivityRulesTxt(result, { addresses: options.addresses }), io, options.output);
  else writeResult(renderConnectivity(result, options.format, { addresses: options.addresses }), io, options.output);
  return EXIT_OK;
}
