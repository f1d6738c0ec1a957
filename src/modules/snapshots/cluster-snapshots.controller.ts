import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { SnapshotModel } from './models/snapshot.model.js';
import { PAGE_SIZE, pageSize, parseCapturedAt } from '../../common/query-params.js';
import { SnapshotsService } from './snapshots.service.js';
import { Access } from '../auth/access.decorator.js';

@ApiTags('clusters')
@Access('read', { targets: { clusterNames: ['params.name'] } })
@Controller('clusters/:name')
export class ClusterSnapshotsController {
  constructor(private readonly snapshots: SnapshotsService) {}

  @Get('snapshots')
  @ApiQuery({ name: 'first', required: false, description: `${PAGE_SIZE.min} to ${PAGE_SIZE.max}, default ${PAGE_SIZE.default} (0 is refused with a 400, as in GraphQL)` })
  @ApiQuery({ name: 'after', required: false, description: 'nextCursor of the previous page' })
  async list(@Param('name') name: string, @Query('first') first: string | undefined, @Query('after') after: string | undefined) {
    const page = await this.snapshots.list(name, pageSize(first), after ?? null);
    return { items: page.items.map(SnapshotModel.toJson), nextCursor: page.nextCursor };
  }

  /** The snapshot with the latest observation time (GraphQL `cluster { latestSnapshot }`), with its metrics. */
  @Get('snapshots/latest')
  async latest(@Param('name') name: string) {
    const snapshot = await this.snapshots.latest(name);
    return { ...SnapshotModel.toJson(snapshot), metrics: await this.snapshots.metrics(snapshot.id) };
  }

  @Get('history')
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601: observations captured at or after' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601: observations captured at or before' })
  async history(@Param('name') name: string, @Query('from') from: string | undefined, @Query('to') to: string | undefined) {
    return { cluster: name, snapshots: await this.snapshots.history(name, parseCapturedAt(from, 'from') ?? null, parseCapturedAt(to, 'to') ?? null) };
  }
}
