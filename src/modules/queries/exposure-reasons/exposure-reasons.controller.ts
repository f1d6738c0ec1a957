import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiResultErrors } from '../../../common/errors/api-error-responses.js';
import type { ExposureReport } from '../../../engine/index.js';
import { Access } from '../../auth/access.decorator.js';
import { ExposureReasonsService } from './exposure-reasons.service.js';

@ApiTags('queries')
@Access('read', { targets: { snapshotIds: ['params.id'] } })
@Controller('snapshots/:id')
export class ExposureReasonsController {
  constructor(private readonly service: ExposureReasonsService) {}

  /** Exposed workloads with why each is exposed (`reasons`) and whether a public address reaches it, and workloads reaching the internet. */
  @Get('exposure/reasons')
  @ApiResultErrors()
  answer(@Param('id') id: string): Promise<ExposureReport> {
    return this.service.ofSnapshot(id, 'id');
  }
}
