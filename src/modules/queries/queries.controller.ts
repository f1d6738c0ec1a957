import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueriesService } from './queries.service.js';

@ApiTags('queries')
@Controller('snapshots/:id')
export class QueriesController {
  constructor(private readonly queries: QueriesService) {}

  /** Can `from` open a connection to `to` on port/protocol? With each direction's verdict and the policies that decided. */
  @Get('can-reach')
  @ApiQuery({ name: 'from', description: 'ns/pod, ns/workload, ns/name[Kind], an IP address or {ingress-controller}' })
  @ApiQuery({ name: 'to', description: 'ns/pod, ns/workload, ns/name[Kind] or an IP address' })
  @ApiQuery({ name: 'port' })
  @ApiQuery({ name: 'protocol', required: false, description: 'TCP (default), UDP or SCTP' })
  canReach(@Param('id') id: string, @Query('from') from = '', @Query('to') to = '', @Query('port') port = '', @Query('protocol') protocol = 'TCP') {
    return this.queries.canReach(id, from, to, /^\d+$/.test(port) ? Number(port) : NaN, protocol, 'id');
  }

  /** Workloads reachable from outside the cluster: from external addresses or through Ingress/Route objects. */
  @Get('exposure')
  async exposure(@Param('id') id: string) {
    return { snapshot: id, exposed: await this.queries.exposure(id, 'id') };
  }
}
