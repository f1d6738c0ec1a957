import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiResultErrors } from '../../common/errors/api-error-responses.js';
import type { AttackPathsResult, BlastRadiusResult } from '../../engine/index.js';
import { Access } from '../auth/access.decorator.js';
import { AttackPathsBody, BlastRadiusBody } from './paths.model.js';
import { PathsService } from './paths.service.js';

const SOURCE = '`internet` (public addresses and the ingress controller), ns/pod, ns/workload, ns/name[Kind] or a namespace';

@ApiTags('queries')
@Access('read', { targets: { snapshotIds: ['params.id'] } })
@Controller('snapshots/:id')
export class PathsController {
  constructor(private readonly paths: PathsService) {}

  /** Shortest paths (ports at each hop) of at most k hops from a source to every workload with a pod the label selector matches. */
  @Get('attack-paths')
  @ApiResultErrors()
  @ApiOkResponse({ type: AttackPathsBody })
  @ApiQuery({ name: 'from', description: SOURCE })
  @ApiQuery({ name: 'to', description: 'Label selector of the targets, as kubectl -l takes it: tier=db, app in (a,b), !legacy.' })
  @ApiQuery({ name: 'k', required: false, description: 'At most this many hops, 1 to 10 (default 4).' })
  attackPaths(@Param('id') id: string, @Query('from') from?: string, @Query('to') to?: string, @Query('k') k?: string): Promise<AttackPathsResult> {
    return this.paths.attackPaths(id, { from, to, k }, 'id');
  }

  /** Every workload reachable from a source within k hops, with the fewest hops and one way in. */
  @Get('blast-radius')
  @ApiResultErrors()
  @ApiOkResponse({ type: BlastRadiusBody })
  @ApiQuery({ name: 'from', description: SOURCE })
  @ApiQuery({ name: 'k', required: false, description: 'At most this many hops, 1 to 10 (default 3).' })
  blastRadius(@Param('id') id: string, @Query('from') from?: string, @Query('k') k?: string): Promise<BlastRadiusResult> {
    return this.paths.blastRadius(id, { from, k }, 'id');
  }
}
