import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { SnapshotModel } from './models/snapshot.model.js';
import { parseCapturedAt } from '../../common/query-params.js';
import { SnapshotsService } from './snapshots.service.js';

@ApiTags('clusters')
@Controller('clusters/:name')
export class ClusterSnapshotsController {
  constructor(private readonly snapshots: SnapshotsService) {}

  @Get('snapshots')
  @ApiQuery({ name: 'first', required: false, description: '1 to 200, default 50' })
  @ApiQuery({ name: 'after', required: false, description: 'nextCursor of the previous page' })
  async list(@Param('name') name: string, @Query('first') first: string | undefined, @Query('after') after: string | undefined) {
    const n = first === undefined ? 50 : Number(first);
    if (!Number.isInteger(n) || n < 1 || n > 200) throw new AppError(ErrorCode.BadRequest, 'invalid first', [{ path: 'first', message: 'a whole number from 1 to 200' }]);
    const page = await this.snapshots.list(name, n, after ?? null);
    return { items: page.items.map(SnapshotModel.toJson), nextCursor: page.nextCursor };
  }

  @Get('history')
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  async history(@Param('name') name: string, @Query('from') from: string | undefined, @Query('to') to: string | undefined) {
    return { cluster: name, snapshots: await this.snapshots.history(name, parseCapturedAt(from) ?? null, parseCapturedAt(to) ?? null) };
  }
}
