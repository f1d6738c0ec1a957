import { Injectable, Logger } from '@nestjs/common';
import type { ErrorDetail } from '../../common/errors/app-error.js';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { parseDocuments, type Diagnostic, type ParseLimits, type SourceDocument, type ValidationMode } from '../../engine/index.js';
import { AnalysisQueue } from '../analysis/analysis-queue.js';
import { ClustersService } from '../clusters/clusters.service.js';
import type { ClusterAnalysisOptions } from '../clusters/analysis-options.js';
import { snapshotName } from '../../common/query-params.js';
import { contentSha256 } from './canonical-content.js';
import { SnapshotsRepository, type SnapshotRecord } from './snapshots.repository.js';

export interface IngestRequest {
  cluster: string;
  name?: string;
  capturedAt?: Date;
  source: 'upload' | 'live' | 'cli';
  documents: readonly SourceDocument[];
  limits?: Partial<ParseLimits>;
  /** How unknown fields and invalid enum values are treated; default `strict` (a live capture passes `capture`). */
  validation?: ValidationMode;
  /** Diagnostics from before parsing (e.g. a live capture's warnings), stored with the snapshot. */
  extraDiagnostics?: readonly Diagnostic[];
  /**
   * Opt-in: when the cluster already has a snapshot of this content, store nothing and answer with
   * it (`duplicate: true`). Default: every upload or capture is a new observation.
   */
  dedupe?: boolean;
  /**
   * This upload's override of its cluster's analysis options (checked: `uploadOverride`). A content
   * is shared only by snapshots of equal content and equal override, so results computed with
   * other options never answer for it; it stays in force when the cluster's options change.
   */
  analysisOverride?: ClusterAnalysisOptions;
}

export interface IngestOutcome {
  snapshot: SnapshotRecord;
  /** With `dedupe`: the same content was already stored for this cluster, nothing new was stored. */
  duplicate: boolean;
  /** A new observation of content already stored: it shares the objects and the analysis, nothing is analysed again. */
  contentShared: boolean;
}

/** At most this many problems are listed in a 400: 100,000 bad documents must not make a 20 MB answer. */
export const MAX_ERROR_DETAILS = 100;

/** Diagnostics that make an upload unusable become the `details` of a 400 (with the warnings when they say why nothing was read). */
export function fatalDetails(diagnostics: readonly Diagnostic[], withWarnings = false): ErrorDetail[] {
  const listed = diagnostics.filter((d) => d.severity === 'fatal' || (withWarnings && d.severity === 'warning'));
  const details: ErrorDetail[] = listed
    .slice(0, MAX_ERROR_DETAILS)
    .map((d) => ({ document: d.document, item: d.item, file: d.file, path: d.path, code: d.code, message: d.object ? `${d.object}: ${d.message}` : d.message }));
  if (listed.length > MAX_ERROR_DETAILS) {
    details.push({ code: 'details.truncated', message: `${listed.length - MAX_ERROR_DETAILS} more problem(s) not listed; fix the first ones and upload again` });
  }
  return details;
}

/**
 * One way in for every snapshot (upload, GraphQL, live capture): parse and validate with the engine,
 * refuse fatal input with nothing stored, then store the observation. Its content (objects and
 * analysis) is stored and analysed only once per cluster and content hash; the objects and the
 * analysis job go in the same transaction as the snapshot.
 */
@Injectable()
export class SnapshotIngestService {
  private readonly logger = new Logger(SnapshotIngestService.name);

  constructor(
    private readonly clusters: ClustersService,
    private readonly snapshots: SnapshotsRepository,
    private readonly queue: AnalysisQueue,
  ) {}

  async ingest(req: IngestRequest): Promise<IngestOutcome> {
    snapshotName(req.name);
    const parseStarted = performance.now();
    const parsed = parseDocuments(req.documents, { ...req.limits, validation: req.validation ?? 'strict' });
    const parseMs = Math.round(performance.now() - parseStarted);
    if (parsed.fatal) {
      const details = fatalDetails(parsed.diagnostics);
      const problems = parsed.diagnostics.filter((d) => d.severity === 'fatal').length;
      throw new AppError(ErrorCode.InvalidInput, `the snapshot has ${problems} invalid document(s) or field(s); nothing was stored`, details);
    }
    if (parsed.objects.length === 0) {
      // The skipped kinds (and hints such as "render Helm charts") are warnings: they say why.
      throw new AppError(ErrorCode.InvalidInput, 'the snapshot holds no Kubernetes object of a kind PolicyScope reads; nothing was stored', fatalDetails(parsed.diagnostics, true));
    }
    const cluster = await this.clusters.ensure(req.cluster);
    const sha = contentSha256(parsed.objects);
    const analysisOverride = { ...(req.analysisOverride ?? {}) };
    if (req.dedupe) {
      const existing = await this.snapshots.latestWithContent(cluster.id, sha, analysisOverride);
      if (existing) return { snapshot: existing, duplicate: true, contentShared: true };
    }

    const storeStarted = performance.now();
    const counts: Record<string, number> = {};
    for (const o of parsed.objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    const capturedAt = req.capturedAt ?? new Date();
    const stored = await this.snapshots.insertWithObjects(
      {
        clusterId: cluster.id,
        name: req.name ?? capturedAt.toISOString(),
        capturedAt,
        source: req.source,
        contentSha256: sha,
        analysisOverride,
        counts,
        diagnostics: [...(req.extraDiagnostics ?? []), ...parsed.diagnostics],
        timings: { parseMs },
      },
      parsed.objects,
      (client, contentId) => this.queue.enqueue(contentId, client),
    );
    if (stored.newContent) this.queue.wake();
    const what = stored.newContent ? `${parsed.objects.length} objects` : `content shared with earlier snapshots (${stored.contentId})`;
    this.logger.log(`stored snapshot ${stored.id} of ${cluster.name}: ${what} in ${Math.round(performance.now() - storeStarted)} ms`);
    return { snapshot: (await this.snapshots.findById(stored.id))!, duplicate: false, contentShared: !stored.newContent };
  }
}
