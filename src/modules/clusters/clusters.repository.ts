import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import type { Cluster } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';

export type ClusterRecord = Cluster;

export interface ClusterFields {
  description?: string | null;
  kubeconfigPath?: string | null;
  kubeContext?: string | null;
  inCluster?: boolean;
  captureSchedule?: string | null;
  retainLast?: number | null;
  retainDays?: number | null;
}

export class ClusterNameTaken extends Error {}

@Injectable()
export class ClustersRepository {
  constructor(private readonly prisma: PrismaService) {}

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
      return await this.prisma.cluster.create({ data: { name, ...fields } });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw new ClusterNameTaken(name);
      throw err;
    }
  }

  update(name: string, fields: ClusterFields): Promise<ClusterRecord> {
    return this.prisma.cluster.update({ where: { name }, data: fields });
  }

  async delete(name: string): Promise<boolean> {
    const { count } = await this.prisma.cluster.deleteMany({ where: { name } });
    return count > 0;
  }

  withSchedules(): Promise<ClusterRecord[]> {
    return this.prisma.cluster.findMany({ where: { captureSchedule: { not: null } } });
  }
}
