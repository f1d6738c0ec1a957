// `policyscope diff BEFORE AFTER`: what changed in connectivity between two inputs, analysed
// with the same options and granularity, and what caused each change. The sides are named by
// their paths (a folder of manifests names no cluster or capture time).

import { analysisOptions, type AnalysisFlags } from '../analysis-options.js';
import {
  analyze,
  connectivity,
  diffAnalyses,
  renderDiff,
  type AddressForm,
  type DiffInput,
  type Granularity,
} from '../../engine/index.js';
import type { DiffFormat } from '../../engine/render/index.js';
import { diagnosticLines } from '../diagnostic-text.js';
import { EXIT_CHANGED, EXIT_OK, type CliIo } from '../io.js';
import { readIntentsFile } from './check.js';
import { loadSnapshot, type InputFlags, type LoadedSnapshot } from '../load-snapshot.js';
import { printWarnings, writeResult } from '../output.js';

export interface DiffCommandOptions extends AnalysisFlags, InputFlags {
  granularity: Granularity;
  format: DiffFormat;
  failOnChange: boolean;
  addresses?: AddressForm;
  output?: string;
  /** An intents file evaluated on both sides: the diff then says which intents broke or mended. */
  intents?: string;
}

function inputOf(loaded: LoadedSnapshot, options: DiffCommandOptions, io: CliIo): DiffInput {
  loaded.progress.step('analysing');
  const analysis = analyze(loaded.parse.snapshot, analysisOptions(options));
  const result = connectivity(analysis, options.granularity, loaded.name);
  loaded.progress.done();
  printWarnings(diagnosticLines(result.diagnostics ?? []), io, new Set(diagnosticLines(loaded.parse.diagnostics)));
  return { analysis, objects: loaded.parse.objects, side: { snapshot: loaded.name }, connectivity: result };
}

export function runDiff(beforePath: string, afterPath: string, options: DiffCommandOptions, io: CliIo): number {
  const before = loadSnapshot([beforePath], io, options);
  const after = loadSnapshot([afterPath], io, options);
  const intents = options.intents === undefined ? undefined : readIntentsFile(options.intents, io);
  const diff = diffAnalyses(inputOf(before, options, io), inputOf(after, options, io), options.granularity, { intents });
  writeResult(renderDiff(diff, options.format, { addresses: options.addresses }), io, options.output);
  return options.failOnChange && diff.changes.length > 0 ? EXIT_CHANGED : EXIT_OK;
}
