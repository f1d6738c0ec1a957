import { Injectable, Logger } from '@nestjs/common';
import { analyze, connectivity, parseDocuments, summarizeAnalysis, type ConnectivityResult, type Granularity } from '../../engine/index.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { AnalysisResultsRepository, type AnalysisResults } from './analysis-results.repository.js';

/** Pod-level connectivity grows with pods²; above this many pods only workload and namespace results are stored. */
export const POD_GRANULARITY_LIMIT = 2000;

/** Runs the engine on a stored snapshot and stores everything the queries need. */
@Injectable()
export class AnalysisRunner {
  private readonly logger = new Logger(AnalysisRunner.name);

  constructor(
    private readonly snapshots: SnapshotsRepository,
    private readonly results: AnalysisResultsRepository,
  ) {}

  async run(snapshotId: string, attempt: { retryCount: number; retryLimit: number } = { retryCount: 0, retryLimit: 0 }): Promise<void> {
    const snapshot = await this.snapshots.findById(snapshotId);
    if (!snapshot) return; // deleted before its turn
    if (snapshot.status === 'ready') return; // a duplicate job: the work is done
    await this.snapshots.markAnalyzing(snapshotId);
    try {
      const results = await this.compute(snapshotId);
      await this.results.store(snapshotId, results);
      this.logger.log(`analysed snapshot ${snapshotId} in ${results.analyzeMs} ms`);
    } catch (err) {
      const last = attempt.retryCount >= attempt.retryLimit;
      const message = (err as Error).message ?? String(err);
      this.logger.error(`analysis of snapshot ${snapshotId} failed (attempt ${attempt.retryCount + 1} of ${attempt.retryLimit + 1}): ${message}`);
      await this.snapshots.markStatus(snapshotId, last ? 'failed' : 'pending', message);
      throw err;
    }
  }

  private async compute(snapshotId: string): Promise<AnalysisResults> {
    const raw = await this.snapshots.loadRawObjects(snapshotId);
    const started = performance.now();
    const parsed = parseDocuments([{ name: `snapshot ${snapshotId}`, content: JSON.stringify(raw) }]);
    if (parsed.fatal) throw new Error(`stored objects no longer parse: ${parsed.diagnostics.find((d) => d.severity === 'fatal')?.message}`);
    const analysis = analyze(parsed.snapshot);
    const granularities: Granularity[] = parsed.snapshot.pods.length <= POD_GRANULARITY_LIMIT ? ['workload', 'namespace', 'pod'] : ['workload', 'namespace'];
    const results: Partial<Record<Granularity, ConnectivityResult>> = {};
    for (const g of granularities) results[g] = connectivity(analysis, g, snapshotId);
    const summary = summarizeAnalysis(analysis);
    const analyzeMs = Math.round(performance.now() - started);
    return {
      connectivity: results,
      podClasses: summary.classes.map((c) => ({ namespace: c.namespace, labels: { ...c.labels }, members: [...c.members] })),
      metrics: { ...metricsOf(results.workload!, parsed.snapshot.networkPolicies.length + parsed.snapshot.adminPolicies.length), ...summary.metrics, analysis_ms: analyzeMs },
      diagnostics: analysis.diagnostics,
      analyzeMs,
    };
  }
}

/** History metrics derived from workload connectivity. */
export function metricsOf(workload: ConnectivityResult, policies: number): Record<string, number> {
  const isWorkload = (kind: string) => kind !== 'External' && kind !== 'IngressController' && kind !== 'Namespace';
  let pairs = 0;
  const exposed = new Set<string>();
  for (const c of workload.connections) {
    if (isWorkload(c.src.kind) && isWorkload(c.dst.kind)) pairs++;
    if ((c.src.kind === 'External' || c.src.kind === 'IngressController') && isWorkload(c.dst.kind)) {
      const d = c.dst as { kind: string; namespace: string; name: string };
      exposed.add(`${d.namespace}/${d.name}[${d.kind}]`);
    }
  }
  return { policies, allowed_workload_pairs: pairs, workloads_reachable_from_outside: exposed.size };
}
