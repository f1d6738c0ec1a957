import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { resolveKubeconfigPath } from './kubeconfig-path.js';
import { ClusterNameTaken, ClustersRepository, type ClusterFields, type ClusterRecord } from './clusters.repository.js';

/** Cluster names appear in URLs and in snapshot uploads: DNS-label-like, like Kubernetes names. */
export const CLUSTER_NAME = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;

const CRON = /^(\S+\s+){4}\S+$/;

@Injectable()
export class ClustersService {
  constructor(
    private readonly clusters: ClustersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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

  async create(name: string, fields: ClusterFields = {}): Promise<ClusterRecord> {
    assertName(name);
    assertFields(fields);
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

  async update(name: string, fields: ClusterFields): Promise<ClusterRecord> {
    await this.get(name);
    assertFields(fields);
    this.assertKubeconfigPath(fields);
    return this.clusters.update(name, fields);
  }

  async delete(name: string): Promise<void> {
    assertName(name);
    if (!(await this.clusters.delete(name))) throw new AppError(ErrorCode.NotFound, `cluster "${name}" does not exist`);
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

function assertFields(f: ClusterFields): void {
  const details = [];
  if (f.captureSchedule != null && !CRON.test(f.captureSchedule.trim())) details.push({ path: 'captureSchedule', message: 'must be a cron expression of five fields' });
  if (f.retainLast != null && (!Number.isInteger(f.retainLast) || f.retainLast < 1)) details.push({ path: 'retainLast', message: 'must be a whole number of at least 1' });
  if (f.retainDays != null && (!Number.isInteger(f.retainDays) || f.retainDays < 1)) details.push({ path: 'retainDays', message: 'must be a whole number of at least 1' });
  if (details.length) throw new AppError(ErrorCode.BadRequest, 'invalid cluster settings', details);
}
