// `policyscope paths PATH... --from internet --to tier=db [-k 4]`: shortest attack paths, and
// `policyscope blast-radius PATH... --from ns/workload [-k 3]`: everything reachable within k hops.

import { analysisOptions, reportNetworkPlugin, type AnalysisFlags } from '../analysis-options.js';
import { analyze, attackPaths, blastRadius } from '../../engine/index.js';
import { renderAttackPaths, renderBlastRadius, type PathsFormat } from '../../engine/queries/paths/render-text.js';
import { CliFailure, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { loadSnapshot, type InputFlags } from '../load-snapshot.js';
import { writeResult } from '../output.js';

export interface PathsOptions extends AnalysisFlags, InputFlags {
  from: string;
  to?: string;
  k?: number;
  format: PathsFormat;
  output?: string;
}

export function runPaths(question: 'paths' | 'blast-radius', paths: readonly string[], options: PathsOptions, io: CliIo): number {
  const loaded = loadSnapshot(paths, io, options);
  loaded.progress.step('analysing');
  const analysis = analyze(loaded.parse.snapshot, analysisOptions(options));
  const answer = question === 'paths' ? attackPaths(analysis, options.from, options.to ?? '', options.k) : blastRadius(analysis, options.from, options.k);
  loaded.progress.done();
  reportNetworkPlugin(analysis, io);
  if ('error' in answer) throw new CliFailure(answer.error, EXIT_USAGE);
  writeResult('paths' in answer ? renderAttackPaths(answer, options.format) : renderBlastRadius(answer, options.format), io, options.output);
  return EXIT_OK;
}
