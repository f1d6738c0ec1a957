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

  /** Deletes the events outside the retention (the newest `last` kept, none older than `days`); returns how many. */
  async deleteExpired(last: number | null, days: number | null): Promise<number> {
    if (last === null && days === null) return 0;
    return this.prisma.$executeRaw`
      DELETE FROM audit_events WHERE id IN (
        SELECT id FROM (SELECT id, at, row_number() OVER (ORDER BY at DESC, id DESC) AS rank FROM audit_events) e
         WHERE (${last}::int IS NOT NULL AND rank > ${last}::int) OR (${days}::int IS NOT NULL AND at < now() - make_interval(days => ${days}::int)))`;
  }

  /** Newest first; `before` is the id of the last event of the previous page. */
  page(first: number, before?: bigint): Promise<AuditEventRecord[]> {
    return this.prisma.auditEvent.findMany({ where: before !== undefined ? { id: { lt: before } } : {}, orderBy: { id: 'desc' }, take: first });
  }
}
