import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import type { ApiKey, PrismaClient } from '../../generated/prisma/client.js';

export type ApiKeyRecord = ApiKey;

export interface NewApiKeyRow {
  name: string;
  keyId: string;
  secretHash: string;
  scopes: string[];
  clusters: string[];
  createdBy: string;
}

/** API keys and the lookups the access guard needs. Also used by `policyscope keys` on a plain client. */
@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaClient) {}

  create(row: NewApiKeyRow): Promise<ApiKeyRecord> {
    return this.prisma.apiKey.create({ data: row });
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.prisma.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
  }

  findByKeyId(keyId: string): Promise<ApiKeyRecord | null> {
    return this.prisma.apiKey.findUnique({ where: { keyId } });
  }

  /** Marks a key revoked; false when no key has this id or it was revoked already. */
  async revoke(id: string): Promise<ApiKeyRecord | undefined> {
    const { count } = await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    return count ? ((await this.prisma.apiKey.findUnique({ where: { id } })) ?? undefined) : undefined;
  }

  /**
   * Creates the first admin key unless a key exists, atomically across processes starting
   * together (an advisory lock); `afterCreate` runs before commit, so a key whose file could not
   * be written is not kept.
   */
  async createFirstKey(make: () => Promise<NewApiKeyRow>, afterCreate: () => Promise<void>): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('policyscope:first-api-key'))`;
      if ((await tx.apiKey.count()) > 0) return false;
      await tx.apiKey.create({ data: await make() });
      await afterCreate();
      return true;
    });
  }

  /** The name of the cluster a snapshot belongs to; undefined when there is no such snapshot. */
  async clusterNameOfSnapshot(snapshotId: string): Promise<string | undefined> {
    const row = await this.prisma.snapshot.findUnique({ where: { id: snapshotId }, select: { cluster: { select: { name: true } } } });
    return row?.cluster.name;
  }
}
