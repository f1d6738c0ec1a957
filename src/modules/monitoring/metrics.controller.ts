import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { Access, CurrentPrincipal, Public } from '../auth/access.decorator.js';
import type { Principal } from '../auth/principal.js';
import { PrometheusService } from './prometheus.service.js';

async function serve(prometheus: PrometheusService, res: Response): Promise<void> {
  const { contentType, body } = await prometheus.scrape();
  res.status(200).type(contentType).send(body);
}

/**
 * `GET /metrics`: Prometheus text exposition, outside /api/v1 where scrapers look by default. Open
 * to any scraper (the figures are counts and cluster names, no object); with
 * METRICS_REQUIRE_AUTH=true the module mounts `AuthenticatedMetricsController` instead.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly prometheus: PrometheusService) {}

  @Get()
  metrics(@Res() res: Response): Promise<void> {
    return serve(this.prometheus, res);
  }
}

/**
 * `GET /metrics` behind an API key with the read scope (METRICS_REQUIRE_AUTH=true). The series
 * cover every cluster (and queue and snapshot totals across them), so a key limited to named
 * clusters is refused rather than shown figures of clusters it may not see.
 */
@ApiExcludeController()
@Access('read')
@Controller('metrics')
export class AuthenticatedMetricsController {
  constructor(private readonly prometheus: PrometheusService) {}

  @Get()
  metrics(@Res() res: Response, @CurrentPrincipal() principal: Principal): Promise<void> {
    if (principal.clusters.length > 0) {
      throw new AppError(ErrorCode.Forbidden, '/metrics reports every cluster; this key is limited to named clusters: use a key without a cluster list');
    }
    return serve(this.prometheus, res);
  }
}
