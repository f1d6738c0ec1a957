import { Controller, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CaptureService } from './capture.service.js';

@ApiTags('clusters')
@Controller('clusters/:name')
export class CaptureController {
  constructor(private readonly captures: CaptureService) {}

  /** Captures the cluster now through its Kubernetes API and queues the analysis. */
  @Post('capture')
  async capture(@Param('name') name: string, @Res() res: Response): Promise<void> {
    const outcome = await this.captures.capture(name);
    res.status(outcome.duplicate ? 200 : 202).json({
      id: outcome.snapshot.id,
      status: outcome.snapshot.status,
      ...(outcome.duplicate ? { duplicate: true } : {}),
      warnings: outcome.warnings,
    });
  }
}
