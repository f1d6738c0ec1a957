import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiResultErrors } from '../../common/errors/api-error-responses.js';
import type { Response } from 'express';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { renderDiff, type Granularity } from '../../engine/index.js';
import { oneOf } from '../../common/query-params.js';
import { DiffService } from './diff.service.js';
import { Access } from '../auth/access.decorator.js';

const TYPES = { json: 'application/json', txt: 'text/plain', csv: 'text/csv', md: 'text/markdown' } as const;

@ApiTags('diff')
@Controller('diff')
export class DiffController {
  constructor(private readonly diffs: DiffService) {}

  /**
   * What changed between two snapshots (of one cluster or of two: `crossCluster`): connections
   * added, removed or changed with what caused each, policies with their field-level changes,
   * exposure; both sides described (cluster, name, capture time).
   */
  @Access('read', { targets: { snapshotIds: ['query.from', 'query.to'] } })
  @Get()
  @ApiResultErrors()
  @ApiOperation({
    summary: 'Diff two snapshots, with the cause of each change',
    description:
      'JSON: the DiffResult of docs/contracts.md ("Diff"): sides, crossCluster, changes with causes and sample, policies with fieldChanges, exposure, unexplainedChanges. ' +
      'md reads as a pull-request comment (summary, riskiest changes first, then tables); txt and csv start with both sides.',
  })
  @ApiQuery({ name: 'from', description: 'snapshot id (before)' })
  @ApiQuery({ name: 'to', description: 'snapshot id (after); may belong to another cluster' })
  @ApiQuery({ name: 'granularity', required: false, enum: ['workload', 'namespace', 'pod'] })
  @ApiQuery({ name: 'format', required: false, enum: Object.keys(TYPES) })
  async diff(@Res() res: Response, @Query('from') from = '', @Query('to') to = '', @Query('granularity') granularity?: string, @Query('format') format?: string): Promise<void> {
    if (!from || !to) throw new AppError(ErrorCode.BadRequest, 'from and to are required snapshot ids', [{ path: from ? 'to' : 'from', message: 'required' }]);
    const g = oneOf<Granularity>(granularity, ['workload', 'namespace', 'pod'], 'workload', 'granularity');
    const f = oneOf(format, Object.keys(TYPES) as (keyof typeof TYPES)[], 'json', 'format');
    const result = await this.diffs.diff(from, to, g);
    res.status(200).type(TYPES[f]).send(renderDiff(result, f));
  }
}
