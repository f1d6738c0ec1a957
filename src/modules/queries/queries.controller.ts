import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiResultErrors } from '../../common/errors/api-error-responses.js';
import type { Response } from 'express';
import { oneOf } from '../../common/query-params.js';
import { EXPOSURE_FORMATS, renderExplanation, renderExposure, serviceExplanationTxt, type ExposureFormat } from '../../engine/index.js';
import { QueriesService } from './queries.service.js';
import { Access } from '../auth/access.decorator.js';

/** Content types of the text formats; `json` is the default everywhere. */
const TEXT_TYPES: Record<ExposureFormat, string> = { txt: 'text/plain', csv: 'text/csv', md: 'text/markdown' };
const CAN_REACH_FORMATS = ['json', 'txt'] as const;
const EXPOSURE_ROUTE_FORMATS = ['json', ...EXPOSURE_FORMATS] as const;

@ApiTags('queries')
@Access('read', { targets: { snapshotIds: ['params.id'] } })
@Controller('snapshots/:id')
export class QueriesController {
  constructor(private readonly queries: QueriesService) {}

  /** Can `from` open a connection to `to` on port/protocol? With each direction's verdict and the policies that decided. */
  @Get('can-reach')
  @ApiResultErrors()
  @ApiQuery({ name: 'from', description: 'ns/pod, ns/workload, ns/name[Kind], an IP address or {ingress-controller}' })
  @ApiQuery({
    name: 'to',
    description:
      'ns/pod, ns/workload, ns/name[Kind], an IP address, or a Service: ns/name[Service] or `Service ns/name` (a ns/name only a Service has also counts); then `port` is a Service port and the answer lists each selected pod with the targetPort it maps to and its verdict',
  })
  @ApiQuery({ name: 'port', description: 'Destination port (a Service port when `to` is a Service).' })
  @ApiQuery({ name: 'protocol', required: false, description: 'TCP (default), UDP or SCTP' })
  @ApiQuery({ name: 'format', required: false, enum: CAN_REACH_FORMATS, description: 'json (default) or txt (the verdict and its trace, as `policyscope explain` prints it)' })
  async canReach(
    @Res() res: Response,
    @Param('id') id: string,
    @Query('from') from = '',
    @Query('to') to = '',
    @Query('port') port = '',
    @Query('protocol') protocol = 'TCP',
    @Query('format') format?: string,
  ): Promise<void> {
    const f = oneOf(format, CAN_REACH_FORMATS, 'json', 'format');
    const answer = await this.queries.canReachAny(id, from, to, /^\d+$/.test(port) ? Number(port) : NaN, protocol, 'id');
    if (f === 'json') res.status(200).json(answer);
    else res.status(200).type('text/plain').send('servicePort' in answer ? serviceExplanationTxt(answer) : renderExplanation(answer, 'txt'));
  }

  /** Workloads reachable from outside the cluster: from external addresses or through Ingress/Route objects. */
  @Get('exposure')
  @ApiResultErrors()
  @ApiQuery({ name: 'format', required: false, enum: EXPOSURE_ROUTE_FORMATS, description: 'json (default), txt, csv or md' })
  async exposure(@Res() res: Response, @Param('id') id: string, @Query('format') format?: string): Promise<void> {
    const f = oneOf(format, EXPOSURE_ROUTE_FORMATS, 'json', 'format');
    const exposed = await this.queries.exposure(id, 'id');
    if (f === 'json') res.status(200).json({ snapshot: id, exposed });
    else res.status(200).type(TEXT_TYPES[f]).send(renderExposure(exposed, 'workload', f));
  }
}
