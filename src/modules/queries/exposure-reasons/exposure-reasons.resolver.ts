import { Args, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../../auth/access.decorator.js';
import { ExposedWorkloadModel, ExposureReportModel, InternetEgressModel } from './exposure-reasons.model.js';
import { ExposureReasonsService } from './exposure-reasons.service.js';

@Resolver()
export class ExposureReasonsResolver {
  constructor(private readonly service: ExposureReasonsService) {}

  @Access('read', { targets: { snapshotIds: ['args.snapshot'] } })
  @Query(() => ExposureReportModel, { description: 'What is reachable from outside the cluster, why each workload is (policies, Ingress/Route, Service types, host network), and what reaches the internet.' })
  async exposureReasons(@Args('snapshot', { description: 'Snapshot id (UUID).' }) snapshot: string): Promise<ExposureReportModel> {
    const report = await this.service.ofSnapshot(snapshot);
    return {
      exposed: report.exposed.map(ExposedWorkloadModel.fromReasons),
      internetEgress: report.internetEgress.map(InternetEgressModel.from),
      clusterRanges: { podCIDRs: [...report.clusterRanges.podCIDRs], serviceCIDRs: [...report.clusterRanges.serviceCIDRs] },
    };
  }
}
