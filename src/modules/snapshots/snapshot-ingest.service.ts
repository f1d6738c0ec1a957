import { Injectable, Logger } from '@nestjs/common';
import type { ErrorDetail } from '../../common/errors/app-error.js';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { parseDocuments, type Diagnostic, type ParseLimits, type SourceDocument } from '../../engine/index.js';
import { AnalysisQueue } from '../analysis/analysis-queue.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { contentSha256 } from './canonical-content.js';
import { SnapshotsRepository, type SnapshotRecord } from './snapshots.repository.js';

export interface IngestRequest {
  cluster: string;
  name?: string;
  capturedAt?: Date;
  source: 'upload' | 'live' | 'cli';
  documents: readonly SourceDocument[];
  limits?: Partial<ParseLimits>;
  /** Diagnostics from before parsing (e.g. a live capture's warnings), stored with the snapshot. */
  extraDiagnostics?: readonly Diagnostic[];
}

export interface IngestOutcome {
  snapshot: SnapshotRecord;
  /** True when the same content was already stored for this cluster: nothing new was stored. */
  duplicate: boolean;
}

/** Diagnostics that make an upload unusable become the `details` of a 400. */
export function fatalDetails(diagnostics: readonly Diagnostic[]): ErrorDetail[] {
  return diagnostics
    .filter((d) => d.severity === 'fatal')
    .map((d) => ({ document: d.document, item: d.item, file: d.file, path: d.path, code: d.code, message: d.object ? `${d.object}: ${d.message}` : d.message }));
}

/**
 * One way in for every snapshot (upload, GraphQL, live capture): parse and validate with the engine,
 * refuse fatal input with nothing stored, deduplicate by content, then store the objects and queue
 * the analysis in one transaction.
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
    const parseStarted = performance.now();
    const parsed = parseDocuments(req.documents, req.limits);
    const parseMs = Math.round(performance.now() - parseStarted);
    if (parsed.fatal) {
      const details = fatalDetails(parsed.diagnostics);
      throw new AppError(ErrorCode.InvalidInput, `the snapshot has ${details.length} invalid document(s) or field(s); nothing was stored`, details);
    }
    if (parsed.objects.length === 0) {
      throw new AppError(ErrorCode.InvalidInput, 'the snapshot holds no Kubernetes object of a kind PolicyScope reads; nothing was stored', fatalDetails(parsed.diagnostics));
    }
    const cluster = await this.clusters.ensure(req.cluster);
    const sha = contentSha256(parsed.objects);
    const existing = await this.snapshots.findByContent(cluster.id, sha);
    if (existing) return { snapshot: existing, duplicate: true };

    const storeStarted = performance.now();
    const counts: Record<string, number> = {};
    for (const o of parsed.objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    const capturedAt = req.capturedAt ?? new Date();
    try {
      const id = await this.snapshots.insertWithObjects(
        {
          clusterId: cluster.id,
          name: req.name ?? capturedAt.toISOString(),
          capturedAt,
          source: req.source,
          contentSha256: sha,
          counts,
          diagnostics: [...(req.extraDiagnostics ?? []), ...parsed.diagnostics],
          timings: { parseMs },
        },
        parsed.objects,
        (client, snapshotId) => this.queue.enqueue(snapshotId, client),
      );
      this.queue.wake();
      this.logger.log(`stored snapshot ${id} of ${cluster.name}: ${parsed.objects.length} objects in ${Math.round(performance.now() - storeStarted)} ms`);
      return { snapshot: (await this.snapshots.findById(id))!, duplicate: false };
    } catch (err) {
      // Two uploads of the same content raced: the loser answers with the winner's snapshot.
      if ((err as { code?: string }).code === '23505') {
        const winner = await this.snapshots.findByContent(cluster.id, sha);
        if (winner) return { snapshot: winner, duplicate: true };
      }
      throw err;
    }
  }
}
