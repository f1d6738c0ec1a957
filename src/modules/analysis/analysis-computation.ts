// The engine's part of an analysis job, as one pure function over the stored objects, so it can run
// on a worker thread (no Nest, no database here).
import { analyze, connectivity, parseDocuments, snapshotMetrics, summarizeAnalysis, type AnalysisRequest, type ConnectivityResult, type Granularity } from '../../engine/index.js';
import type { AnalysisResults } from './analysis-results.repository.js';

/** Pod-level connectivity grows with pods²; above this many pods only workload and namespace results are stored. */
export const POD_GRANULARITY_LIMIT = 2000;

/**
 * The options every stored result is computed with (recorded with the result, with the engine
 * version): none given, so each defaults from the snapshot's detected network plugin, then the
 * engine's defaults, and enforcement is `auto` (results say which, in `optionSources`).
 */
export const SERVICE_ANALYSIS_OPTIONS: AnalysisRequest = {};

/**
 * `rawJson`: a snapshot content's stored objects as one JSON array; `contentId` names the result;
 * `request`: the options of the content's cluster (`analysisRequestFor`), recorded with the results.
 */
export function computeAnalysis(contentId: string, rawJson: string, request: AnalysisRequest = SERVICE_ANALYSIS_OPTIONS): AnalysisResults {
  const started = performance.now();
  // Stored objects were validated at ingest (an upload in `warn` mode may keep unknown fields): not again.
  const parsed = parseDocuments([{ name: `snapshot content ${contentId}`, content: rawJson }], { validation: 'ignore' });
  if (parsed.fatal) throw new Error(`stored objects no longer parse: ${parsed.diagnostics.find((d) => d.severity === 'fatal')?.message}`);
  const analysis = analyze(parsed.snapshot, request);
  const granularities: Granularity[] = parsed.snapshot.pods.length <= POD_GRANULARITY_LIMIT ? ['workload', 'namespace', 'pod'] : ['workload', 'namespace'];
  const results: Partial<Record<Granularity, ConnectivityResult>> = {};
  for (const g of granularities) results[g] = connectivity(analysis, g, contentId);
  const summary = summarizeAnalysis(analysis);
  const analyzeMs = Math.round(performance.now() - started);
  return {
    connectivity: results,
    podClasses: summary.classes.map((c) => ({ namespace: c.namespace, labels: { ...c.labels }, members: [...c.members] })),
    metrics: { ...snapshotMetrics(summary, results.workload!), analysis_ms: analyzeMs },
    diagnostics: [...analysis.diagnostics],
    analyzeMs,
  };
}
