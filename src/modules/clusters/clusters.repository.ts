import { Injectable } from '@nestjs/common';
import { DataGeneration } from '../../database/data-generation.js';
import { PrismaService } from '../../database/prisma.service.js';
import type { Cluster } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { ClusterAnalysisOptions } from './analysis-options.js';

export type ClusterRecord = Cluster;

export interface ClusterFields {
  description?: string | null;
  kubeconfigPath?: string | null;
  kubeconfigSecret?: string | null;
  kubeContext?: string | null;
  inCluster?: boolean;
  captureSchedule?: string | null;
  retainLast?: number | null;
  retainDays?: number | null;
  analysisOptions?: ClusterAnalysisOptions;
}

export class ClusterNameTaken extends Error {}

function toData(fields: ClusterFields): Omit<ClusterFields, 'analysisOptions'> & { analysisOptions?: Prisma.InputJsonValue } {
  const { analysisOptions, ...rest } = fields;
  return analysisOptions === undefined ? rest : { ...rest, analysisOptions: analysisOptions as Prisma.InputJsonValue };
}

@Injectable()
export class ClustersRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly generation: DataGeneration,
  ) {}

  list(): Promise<ClusterRecord[]> {
    return this.prisma.cluster.findMany({ orderBy: { name: 'asc' } });
  }

  findByName(name: string): Promise<ClusterRecord | null> {
    return this.prisma.cluster.findUnique({ where: { name } });
  }

  findById(id: string): Promise<ClusterRecord | null> {
    return this.prisma.cluster.findUnique({ where: { id } });
  }

  async create(name: string, fields: ClusterFields): Promise<ClusterRecord> {
    try {
      return await this.prisma.cluster.create({ data: { name, ...toData(fields) } });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw new ClusterNameTaken(name);
      throw err;
    }
  }

  async update(name: string, fields: ClusterFields): Promise<ClusterRecord> {
    try {
      return await this.prisma.cluster.update({ where: { name }, data: toData(fields) });
    } finally {
      this.generation.changed();
    }
  }

  async delete(name: string): Promise<boolean> {
    const { count } = await this.prisma.cluster.deleteMany({ where: { name } });
    this.generation.changed();
    return count > 0;
  }

  /** The stored analysis options of the cluster a snapshot content belongs to, and the content's upload override (undefined: no such content). */
  async analysisOptionsOfContent(contentId: string): Promise<{ cluster: unknown; override: unknown } | undefined> {
    const content = await this.prisma.snapshotContent.findUnique({ where: { id: contentId }, select: { analysisOverride: true, cluster: { select: { analysisOptions: true } } } });
    return content ? { cluster: content.cluster.analysisOptions, override: content.analysisOverride } : undefined;
  }

  /** The cluster's contents whose results are ready (to be checked against changed options), with each one's upload override. */
  async readyContents(clusterId: string): Promise<{ id: string; analysisOverride: unknown }[]> {
    return this.prisma.snapshotContent.findMany({ where: { clusterId, status: 'ready' }, select: { id: true, analysisOverride: true } });
  }

  withSchedules(): Promise<ClusterRecord[]> {
    return this.prisma.cluster.findMany({ where: { captureSchedule: { not: null } } });
  }
}
