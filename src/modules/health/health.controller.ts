import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.module.js';
import { pendingMigrations } from '../../database/migrator.js';
import { Public } from '../auth/access.decorator.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  /** Liveness: the process answers (never touches the database, so an outage does not get the process restarted). */
  @Get()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Readiness: the database answers and every migration on disk is applied. 503 with the same
   * report (which check is down, and why) when not: during a database outage the process stays
   * up (liveness) and says so here.
   */
  @Get('ready')
  @HealthCheck()
  @ApiResponse({ status: 503, description: 'Not ready: the report names the check that is down (database unreachable, migrations pending).' })
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check([() => this.database(), () => this.migrations()]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return err.getResponse();
    }
  }

  private async database(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('database');
    try {
      await this.pool.query('SELECT 1');
      return check.up();
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }

  private async migrations(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('migrations');
    try {
      const pending = await pendingMigrations(this.pool);
      return pending.length === 0 ? check.up() : check.down({ pending });
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }
}
