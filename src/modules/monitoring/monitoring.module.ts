import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { AuthenticatedMetricsController, MetricsController } from './metrics.controller.js';
import { MonitoringRepository } from './monitoring.repository.js';
import { PrometheusService } from './prometheus.service.js';

/** Prometheus metrics of the service (`GET /metrics`): HTTP latency, jobs, queue, snapshots, per-cluster risk gauges. */
@Module({})
export class MonitoringModule implements NestModule {
  /** `requireAuth` (config METRICS_REQUIRE_AUTH): /metrics needs a key with the read scope; otherwise it is public. */
  static forRoot(opts: { requireAuth: boolean }): DynamicModule {
    return {
      module: MonitoringModule,
      controllers: [opts.requireAuth ? AuthenticatedMetricsController : MetricsController],
      providers: [MonitoringRepository, PrometheusService, HttpMetricsMiddleware],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
