import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { parseId } from '../../common/query-params.js';
import {
  connectivityJsonStream,
  connectivityPage,
  ENGINE_VERSION,
  queryRows,
  storedExposure,
  StoredQueryError,
  type ConnectivityPage,
  type ConnectivityResult,
  type ExposedEndpoint,
  type Granularity,
  type RowQuery,
  type StoredView,
} from '../../engine/index.js';
import type { AnalysisRequest } from '../../engine/index.js';
import { AnalysisQueue } from '../analysis/analysis-queue.js';
import { AnalysisResultsRepository } from '../analysis/analysis-results.repository.js';
import { resultsAreCurrent } from '../analysis/analysis-runner.service.js';
import { StoredResults } from '../analysis/stored-results.service.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { analysisRequestFor } from '../clusters/analysis-options.js';
import { InvalidCursor, SnapshotsRepository, type SnapshotPage, type SnapshotRecord } from './snapshots.repository.js';

/** How long a client is told to wait before asking again about a snapshot that is not ready yet. */
export const NOT_READY_RETRY_AFTER_SECONDS = 5;

/** Reading and deleting stored snapshots and their stored results (never re-analysed here). */
@Injectable()
export class SnapshotsService {
  constructor(
    private readonly snapshots: SnapshotsRepository,
    private readonly results: AnalysisResultsRepository,
    private readonly clusters: ClustersService,
    private readonly queue: AnalysisQueue,
    private readonly stored: StoredResults,
  ) {}

  /** `argument`: the id's name as the client gave it (`id`, `snapshot`, `from`, `to`), for a malformed id's 400. */
  async get(id: string, argument = 'id'): Promise<SnapshotRecord> {
    const snapshot = await this.snapshots.findById(parseId(id, argument));
    if (!snapshot) throw new AppError(ErrorCode.NotFound, `snapshot "${id}" does not exist`, [{ path: argument, message: 'no snapshot has this id' }]);
    return snapshot;
  }

  async list(clusterName: string, first: number, after: string | null): Promise<SnapshotPage> {
    const cluster = await this.clusters.get(clusterName);
    return this.listOfCluster(cluster.id, first, after);
  }

  async listOfCluster(clusterId: string, first: number, after: string | null): Promise<SnapshotPage> {
    try {
      return await this.snapshots.listByCluster(clusterId, first, after);
    } catch (err) {
      if (err instanceof InvalidCursor) throw new AppError(ErrorCode.BadRequest, 'invalid cursor', [{ path: 'after', message: 'use a cursor from a previous page' }]);
      throw err;
    }
  }

  countOfCluster(clusterId: string): Promise<number> {
    return this.snapshots.countByCluster(clusterId);
  }

  /** The cluster's latest observation (by capture time), or null when it has none. */
  latestOfCluster(clusterId: string): Promise<SnapshotRecord | null> {
    return this.snapshots.latestOfCluster(clusterId);
  }

  /** The cluster's latest observation; NOT_FOUND when the cluster has no snapshot. */
  async latest(clusterName: string): Promise<SnapshotRecord> {
    const cluster = await this.clusters.get(clusterName);
    const latest = await this.snapshots.latestOfCluster(cluster.id);
    if (!latest) throw new AppError(ErrorCode.NotFound, `cluster "${clusterName}" has no snapshot yet`);
    return latest;
  }

  /** Deletes the snapshot; content another snapshot shares stays. */
  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.snapshots.delete(id);
  }

  /**
   * The snapshot, whose results must be ready and current: NOT_READY (retry) while it is analysed
   * or recomputed, RESULT_UNAVAILABLE when its analysis failed for good. Results of another engine
   * version are sent back for recompute here, never served.
   */
  async getReady(id: string, argument = 'id'): Promise<SnapshotRecord> {
    const snapshot = await this.get(id, argument);
    if (snapshot.status === 'failed') {
      throw new AppError(ErrorCode.ResultUnavailable, `snapshot ${id} could not be analysed${snapshot.error ? ` (${snapshot.error})` : ''}: its results will never be available; upload it again after fixing the cause`);
    }
    const request = snapshot.status === 'ready' ? await this.clusters.analysisRequestOf(snapshot.clusterId, snapshot.analysisOverride) : undefined;
    if (request !== undefined && !resultsAreCurrent({ status: snapshot.status, engineVersion: snapshot.engineVersion, analysisOptions: snapshot.analysisOptions }, request)) {
      await this.requeueStale(snapshot.contentId, request);
      const why = snapshot.engineVersion === ENGINE_VERSION ? 'the cluster\'s analysis options changed' : `they were computed by engine version ${snapshot.engineVersion ?? 'unknown'}`;
      throw this.notReady(id, `its results are being recomputed (${why})`);
    }
    if (snapshot.status !== 'ready') throw this.notReady(id, `it is ${snapshot.status}`);
    return snapshot;
  }

  /** The stored result of a ready snapshot, read at one granularity (every size, every granularity). */
  async connectivityView(id: string, granularity: Granularity, argument = 'id'): Promise<StoredView> {
    const snapshot = await this.getReady(id, argument);
    const view = await this.stored.view(snapshot, granularity);
    if (!view) throw new AppError(ErrorCode.ResultUnavailable, `snapshot ${id} has no stored result (removed?): it is analysed again when uploaded again`);
    return view;
  }

  /**
   * The whole connectivity, every row materialised (with `endpoints`, for diffs). Prefer
   * `connectivityPage` or streaming for large snapshots.
   */
  async connectivity(id: string, granularity: Granularity, argument = 'id', query: RowQuery = {}): Promise<ConnectivityResult> {
    const view = await this.connectivityView(id, granularity, argument);
    // The stored result is shared by every snapshot of equal content: it answers for the one asked about.
    const connections = storedQuery(() => [...queryRows(view, query)].map((r) => r.connection));
    return { ...view.frame(id), connections, endpoints: view.endpoints.slice(0, view.groupCount) };
  }

  /** One page of connectivity, filtered; `nextCursor` resumes after it. */
  async connectivityPage(id: string, granularity: Granularity, query: RowQuery & { limit: number }, argument = 'id'): Promise<ConnectivityPage> {
    const view = await this.connectivityView(id, granularity, argument);
    return storedQuery(() => connectivityPage(view, id, query));
  }

  /** Every kept row as JSON text, in chunks (the JSON renderer's exact text for the whole result). */
  async connectivityJson(id: string, granularity: Granularity, query: RowQuery, argument = 'id'): Promise<Iterable<string>> {
    const view = await this.connectivityView(id, granularity, argument);
    // Filters and cursors are checked before the first chunk is sent.
    storedQuery(() => queryRows(view, query).next());
    // 1 MB chunks: few writes, and the event loop is given back between them.
    return connectivityJsonStream(view, id, query, 1 << 20);
  }

  /** Workloads reachable from outside the cluster, read from the stored result's rows from outside. */
  async exposure(id: string, argument = 'snapshot'): Promise<ExposedEndpoint[]> {
    return storedExposure(await this.connectivityView(id, 'workload', argument), id);
  }

  async metrics(id: string): Promise<Record<string, number>> {
    return this.results.metrics(id);
  }

  /** Metrics of a snapshot whose results are ready and current (GraphQL `Snapshot.metrics`). */
  async readyMetrics(id: string): Promise<Record<string, number>> {
    await this.getReady(id);
    return this.results.metrics(id);
  }

  /**
   * One point per observation whose results are current, in capture-time order. Points whose
   * results came from another engine version are queued for recompute and appear once recomputed.
   */
  async history(clusterName: string, from: Date | null, to: Date | null) {
    const cluster = await this.clusters.get(clusterName);
    for (const stale of await this.snapshots.staleContents(cluster.id, ENGINE_VERSION)) await this.requeueStale(stale.id, analysisRequestFor(cluster.analysisOptions, stale.analysisOverride));
    return this.results.history(cluster.id, from, to, ENGINE_VERSION);
  }

  private async requeueStale(contentId: string, request: AnalysisRequest): Promise<void> {
    if (await this.snapshots.requeueStale(contentId, ENGINE_VERSION, request, (client, cid) => this.queue.enqueue(cid, client))) this.queue.wake();
  }

  private notReady(id: string, why: string): AppError {
    return new AppError(ErrorCode.NotReady, `snapshot ${id} is not ready: ${why}; ask again in ${NOT_READY_RETRY_AFTER_SECONDS} s`, [], NOT_READY_RETRY_AFTER_SECONDS);
  }
}

/** A stored query's malformed argument (selector, cursor, workload) is the client's mistake: 400 naming it. */
function storedQuery<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof StoredQueryError) throw new AppError(ErrorCode.BadRequest, err.message, [{ path: err.argument, message: err.message }]);
    throw err;
  }
}
