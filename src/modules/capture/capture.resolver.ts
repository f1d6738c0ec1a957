import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { ImportResultModel, SnapshotModel } from '../snapshots/models/snapshot.model.js';
import { CaptureService } from './capture.service.js';
import { Access } from '../auth/access.decorator.js';

@Resolver()
export class CaptureResolver {
  constructor(private readonly captures: CaptureService) {}

  @Access('write', { targets: { clusterNames: ['args.cluster'] }, audit: 'cluster.capture' })
  @Mutation(() => ImportResultModel, { description: 'Captures a cluster now through its Kubernetes API and queues the analysis.' })
  async captureLiveSnapshot(
    @Args('cluster', { description: 'Cluster name; it must have a capture target (kubeconfigPath or inCluster).' }) cluster: string,
    @Args('dedupe', { type: () => Boolean, defaultValue: false, description: 'true: store nothing when the cluster already has a snapshot of the captured content.' }) dedupe: boolean,
  ): Promise<ImportResultModel> {
    const outcome = await this.captures.capture(cluster, { dedupe });
    return { snapshot: SnapshotModel.from(outcome.snapshot), duplicate: outcome.duplicate, contentShared: outcome.contentShared };
  }
}
