import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import type { ConnectivityResult, Granularity } from '../../engine/index.js';
import { AnalysisResultsRepository } from '../analysis/analysis-results.repository.js';
import { POD_GRANULARITY_LIMIT } from '../analysis/analysis-computation.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { InvalidCursor, SnapshotsRepository, type SnapshotPage, type SnapshotRecord } from './snapshots.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reading and deleting stored snapshots and their stored results (never re-analysed here). */
@Injectable()
export class SnapshotsService {
  constructor(
    private readonly snapshots: SnapshotsRepository,
    private readonly results: AnalysisResultsRepository,
    private readonly clusters: ClustersService,
  ) {}

  async get(id: string): Promise<SnapshotRecord> {
    const snapshot = UUID.test(id) ? await this.snapshots.findById(id) : null;
    if (!snapshot) throw new AppError(ErrorCode.NotFound, `snapshot "${id}" does not exist`);
    return snapshot;
  }

  async list(clusterName: string, first: number, after: string | null): Promise<SnapshotPage> {
    const cluster = await this.clusters.get(clusterName);
    try {
      return await this.snapshots.listByCluster(cluster.id, first, after);
    } catch (err) {
      if (err instanceof InvalidCursor) throw new AppError(ErrorCode.BadRequest, 'invalid cursor', [{ path: 'after', message: 'use nextCursor from a previous page' }]);
      throw err;
    }
  }

  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.snapshots.delete(id);
  }

  /** The snapshot, which must be analysed: its results are what every query reads. */
  async getReady(id: string): Promise<SnapshotRecord> {
    const snapshot = await this.get(id);
    if (snapshot.status !== 'ready') {
      throw new AppError(ErrorCode.Conflict, `snapshot ${id} is ${snapshot.status}${snapshot.error ? ` (${snapshot.error})` : ''}: queries are answered once it is ready`);
    }
    return snapshot;
  }

  async connectivity(id: string, granularity: Granularity): Promise<ConnectivityResult> {
    await this.getReady(id);
    const result = await this.results.connectivity(id, granularity);
    if (!result) {
      throw new AppError(ErrorCode.Conflict, `pod granularity is stored only for snapshots of at most ${POD_GRANULARITY_LIMIT} pods: use granularity=workload or namespace`);
    }
    return result;
  }

  async metrics(id: string): Promise<Record<string, number>> {
    return this.results.metrics(id);
  }

  async history(clusterName: string, from: Date | null, to: Date | null) {
    const cluster = await this.clusters.get(clusterName);
    return this.results.history(cluster.id, from, to);
  }
}
