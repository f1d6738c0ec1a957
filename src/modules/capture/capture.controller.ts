import { Controller, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseBoolean } from '../../common/query-params.js';
import type { Response } from 'express';
import { CaptureService } from './capture.service.js';
import { Access } from '../auth/access.decorator.js';

@ApiTags('clusters')
@Controller('clusters/:name')
export class CaptureController {
  constructor(private readonly captures: CaptureService) {}

  /** Captures the cluster now through its Kubernetes API and queues the analysis. */
  @Access('write', { targets: { clusterNames: ['params.name'] }, audit: 'cluster.capture' })
  @Post('capture')
  @ApiOperation({
    summary: 'Capture the cluster now through its Kubernetes API',
    description:
      'Stored like an upload. The API server accepted every object, so a field or enum value PolicyScope does not know comes from a newer API: ' +
      'it is a warning (`object.field.unknown`, or the enum code) in the snapshot diagnostics saying the verdicts may miss its effect, never a 400.',
  })
  @ApiQuery({ name: 'dedupe', required: false, type: Boolean, description: 'true: store nothing when the cluster already has a snapshot of the captured content (200, `duplicate: true`)' })
  async capture(@Param('name') name: string, @Res() res: Response, @Query('dedupe') dedupe: string | undefined): Promise<void> {
    const outcome = await this.captures.capture(name, { dedupe: parseBoolean(dedupe, 'dedupe') });
    res.status(outcome.duplicate ? 200 : 202).json({
      id: outcome.snapshot.id,
      status: outcome.snapshot.status,
      ...(outcome.duplicate ? { duplicate: true } : {}),
      ...(outcome.contentShared && !outcome.duplicate ? { contentShared: true } : {}),
      warnings: outcome.warnings,
    });
  }
}
