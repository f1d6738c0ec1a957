import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../../../database/prisma.service.js';
import type { AuditEvent, Prisma, PrismaClient } from '../../../generated/prisma/client.js';

export type AuditEventRecord = AuditEvent;

export interface NewAuditEvent {
  actor: string;
  action: string;
  target?: string;
  address?: string;
  details?: Prisma.InputJsonValue;
}

@Injectable()
export class AuditRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaClient) {}

  async record(event: NewAuditEvent): Promise<void> {
    await this.prisma.auditEvent.create({ data: { ...event, details: event.details ?? {} } });
  }

  /** Newest first; `before` is the id of the last event of the previous page. */
  page(first: number, before?: bigint): Promise<AuditEventRecord[]> {
    return this.prisma.auditEvent.findMany({ where: before !== undefined ? { id: { lt: before } } : {}, orderBy: { id: 'desc' }, take: first });
  }
}
