import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../../auth/access.decorator.js';
import { QueriesService } from '../queries.service.js';
import { ServiceExplanationModel } from './service-explanation.model.js';

@Resolver()
export class ServiceReachResolver {
  constructor(private readonly queries: QueriesService) {}

  @Access('read', { targets: { snapshotIds: ['args.snapshot'] } })
  @Query(() => ServiceExplanationModel, {
    description: 'Can `from` reach a Service port in a snapshot: the port mapped to each selected pod\'s targetPort (named or numeric), with each pod\'s verdict.',
  })
  async canReachService(
    @Args('snapshot', { description: 'Snapshot id (UUID).' }) snapshot: string,
    @Args('from', { description: 'ns/pod, ns/workload, ns/name[Kind], an IP address or {ingress-controller}.' }) from: string,
    @Args('service', { description: 'The Service, as ns/name.' }) service: string,
    @Args('port', { type: () => Int, description: 'A port of the Service, 1 to 65535.' }) port: number,
    @Args('protocol', { defaultValue: 'TCP', description: 'TCP, UDP or SCTP.' }) protocol: string,
  ): Promise<ServiceExplanationModel> {
    return ServiceExplanationModel.from(await this.queries.canReachService(snapshot, from, service, port, protocol));
  }
}
