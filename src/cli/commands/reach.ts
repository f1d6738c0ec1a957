// `policyscope who-can-reach PATH... --to NS/NAME [--port 80/TCP]` and
// `policyscope reachable-from PATH... --from NS/NAME`: every pod or workload, external block and
// the ingress controller on the other side, with the ports allowed.

import { analysisOptions, reportNetworkPlugin, type AnalysisFlags } from '../analysis-options.js';
import { analyze, reachableFrom, renderReach, whoCanReach, type AddressForm, type ReachFormat, type ReachGranularity } from '../../engine/index.js';
import { CliFailure, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { loadSnapshot, type InputFlags } from '../load-snapshot.js';
import { writeResult } from '../output.js';
import type { PortArgument } from '../port-argument.js';

export interface ReachCommandOptions extends AnalysisFlags, InputFlags {
  granularity: ReachGranularity;
  port?: PortArgument;
  format: ReachFormat;
  addresses?: AddressForm;
  output?: string;
}

export function runReach(direction: 'to' | 'from', paths: readonly string[], endpoint: string, options: ReachCommandOptions, io: CliIo): number {
  const loaded = loadSnapshot(paths, io, options);
  loaded.progress.step('analysing');
  const analysis = analyze(loaded.parse.snapshot, analysisOptions(options));
  const query = { granularity: options.granularity, ...(options.port ? { port: options.port.port, protocol: options.port.protocol } : {}) };
  const answer = direction === 'to' ? whoCanReach(analysis, endpoint, query) : reachableFrom(analysis, endpoint, query);
  loaded.progress.done();
  reportNetworkPlugin(analysis, io);
  // An endpoint named on the command line that is not in the snapshot: a usage problem.
  if ('error' in answer) throw new CliFailure(answer.error, EXIT_USAGE);
  writeResult(renderReach(answer, options.format, { addresses: options.addresses }), io, options.output);
  return EXIT_OK;
}
