import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { ExplanationModel } from './models/explanation.model.js';
import { ExposedEndpointModel, HistoryPointModel } from './models/exposure.model.js';
import { QueriesService } from './queries.service.js';
import { parseCapturedAt } from '../../common/query-params.js';

@Resolver()
export class QueriesResolver {
  constructor(
    private readonly queries: QueriesService,
    private readonly snapshots: SnapshotsService,
  ) {}

  @Query(() => [ExposedEndpointModel], { description: 'Workloads reachable from outside the cluster in a snapshot.' })
  async exposure(@Args('snapshot') snapshot: string): Promise<ExposedEndpointModel[]> {
    return (await this.queries.exposure(snapshot)).map(ExposedEndpointModel.from);
  }

  @Query(() => [HistoryPointModel], { description: 'One point of metrics per ready snapshot of a cluster, oldest first.' })
  async clusterHistory(
    @Args('cluster') cluster: string,
    @Args('from', { type: () => String, nullable: true }) from: string | null,
    @Args('to', { type: () => String, nullable: true }) to: string | null,
  ): Promise<HistoryPointModel[]> {
    const rows = await this.snapshots.history(cluster, parseCapturedAt(from, 'from') ?? null, parseCapturedAt(to, 'to') ?? null);
    return rows.map((r) => ({ snapshotId: r.snapshotId, name: r.name, capturedAt: r.capturedAt, metrics: Object.entries(r.metrics).map(([name, value]) => ({ name, value })) }));
  }

  @Query(() => ExplanationModel, { description: 'Can `from` reach `to` on port/protocol in a snapshot, and why.' })
  async canReach(
    @Args('snapshot') snapshot: string,
    @Args('from') from: string,
    @Args('to') to: string,
    @Args('port', { type: () => Int }) port: number,
    @Args('protocol', { defaultValue: 'TCP' }) protocol: string,
  ): Promise<ExplanationModel> {
    return ExplanationModel.from(await this.queries.canReach(snapshot, from, to, port, protocol));
  }
}
