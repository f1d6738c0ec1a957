import { Controller, Param, Post, Query, Res } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseBoolean } from '../../common/query-params.js';
import type { Response } from 'express';
import { CaptureService } from './capture.service.js';

@ApiTags('clusters')
@Controller('clusters/:name')
export class CaptureController {
  constructor(private readonly captures: CaptureService) {}

  /** Captures the cluster now through its Kubernetes API and queues the analysis. */
  @Post('capture')
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
