// `policyscope explain PATH... --from X --to Y --port 80/TCP`: whether one connection is allowed,
// and which policies and rules decide it in each direction.

import { analysisOptions, reportNetworkPlugin, type AnalysisFlags } from '../analysis-options.js';
import { analyze, canReach, renderExplanation, serviceExplanationTxt, type AddressForm } from '../../engine/index.js';
import type { ExplanationFormat } from '../../engine/render/index.js';
import { CliFailure, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { loadSnapshot, type InputFlags } from '../load-snapshot.js';
import { writeResult } from '../output.js';
import type { PortArgument } from '../port-argument.js';

export interface ExplainCommandOptions extends AnalysisFlags, InputFlags {
  from: string;
  to: string;
  port: PortArgument;
  format: ExplanationFormat;
  addresses?: AddressForm;
  output?: string;
}

export function runExplain(paths: readonly string[], options: ExplainCommandOptions, io: CliIo): number {
  const loaded = loadSnapshot(paths, io, options);
  loaded.progress.step('analysing');
  const analysis = analyze(loaded.parse.snapshot, analysisOptions(options));
  // `--to ns/name[Service]` (or a name only a Service has): the Service port mapped to each pod.
  const answer = canReach(analysis, options.from, options.to, options.port.port, options.port.protocol);
  loaded.progress.done();
  reportNetworkPlugin(analysis, io);
  // The endpoints named on the command line are not in the snapshot: a usage problem.
  if ('error' in answer) throw new CliFailure(answer.error, EXIT_USAGE);
  const text =
    'servicePort' in answer
      ? options.format === 'json'
        ? `${JSON.stringify(answer, null, 2)}\n`
        : serviceExplanationTxt(answer, { addresses: options.addresses })
      : renderExplanation(answer, options.format, { addresses: options.addresses });
  writeResult(text, io, options.output);
  return EXIT_OK;
}
