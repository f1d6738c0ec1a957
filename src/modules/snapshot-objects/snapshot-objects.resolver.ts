import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { PAGE_SIZE } from '../../common/query-params.js';
import { SnapshotModel } from '../snapshots/models/snapshot.model.js';
import { StoredObjectModel } from './stored-object.model.js';
import { SnapshotObjectsService } from './snapshot-objects.service.js';

@Resolver(() => SnapshotModel)
export class SnapshotObjectsResolver {
  constructor(private readonly service: SnapshotObjectsService) {}

  @ResolveField(() => [StoredObjectModel], {
    description: 'Its stored objects (as read at upload or capture) matching every argument given, in storage order; available whatever the analysis status.',
  })
  async objects(
    @Parent() snapshot: SnapshotModel,
    @Args('kind', { type: () => String, nullable: true, description: 'Only this kind, e.g. NetworkPolicy.' }) kind: string | null,
    @Args('namespace', { type: () => String, nullable: true, description: 'Only objects in this namespace.' }) namespace: string | null,
    @Args('name', { type: () => String, nullable: true, description: 'Only objects of this name.' }) name: string | null,
    @Args('first', { type: () => Int, nullable: true, description: `At most this many, ${PAGE_SIZE.min} to ${PAGE_SIZE.max}, default ${PAGE_SIZE.default}.` }) first: number | null,
  ): Promise<StoredObjectModel[]> {
    const page = await this.service.list(snapshot.id, { kind, namespace, name, first }, 'snapshot');
    return page.objects.map(StoredObjectModel.from);
  }
}
