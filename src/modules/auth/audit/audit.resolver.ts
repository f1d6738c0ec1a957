import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../access.decorator.js';
import { AuditEventModel } from './audit-event.model.js';
import { cursor, pageSize } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';

@Resolver(() => AuditEventModel)
export class AuditResolver {
  constructor(private readonly audit: AuditRepository) {}

  @Query(() => [AuditEventModel], { description: 'The audit log, newest first (admin).' })
  @Access('admin')
  async auditEvents(
    @Args('first', { type: () => Int, defaultValue: 100, description: '1 to 500.' }) first: number,
    @Args('before', { type: () => String, nullable: true, description: 'id of the last event of the previous page.' }) before: string | null,
  ): Promise<AuditEventModel[]> {
    return (await this.audit.page(pageSize(first), cursor(before))).map(AuditEventModel.from);
  }
}
