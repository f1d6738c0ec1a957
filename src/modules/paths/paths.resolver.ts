import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.decorator.js';
import { AttackPathsModel, BlastRadiusModel } from './paths.model.js';
import { PathsService } from './paths.service.js';

const SOURCE = '`internet` (public addresses and the ingress controller), ns/pod, ns/workload, ns/name[Kind] or a namespace.';

@Resolver()
export class PathsResolver {
  constructor(private readonly paths: PathsService) {}

  @Access('read', { targets: { snapshotIds: ['args.snapshot'] } })
  @Query(() => AttackPathsModel, { description: 'Shortest paths (ports at each hop) of at most k hops from a source to every workload with a pod the label selector matches.' })
  async attackPaths(
    @Args('snapshot', { description: 'Snapshot id (UUID).' }) snapshot: string,
    @Args('from', { description: SOURCE }) from: string,
    @Args('to', { description: 'Label selector of the targets: tier=db, app in (a,b), !legacy.' }) to: string,
    @Args('k', { type: () => Int, nullable: true, description: 'At most this many hops, 1 to 10 (default 4).' }) k: number | null,
  ): Promise<AttackPathsModel> {
    return AttackPathsModel.from(await this.paths.attackPaths(snapshot, { from, to, k }));
  }

  @Access('read', { targets: { snapshotIds: ['args.snapshot'] } })
  @Query(() => BlastRadiusModel, { description: 'Every workload reachable from a source within k hops, with the fewest hops and one way in.' })
  async blastRadius(
    @Args('snapshot', { description: 'Snapshot id (UUID).' }) snapshot: string,
    @Args('from', { description: SOURCE }) from: string,
    @Args('k', { type: () => Int, nullable: true, description: 'At most this many hops, 1 to 10 (default 3).' }) k: number | null,
  ): Promise<BlastRadiusModel> {
    return BlastRadiusModel.from(await this.paths.blastRadius(snapshot, { from, k }));
  }
}
