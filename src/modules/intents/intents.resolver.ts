import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.decorator.js';
import { SnapshotModel } from '../snapshots/models/snapshot.model.js';
import { ClusterIntentsModel, IntentReportModel } from './intent.model.js';
import { IntentsService } from './intents.service.js';

@Resolver()
export class IntentsResolver {
  constructor(private readonly intents: IntentsService) {}

  @Access('read', { targets: { clusterNames: ['args.cluster'] } })
  @Query(() => ClusterIntentsModel, { description: 'The intents kept for a cluster (an empty list when none were set).' })
  async clusterIntents(@Args('cluster', { description: 'Cluster name.' }) cluster: string): Promise<ClusterIntentsModel> {
    return ClusterIntentsModel.from(await this.intents.get(cluster));
  }

  @Access('write', { targets: { clusterNames: ['args.cluster'] }, audit: 'cluster.intents.set' })
  @Mutation(() => ClusterIntentsModel, { description: 'Replaces a cluster\'s intents; a malformed file is a BAD_REQUEST naming each field at fault.' })
  async setClusterIntents(
    @Args('cluster', { description: 'Cluster name.' }) cluster: string,
    @Args('yaml', { description: 'The intents file (YAML or JSON text): `{apiVersion: policyscope/v1, kind: Intents, intents: [...]}`.' }) yaml: string,
  ): Promise<ClusterIntentsModel> {
    return ClusterIntentsModel.from(await this.intents.put(cluster, yaml));
  }
}

@Resolver(() => SnapshotModel)
export class SnapshotIntentsResolver {
  constructor(private readonly intents: IntentsService) {}

  @ResolveField(() => IntentReportModel, {
    nullable: true,
    description: 'Its cluster\'s intents evaluated on it. Null with NOT_READY / RESULT_UNAVAILABLE like `connectivity`; the other fields still resolve.',
  })
  async intentResults(@Parent() snapshot: SnapshotModel): Promise<IntentReportModel> {
    return IntentReportModel.from(await this.intents.results(snapshot.id, 'id', snapshot.clusterId));
  }
}
