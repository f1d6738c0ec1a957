import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { parseSecretRef, resolveKubeconfigPath } from './kubeconfig-path.js';
import { ENGINE_VERSION, type AnalysisRequest } from '../../engine/index.js';
import { AnalysisQueue } from '../analysis/analysis-queue.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { analysisRequestFor, applyAnalysisOptions, storedAnalysisOptions } from './analysis-options.js';
import { ClusterNameTaken, ClustersRepository, type ClusterFields, type ClusterRecord } from './clusters.repository.js';

/** Settings as a client sends them (REST body, GraphQL input): `analysisOptions` is checked here. */
export type ClusterSettings = Omit<ClusterFields, 'analysisOptions'> & { analysisOptions?: unknown };

/** Cluster names appear in URLs and in snapshot uploads: DNS-label-like, like Kubernetes names. */
export const CLUSTER_NAME = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;

const CRON = /^(\S+\s+){4}\S+$/;

@Injectable()
export class ClustersService {
  constructor(
    private readonly clusters: ClustersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly contents: SnapshotsRepository,
    private readonly queue: AnalysisQueue,
  ) {}

  list(): Promise<ClusterRecord[]> {
    return this.clusters.list();
  }

  /** A malformed name is a 400 naming it; a well-formed one that does not exist, a 404. */
  async get(name: string): Promise<ClusterRecord> {
    assertName(name);
    const cluster = await this.clusters.findByName(name);
    if (!cluster) throw new AppError(ErrorCode.NotFound, `cluster "${name}" does not exist`);
    return cluster;
  }

  async getById(id: string): Promise<ClusterRecord> {
    const cluster = await this.clusters.findById(id);
    if (!cluster) throw new AppError(ErrorCode.NotFound, `cluster ${id} does not exist`);
    return cluster;
  }

  async create(name: string, settings: ClusterSettings = {}): Promise<ClusterRecord> {
    assertName(name);
    const fields = withAnalysisOptions(settings, {});
    assertFields(fields);
    assertOneCaptureTarget(fields);
    this.assertKubeconfigPath(fields);
    try {
      return await this.clusters.create(name, fields);
    } catch (err) {
      if (err instanceof ClusterNameTaken) throw new AppError(ErrorCode.Conflict, `cluster "${name}" already exists`);
      throw err;
    }
  }

  /** The cluster of that name, created on first use (snapshot uploads name clusters freely). */
  async ensure(name: string): Promise<ClusterRecord> {
    assertName(name);
    const existing = await this.clusters.findByName(name);
    if (existing) return existing;
    try {
      return await this.clusters.create(name, {});
    } catch (err) {
      if (err instanceof ClusterNameTaken) return (await this.clusters.findByName(name))!;
      throw err;
    }
  }

  async update(name: string, settings: ClusterSettings): Promise<ClusterRecord> {
    const before = await this.get(name);
    const fields = withAnalysisOptions(settings, storedAnalysisOptions(before.analysisOptions));
    assertFields(fields);
    // Fields left out (undefined) keep their stored value.
    assertOneCaptureTarget({ ...before, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) });
    this.assertKubeconfigPath(fields);
    const after = await this.clusters.update(name, fields);
    if (fields.analysisOptions !== undefined) await this.recomputeStale(after);
    return after;
  }

  /**
   * Results computed with other options than the cluster's are never served (reads check them too);
   * queueing their recompute now also takes them out of history until they are recomputed.
   */
  private async recomputeStale(cluster: ClusterRecord): Promise<void> {
    let queued = false;
    for (const content of await this.clusters.readyContents(cluster.id)) {
      // A content uploaded with an override keeps it: recomputed with the new settings under it.
      const request = analysisRequestFor(cluster.analysisOptions, content.analysisOverride);
      if (await this.contents.requeueStale(content.id, ENGINE_VERSION, request, (client, cid) => this.queue.enqueue(cid, client))) queued = true;
    }
    if (queued) this.queue.wake();
  }

  async delete(name: string): Promise<void> {
    assertName(name);
    if (!(await this.clusters.delete(name))) throw new AppError(ErrorCode.NotFound, `cluster "${name}" does not exist`);
  }

  /** What the service asks the engine for on a snapshot of this cluster (its stored analysis options under the snapshot's upload override). */
  async analysisRequestOf(clusterId: string, override: unknown = {}): Promise<AnalysisRequest> {
    return analysisRequestFor((await this.getById(clusterId)).analysisOptions, override);
  }

  /** The kubeconfig file a capture of this cluster may read (checked again now: a symlink may have changed). */
  kubeconfigFile(cluster: ClusterRecord): string | undefined {
    return cluster.kubeconfigPath ? resolveKubeconfigPath(this.config.kubeconfigDir, cluster.kubeconfigPath) : undefined;
  }

  private assertKubeconfigPath(fields: ClusterFields): void {
    if (fields.kubeconfigPath) resolveKubeconfigPath(this.config.kubeconfigDir, fields.kubeconfigPath);
  }
}

function assertName(name: string): void {
  if (!CLUSTER_NAME.test(name)) {
    throw new AppError(ErrorCode.BadRequest, `invalid cluster name "${name}"`, [
      { path: 'name', message: 'lower-case letters, digits, ".", "_" and "-", 1 to 63 characters, starting and ending with a letter or digit' },
    ]);
  }
}

/** The settings with `analysisOptions` checked and applied to `current` (400 naming the option when invalid). */
function withAnalysisOptions(settings: ClusterSettings, current: ReturnType<typeof storedAnalysisOptions>): ClusterFields {
  const { analysisOptions, ...rest } = settings;
  return analysisOptions === undefined ? rest : { ...rest, analysisOptions: applyAnalysisOptions(current, analysisOptions) };
}

/** A capture reads one kind of credentials: a kubeconfig file, a Secret, or the service account. */
function assertOneCaptureTarget(f: Pick<ClusterFields, 'kubeconfigPath' | 'kubeconfigSecret' | 'inCluster'>): void {
  const targets = [f.kubeconfigPath != null, f.kubeconfigSecret != null, f.inCluster === true].filter(Boolean).length;
  if (targets > 1) {
    throw new AppError(ErrorCode.BadRequest, 'invalid cluster settings', [{ path: 'kubeconfigSecret', message: 'choose one capture target: kubeconfigPath, kubeconfigSecret or inCluster' }]);
  }
}

function assertFields(f: ClusterFields): void {
  const details = [];
  if (f.captureSchedule != null && !CRON.test(f.captureSchedule.trim())) details.push({ path: 'captureSchedule', message: 'must be a cron expression of five fields' });
  if (f.retainLast != null && (!Number.isInteger(f.retainLast) || f.retainLast < 1)) details.push({ path: 'retainLast', message: 'must be a whole number of at least 1' });
  if (f.retainDays != null && (!Number.isInteger(f.retainDays) || f.retainDays < 1)) details.push({ path: 'retainDays', message: 'must be a whole number of at least 1' });
  if (f.kubeconfigSecret != null && parseSecretRef(f.kubeconfigSecret) === null) {
    details.push({ path: 'kubeconfigSecret', message: 'must be namespace/name or namespace/name/key (a Secret holding a kubeconfig; key default `kubeconfig`)' });
  }

  if (details.length) throw new AppError(ErrorCode.BadRequest, 'invalid cluster settings', details);
}
