import { Args, Int, Mutation, Query, ResolveField, Resolver, Parent } from '@nestjs/graphql';
import { ImportSnapshotInput } from './dto/import-snapshot.input.js';
import { ConnectivityModel, GranularityValue } from './models/connectivity.model.js';
import { ImportResultModel, SnapshotModel, SnapshotPageModel } from './models/snapshot.model.js';
import { parseCapturedAt } from '../../common/query-params.js';
import { SnapshotIngestService } from './snapshot-ingest.service.js';
import { SnapshotsService } from './snapshots.service.js';

@Resolver(() => SnapshotModel)
export class SnapshotsResolver {
  constructor(
    private readonly ingest: SnapshotIngestService,
    private readonly service: SnapshotsService,
  ) {}

  @Query(() => SnapshotModel)
  async snapshot(@Args('id') id: string): Promise<SnapshotModel> {
    return SnapshotModel.from(await this.service.get(id));
  }

  @Query(() => SnapshotPageModel, { description: 'Snapshots of a cluster, newest first.' })
  async snapshots(
    @Args('cluster') cluster: string,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<SnapshotPageModel> {
    const page = await this.service.list(cluster, Math.min(Math.max(first, 1), 200), after);
    return { items: page.items.map(SnapshotModel.from), nextCursor: page.nextCursor };
  }

  @Mutation(() => ImportResultModel, { description: 'Stores a snapshot and queues its analysis; the same content is not stored twice.' })
  async importSnapshot(@Args('input') input: ImportSnapshotInput): Promise<ImportResultModel> {
    const outcome = await this.ingest.ingest({
      cluster: input.cluster,
      name: input.name,
      capturedAt: parseCapturedAt(input.capturedAt),
      source: 'upload',
      documents: [{ name: 'manifests', content: input.manifests }],
    });
    return { snapshot: SnapshotModel.from(outcome.snapshot), duplicate: outcome.duplicate };
  }

  @Mutation(() => Boolean)
  async deleteSnapshot(@Args('id') id: string): Promise<boolean> {
    await this.service.delete(id);
    return true;
  }

  @ResolveField(() => ConnectivityModel, { description: 'Stored connectivity (only once the snapshot is ready).' })
  async connectivity(
    @Parent() snapshot: SnapshotModel,
    @Args('granularity', { type: () => GranularityValue, defaultValue: GranularityValue.workload }) granularity: GranularityValue,
  ): Promise<ConnectivityModel> {
    return ConnectivityModel.from(await this.service.connectivity(snapshot.id, granularity));
  }
}
