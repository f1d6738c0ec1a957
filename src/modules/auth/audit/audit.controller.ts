import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AppError, ErrorCode } from '../../../common/errors/app-error.js';
import { Access } from '../access.decorator.js';
import { AuditEventModel } from './audit-event.model.js';
import { AuditRepository } from './audit.repository.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @Access('admin')
  @ApiQuery({ name: 'first', required: false, description: '1 to 500, default 100' })
  @ApiQuery({ name: 'before', required: false, description: 'id of the last event of the previous page' })
  async list(@Query('first') first?: string, @Query('before') before?: string): Promise<{ events: AuditEventModel[] }> {
    return { events: (await this.audit.page(pageSize(first), cursor(before))).map(AuditEventModel.from) };
  }
}

export function pageSize(first: string | number | undefined): number {
  const n = first === undefined ? 100 : Number(first);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new AppError(ErrorCode.BadRequest, 'first must be a whole number from 1 to 500', [{ path: 'first', message: '1 to 500' }]);
  return n;
}

export function cursor(before: string | undefined | null): bigint | undefined {
  if (before === undefined || before === null) return undefined;
  if (!/^\d{1,18}$/.test(before)) throw new AppError(ErrorCode.BadRequest, 'before must be an event id', [{ path: 'before', message: 'an event id' }]);
  return BigInt(before);
}
