// The engine's part of an analysis job, as one pure function over the stored objects, so it can run
// on a worker thread (no Nest, no database here).
import {
  analyze,
  dashboardTables,
  encodeStoredResult,
  ENGINE_VERSION,
  findings,
  parseDocuments,
  snapshotMetrics,
  storedResultOf,
  StoredView,
  summarizeAnalysis,
  type AnalysisRequest,
  type ParseOptions,
  type NamespacePairRow,
  type WorkloadRow,
} from '../../engine/index.js';
import type { AnalysisResults } from './analysis-results.repository.js';

/**
 * The options every stored result is computed with (recorded with the result, with the engine
 * version): none given, so each defaults from the snapshot's detected network plugin, then the
 * engine's defaults, and enforcement is `auto` (results say which, in `optionSources`).
 */
export const SERVICE_ANALYSIS_OPTIONS: AnalysisRequest = {};

/**
 * How stored objects are read back: they were validated and size-checked at ingest (an upload in
 * `warn` mode may keep unknown fields), so neither again: one JSON array of a 100,000-pod content is
 * past the per-document limit uploads have. The analysis needs no raw text. Types of fields no
 * decoder reads are not checked again: content stored before that check existed must still analyse.
 */
export const STORED_OBJECTS_PARSE: ParseOptions = {
  validation: 'ignore',
  maxDocumentBytes: Number.MAX_SAFE_INTEGER,
  maxTotalBytes: Number.MAX_SAFE_INTEGER,
  keepRaw: false,
  checkUnreadFields: false,
};

/** Above this many namespace pairs with allowed workload pairs, the `namespace_pairs` rows of a content are not written. */
export const NAMESPACE_PAIR_ROWS = 50_000;

/**
 * `rawJson`: a snapshot content's stored objects as one JSON array; `contentId` names the result;
 * `request`: the options of the content's cluster (`analysisRequestFor`), recorded with the results.
 */
export function computeAnalysis(contentId: string, rawJson: string, request: AnalysisRequest = SERVICE_ANALYSIS_OPTIONS): AnalysisResults {
  const started = performance.now();
  // Stored objects were validated at ingest (an upload in `warn` mode may keep unknown fields): not again.
  const parsed = parseDocuments([{ name: `snapshot content ${contentId}`, content: rawJson }], STORED_OBJECTS_PARSE);
  if (parsed.fatal) throw new Error(`stored objects no longer parse: ${parsed.diagnostics.find((d) => d.severity === 'fatal')?.message}`);
  const analysis = analyze(parsed.snapshot, request);
  const stored = storedResultOf(analysis, ENGINE_VERSION);
  // Dashboards and metrics come from the stored form, as every later query does: one reading.
  const tables = dashboardTables(new StoredView(stored, 'workload'), contentId);
  const summary = summarizeAnalysis(analysis);
  const analyzeMs = Math.round(performance.now() - started);
  const workloads: WorkloadRow[] = tables.workloads;
  // Per namespace pair only where there are few: a table of a million rows would be the pair table again.
  const namespacePairs: NamespacePairRow[] = tables.namespacePairs.length <= NAMESPACE_PAIR_ROWS ? tables.namespacePairs : [];
  return {
    stored: encodeStoredResult(stored),
    workloads,
    namespacePairs,
    // Computed once per analysis (the summary's findings metrics counted the same list).
    findings: findings(analysis),
    metrics: { ...snapshotMetrics(summary, tables.outside, tables), analysis_ms: analyzeMs },
    diagnostics: [...analysis.diagnostics],
    analyzeMs,
  };
}
