// `policyscope check PATH... --intents FILE`: the intents kept beside the manifests, evaluated on
// them; exit 5 when any intent is violated (a CI gate), 2 when the intents file is malformed.

import { readFileSync } from 'node:fs';
import { analysisOptions, reportNetworkPlugin, type AnalysisFlags } from '../analysis-options.js';
import { analyze, evaluateIntents, parseIntents, type Intent } from '../../engine/index.js';
import { renderIntentReport, type IntentReportFormat } from '../../engine/queries/intents/render-text.js';
import { CliFailure, EXIT_INPUT_ERROR, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { loadSnapshot, type InputFlags } from '../load-snapshot.js';
import { writeResult } from '../output.js';

/** Some intent does not hold. */
export const EXIT_INTENT_VIOLATED = 5;

export interface CheckOptions extends AnalysisFlags, InputFlags {
  intents: string;
  format: IntentReportFormat;
  output?: string;
}

/** Reads an intents file: exit 1 when it cannot be read, 2 (each error named by its field) when it is malformed. */
export function readIntentsFile(path: string, io: CliIo): Intent[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliFailure(`${path}: ${error instanceof Error ? error.message : String(error)}`, EXIT_INPUT_ERROR);
  }
  const read = parseIntents(text);
  if ('errors' in read) {
    for (const e of read.errors) io.stderr(`${path}: ${e.path ? `${e.path}: ` : ''}${e.message}\n`);
    throw new CliFailure(`${path}: not a valid intents file`, EXIT_USAGE);
  }
  return read.intents;
}

export function runCheck(paths: readonly string[], options: CheckOptions, io: CliIo): number {
  const intents = readIntentsFile(options.intents, io);
  const loaded = loadSnapshot(paths, io, options);
  loaded.progress.step('analysing');
  const analysis = analyze(loaded.parse.snapshot, analysisOptions(options));
  const report = evaluateIntents(analysis, intents);
  loaded.progress.done();
  reportNetworkPlugin(analysis, io);
  writeResult(renderIntentReport(report, options.format), io, options.output);
  return report.holds ? EXIT_OK : EXIT_INTENT_VIOLATED;
}
