import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../../auth/access.decorator.js';
import { ReachResultModel } from './reach.model.js';
import { ReachService } from './reach.service.js';

const ENDPOINT = 'ns/pod, ns/workload, ns/name[Kind], a namespace, `Service ns/name` (its backends; with port, a Service port) or an IP address or CIDR (outside the cluster)';

@Resolver()
export class ReachResolver {
  constructor(private readonly reach: ReachService) {}

  @Access('read', { targets: { snapshotIds: ['args.snapshot'] } })
  @Query(() => ReachResultModel, { description: 'Every workload (or pod), external address block and the ingress controller that can open connections to `target` in a snapshot, with the ports.' })
  async whoCanReach(
    @Args('snapshot', { description: 'Snapshot id (UUID).' }) snapshot: string,
    @Args('target', { description: `${ENDPOINT}.` }) target: string,
    @Args('port', { type: () => Int, nullable: true, description: 'Only sources allowed on this port (1 to 65535).' }) port: number | null,
    @Args('protocol', { defaultValue: 'TCP', description: 'TCP, UDP or SCTP (with port).' }) protocol: string,
    @Args('granularity', { defaultValue: 'workload', description: 'Rows per workload or per pod.' }) granularity: string,
  ): Promise<ReachResultModel> {
    return ReachResultModel.from(await this.reach.answer('to', snapshot, { endpoint: target, port, protocol, granularity }));
  }

  @Access('read', { targets: { snapshotIds: ['args.snapshot'] } })
  @Query(() => ReachResultModel, { description: 'Every workload (or pod) and external address block that `source` can open connections to in a snapshot, with the ports.' })
  async reachableFrom(
    @Args('snapshot', { description: 'Snapshot id (UUID).' }) snapshot: string,
    @Args('source', { description: `${ENDPOINT}, or {ingress-controller}.` }) source: string,
    @Args('port', { type: () => Int, nullable: true, description: 'Only destinations allowed on this port (1 to 65535).' }) port: number | null,
    @Args('protocol', { defaultValue: 'TCP', description: 'TCP, UDP or SCTP (with port).' }) protocol: string,
    @Args('granularity', { defaultValue: 'workload', description: 'Rows per workload or per pod.' }) granularity: string,
  ): Promise<ReachResultModel> {
    return ReachResultModel.from(await this.reach.answer('from', snapshot, { endpoint: source, port, protocol, granularity }));
  }
}
