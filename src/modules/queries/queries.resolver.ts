import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { ExplanationModel } from './models/explanation.model.js';
import { ExposedEndpointModel, HistoryPointModel } from './models/exposure.model.js';
import { QueriesService } from './queries.service.js';
import { parseCapturedAt } from '../../common/query-params.js';
import { Access } from '../auth/access.decorator.js';

@Resolver()
export class QueriesResolver {
  constructor(
    private readonly queries: QueriesService,
    private readonly snapshots: SnapshotsService,
  ) {}

  @Access('read', { targets: { snapshotIds: ['args.snapshot'] } })
  @Query(() => [ExposedEndpointModel], { description: 'Workloads reachable from outside the cluster in a snapshot.' })
  async exposure(@Args('snapshot', { description: 'Snapshot id (UUID).' }) snapshot: string): Promise<ExposedEndpointModel[]> {
    return (await this.queries.exposure(snapshot)).map(ExposedEndpointModel.from);
  }

  @Access('read', { targets: { clusterNames: ['args.cluster'] } })
  @Query(() => [HistoryPointModel], { description: 'One point of metrics per ready snapshot of a cluster, oldest first.' })
  async clusterHistory(
    @Args('cluster', { description: 'Cluster name.' }) cluster: string,
    @Args('from', { type: () => String, nullable: true, description: 'ISO 8601: observations captured at or after.' }) from: string | null,
    @Args('to', { type: () => String, nullable: true, description: 'ISO 8601: observations captured at or before.' }) to: string | null,
  ): Promise<HistoryPointModel[]> {
    const rows = await this.snapshots.history(cluster, parseCapturedAt(from, 'from') ?? null, parseCapturedAt(to, 'to') ?? null);
    return rows.map((r) => ({ snapshotId: r.snapshotId, name: r.name, capturedAt: r.capturedAt, metrics: Object.entries(r.metrics).map(([name, value]) => ({ name, value })) }));
  }

  @Access('read', { targets: { snapshotIds: ['args.snapshot'] } })
  @Query(() => ExplanationModel, { description: 'Can `from` reach `to` on port/protocol in a snapshot, and why.' })
  async canReach(
    @Args('snapshot', { description: 'Snapshot id (UUID).' }) snapshot: string,
    @Args('from', { description: 'ns/pod, ns/workload, ns/name[Kind], an IP address or {ingress-controller}.' }) from: string,
    @Args('to', { description: 'ns/pod, ns/workload, ns/name[Kind] or an IP address.' }) to: string,
    @Args('port', { type: () => Int, description: 'Destination port, 1 to 65535.' }) port: number,
    @Args('protocol', { defaultValue: 'TCP', description: 'TCP, UDP or SCTP.' }) protocol: string,
  ): Promise<ExplanationModel> {
    return ExplanationModel.from(await this.queries.canReach(snapshot, from, to, port, protocol));
  }
}
