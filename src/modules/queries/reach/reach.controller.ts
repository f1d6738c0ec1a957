import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiResultErrors } from '../../../common/errors/api-error-responses.js';
import { oneOf } from '../../../common/query-params.js';
import { renderReach } from '../../../engine/index.js';
import { Access } from '../../auth/access.decorator.js';
import { REACH_GRANULARITIES, ReachService } from './reach.service.js';

const REACH_ROUTE_FORMATS = ['json', 'txt'] as const;
const ENDPOINT = 'ns/pod, ns/workload, ns/name[Kind], a namespace, `Service ns/name` (its backends; with port, a Service port) or an IP address or CIDR (outside the cluster)';

@ApiTags('queries')
@Access('read', { targets: { snapshotIds: ['params.id'] } })
@Controller('snapshots/:id')
export class ReachController {
  constructor(private readonly reach: ReachService) {}

  /** Every workload (or pod), external address block and the ingress controller that can open connections to `target`, with the ports. */
  @Get('who-can-reach')
  @ApiResultErrors()
  @ApiQuery({ name: 'target', description: ENDPOINT })
  @ApiQuery({ name: 'port', required: false, description: 'Only sources allowed on this port (1-65535); their full port sets are given.' })
  @ApiQuery({ name: 'protocol', required: false, description: 'TCP (default), UDP or SCTP; with `port`.' })
  @ApiQuery({ name: 'granularity', required: false, enum: REACH_GRANULARITIES, description: 'Rows per workload (default) or per pod.' })
  @ApiQuery({ name: 'format', required: false, enum: REACH_ROUTE_FORMATS, description: 'json (default) or txt (`src => target : conns` lines, as `policyscope who-can-reach` prints them)' })
  async whoCanReach(
    @Res() res: Response,
    @Param('id') id: string,
    @Query('target') target = '',
    @Query('port') port?: string,
    @Query('protocol') protocol?: string,
    @Query('granularity') granularity?: string,
    @Query('format') format?: string,
  ): Promise<void> {
    const f = oneOf(format, REACH_ROUTE_FORMATS, 'json', 'format');
    const answer = await this.reach.answer('to', id, { endpoint: target, port, protocol, granularity }, 'id');
    if (f === 'json') res.status(200).json(answer);
    else res.status(200).type('text/plain').send(renderReach(answer, 'txt'));
  }

  /** Every workload (or pod) and external address block that `source` can open connections to, with the ports. */
  @Get('reachable-from')
  @ApiResultErrors()
  @ApiQuery({ name: 'source', description: `${ENDPOINT}, or {ingress-controller}` })
  @ApiQuery({ name: 'port', required: false, description: 'Only destinations allowed on this port (1-65535).' })
  @ApiQuery({ name: 'protocol', required: false, description: 'TCP (default), UDP or SCTP; with `port`.' })
  @ApiQuery({ name: 'granularity', required: false, enum: REACH_GRANULARITIES, description: 'Rows per workload (default) or per pod.' })
  @ApiQuery({ name: 'format', required: false, enum: REACH_ROUTE_FORMATS, description: 'json (default) or txt' })
  async reachableFrom(
    @Res() res: Response,
    @Param('id') id: string,
    @Query('source') source = '',
    @Query('port') port?: string,
    @Query('protocol') protocol?: string,
    @Query('granularity') granularity?: string,
    @Query('format') format?: string,
  ): Promise<void> {
    const f = oneOf(format, REACH_ROUTE_FORMATS, 'json', 'format');
    const answer = await this.reach.answer('from', id, { endpoint: source, port, protocol, granularity }, 'id');
    if (f === 'json') res.status(200).json(answer);
    else res.status(200).type('text/plain').send(renderReach(answer, 'txt'));
  }
}
