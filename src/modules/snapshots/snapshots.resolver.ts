import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PAGE_SIZE, pageSize, parseCapturedAt } from '../../common/query-params.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { uploadOverride } from '../clusters/analysis-options.js';
import { ClusterModel } from '../clusters/models/cluster.model.js';
import { MetricModel } from '../queries/models/exposure.model.js';
import { ConnectivityFilterInput } from './dto/connectivity-filter.input.js';
import { ImportSnapshotInput } from './dto/import-snapshot.input.js';
import { CONNECTIVITY_LIMIT, parseConnectivityQuery } from './connectivity-query.js';
import { ConnectivityModel, GranularityValue } from './models/connectivity.model.js';
import { ImportResultModel, SnapshotConnectionModel, SnapshotModel, SnapshotPageModel } from './models/snapshot.model.js';
import { SnapshotIngestService } from './snapshot-ingest.service.js';
import { encodeCursor } from './snapshots.repository.js';
import { SnapshotsService } from './snapshots.service.js';
import { Access } from '../auth/access.decorator.js';

const FIRST = `Page size, ${PAGE_SIZE.min} to ${PAGE_SIZE.max} (0 is refused with BAD_REQUEST, as over REST).`;

@Resolver(() => SnapshotModel)
export class SnapshotsResolver {
  constructor(
    private readonly ingest: SnapshotIngestService,
    private readonly service: SnapshotsService,
    private readonly clusters: ClustersService,
  ) {}

  @Access('read', { targets: { snapshotIds: ['args.id'] } })
  @Query(() => SnapshotModel, { description: 'One snapshot by id.' })
  async snapshot(@Args('id', { description: 'Snapshot id (UUID).' }) id: string): Promise<SnapshotModel> {
    return SnapshotModel.from(await this.service.get(id, 'id'));
  }

  @Access('read', { targets: { clusterNames: ['args.cluster'] } })
  @Query(() => SnapshotPageModel, { description: 'Snapshots of a cluster, newest observation first (`Cluster.snapshots` gives the same as a Relay connection).' })
  async snapshots(
    @Args('cluster', { description: 'Cluster name.' }) cluster: string,
    @Args('first', { type: () => Int, defaultValue: PAGE_SIZE.default, description: FIRST }) first: number,
    @Args('after', { type: () => String, nullable: true, description: '`nextCursor` of the previous page.' }) after: string | null,
  ): Promise<SnapshotPageModel> {
    const page = await this.service.list(cluster, pageSize(first), after);
    return { items: page.items.map(SnapshotModel.from), nextCursor: page.nextCursor };
  }

  @Access('write', { targets: { clusterNames: ['args.input.cluster'] }, audit: 'snapshot.import' })
  @Mutation(() => ImportResultModel, {
    description: 'Stores a snapshot (an observation at `capturedAt`) and queues the analysis of content not stored before; content already stored is shared, not analysed again.',
  })
  async importSnapshot(@Args('input', { description: 'The manifests and where they come from.' }) input: ImportSnapshotInput): Promise<ImportResultModel> {
    const outcome = await this.ingest.ingest({
      cluster: input.cluster,
      name: input.name,
      capturedAt: parseCapturedAt(input.capturedAt),
      source: 'upload',
      documents: [{ name: 'manifests', content: input.manifests }],
      dedupe: input.dedupe ?? false,
      validation: input.validation ?? 'strict',
      analysisOverride: uploadOverride(input.analysisOptions ?? {}, 'analysisOptions.'),
    });
    return { snapshot: SnapshotModel.from(outcome.snapshot), duplicate: outcome.duplicate, contentShared: outcome.contentShared };
  }

  @Access('write', { targets: { snapshotIds: ['args.id'] }, audit: 'snapshot.delete' })
  @Mutation(() => Boolean, { description: 'Deletes one snapshot; stored content another snapshot shares stays.' })
  async deleteSnapshot(@Args('id', { description: 'Snapshot id (UUID).' }) id: string): Promise<boolean> {
    await this.service.delete(id);
    return true;
  }

  @ResolveField(() => ClusterModel, { description: 'The cluster observed.' })
  async cluster(@Parent() snapshot: SnapshotModel): Promise<ClusterModel> {
    return ClusterModel.from(await this.clusters.getById(snapshot.clusterId));
  }

  @ResolveField(() => ConnectivityModel, {
    nullable: true,
    description:
      'Stored connectivity, at every granularity and size; filtered, and paged with `limit` and `cursor`. Null with a NOT_READY error (retry) while the snapshot is analysed, RESULT_UNAVAILABLE when it failed; the other fields still resolve.',
  })
  async connectivity(
    @Parent() snapshot: SnapshotModel,
    @Args('granularity', { type: () => GranularityValue, defaultValue: GranularityValue.workload, description: 'pod, workload or namespace.' }) granularity: GranularityValue,
    @Args('filter', { type: () => ConnectivityFilterInput, nullable: true, description: 'Which rows to keep.' }) filter: ConnectivityFilterInput | null,
    @Args('limit', { type: () => Int, nullable: true, description: `Page size, ${CONNECTIVITY_LIMIT.min} to ${CONNECTIVITY_LIMIT.max}; without limit and cursor, every row.` }) limit: number | null,
    @Args('cursor', { type: () => String, nullable: true, description: '`nextCursor` of the previous page.' }) cursor: string | null,
  ): Promise<ConnectivityModel> {
    const query = parseConnectivityQuery({ ...(filter ?? {}), limit, cursor });
    if (query.limit !== null) return ConnectivityModel.from(await this.service.connectivityPage(snapshot.id, granularity, { ...query, limit: query.limit }));
    return ConnectivityModel.from(await this.service.connectivity(snapshot.id, granularity, 'id', query));
  }

  @ResolveField(() => [MetricModel], {
    nullable: true,
    description: 'The metrics of its analysis (as in history). Null with NOT_READY / RESULT_UNAVAILABLE like `connectivity`.',
  })
  async metrics(@Parent() snapshot: SnapshotModel): Promise<MetricModel[]> {
    const metrics = await this.service.readyMetrics(snapshot.id);
    return Object.entries(metrics)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value }));
  }
}

/** What a dashboard asks of a cluster in one request: its latest snapshot and its snapshots. */
@Resolver(() => ClusterModel)
export class ClusterSnapshotsResolver {
  constructor(private readonly service: SnapshotsService) {}

  @ResolveField(() => SnapshotModel, { nullable: true, description: 'The snapshot with the latest observation time (capturedAt); null when the cluster has none.' })
  async latestSnapshot(@Parent() cluster: ClusterModel): Promise<SnapshotModel | null> {
    const latest = await this.service.latestOfCluster(cluster.id);
    return latest ? SnapshotModel.from(latest) : null;
  }

  @ResolveField(() => SnapshotConnectionModel, { description: 'The cluster\'s snapshots, newest observation first, as a Relay connection.' })
  async snapshots(
    @Parent() cluster: ClusterModel,
    @Args('first', { type: () => Int, defaultValue: PAGE_SIZE.default, description: FIRST }) first: number,
    @Args('after', { type: () => String, nullable: true, description: '`endCursor` of the previous page (or any edge\'s cursor).' }) after: string | null,
  ): Promise<SnapshotConnectionModel> {
    // Started together, so the counts of a list of clusters are read in one batch (SnapshotsRepository loaders).
    const [page, totalCount] = await Promise.all([this.service.listOfCluster(cluster.id, pageSize(first), after), this.service.countOfCluster(cluster.id)]);
    const edges = page.items.map((s) => ({ cursor: encodeCursor(s), node: SnapshotModel.from(s) }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.nextCursor !== null,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      totalCount,
    };
  }
}
