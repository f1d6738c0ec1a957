import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PrometheusService } from './prometheus.service.js';

/**
 * Times every request. The route label is the matched route's template (`/api/v1/snapshots/:id`),
 * never the raw path, so ids do not multiply the series; GraphQL is `/graphql`, anything unmatched `unmatched`.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly prometheus: PrometheusService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const stop = this.prometheus.httpDuration.startTimer();
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path as string}` : req.originalUrl.split('?')[0] === '/graphql' ? '/graphql' : 'unmatched';
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  }
}
