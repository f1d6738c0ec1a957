import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { parseIntents, validateIntents, type Intent, type IntentReport, type IntentsRead } from '../../engine/index.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { AnalysisCache } from '../queries/analysis-cache.service.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { IntentsRepository } from './intents.repository.js';

export interface ClusterIntents {
  cluster: string;
  intents: Intent[];
  /** ISO 8601; null when none were ever set. */
  updatedAt: string | null;
}

export interface SnapshotIntentResults extends IntentReport {
  snapshot: string;
  cluster: string;
}

/** The intents file's rules, for REST (JSON or `{yaml}`) and GraphQL (`yaml`) alike: errors name the field. */
export function readIntentsInput(body: unknown): Intent[] {
  let read: IntentsRead;
  if (typeof body === 'string') read = parseIntents(body);
  else if (typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as { yaml?: unknown }).yaml === 'string' && Object.keys(body).length === 1) {
    read = parseIntents((body as { yaml: string }).yaml);
  } else read = validateIntents(body);
  if ('errors' in read) throw new AppError(ErrorCode.BadRequest, `invalid intents: ${read.errors[0]!.path ? `${read.errors[0]!.path}: ` : ''}${read.errors[0]!.message}`, read.errors);
  return read.intents;
}

/** Intents kept per cluster, and their evaluation on any snapshot of it (the engine's `intents` question). */
@Injectable()
export class IntentsService {
  constructor(
    private readonly repository: IntentsRepository,
    private readonly clusters: ClustersService,
    private readonly snapshots: SnapshotsService,
    private readonly cache: AnalysisCache,
  ) {}

  async get(clusterName: string): Promise<ClusterIntents> {
    const cluster = await this.clusters.get(clusterName);
    const row = await this.repository.find(cluster.id);
    return { cluster: cluster.name, intents: row?.intents ?? [], updatedAt: row?.updatedAt.toISOString() ?? null };
  }

  async put(clusterName: string, body: unknown): Promise<ClusterIntents> {
    const cluster = await this.clusters.get(clusterName);
    const intents = readIntentsInput(body);
    const row = await this.repository.put(cluster.id, intents);
    return { cluster: cluster.name, intents: row.intents, updatedAt: row.updatedAt.toISOString() };
  }

  /**
   * The cluster's current intents evaluated on a ready snapshot of it. `clusterId`, when the caller
   * knows it (a GraphQL parent), lets the intents be read beside the snapshot: every snapshot of a
   * list asks in the same tick, so one batched read serves them all.
   */
  async results(snapshotId: string, idArgument = 'id', clusterId?: string): Promise<SnapshotIntentResults> {
    const early = clusterId === undefined ? undefined : this.intentsOf(clusterId);
    early?.catch(() => undefined); // awaited below, or dropped if the snapshot turns out not to be there
    const snapshot = await this.snapshots.getReady(snapshotId, idArgument);
    const [cluster, intents] = await Promise.all([
      this.clusters.getById(snapshot.clusterId),
      early && clusterId === snapshot.clusterId ? early : this.intentsOf(snapshot.clusterId),
    ]);
    const report = await this.cache.ask(snapshot, 'intents', { intents });
    return { snapshot: snapshot.id, cluster: cluster.name, ...report };
  }

  async intentsOf(clusterId: string): Promise<Intent[]> {
    return (await this.repository.find(clusterId))?.intents ?? [];
  }
}
