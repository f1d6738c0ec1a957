import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiResultErrors } from '../../common/errors/api-error-responses.js';
import { FINDING_SEVERITIES, type FindingsResult } from '../../engine/index.js';
import { Access } from '../auth/access.decorator.js';
import { FindingsBody } from './finding.model.js';
import { FindingsService } from './findings.service.js';

@ApiTags('queries')
@Access('read', { targets: { snapshotIds: ['params.id'] } })
@Controller('snapshots/:id')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  /** The snapshot's findings, most severe first, with the options and network plugin they were found under. */
  @Get('findings')
  @ApiResultErrors()
  @ApiOkResponse({ type: FindingsBody })
  @ApiQuery({ name: 'minSeverity', required: false, enum: FINDING_SEVERITIES, description: 'Only findings at or above this severity (default info: all).' })
  answer(@Param('id') id: string, @Query('minSeverity') minSeverity?: string): Promise<FindingsResult> {
    return this.findings.ofSnapshot(id, minSeverity, 'id');
  }
}
