import { Args, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.decorator.js';
import { WhatIfModel } from './what-if.model.js';
import { WhatIfService } from './what-if.service.js';

@Resolver()
export class WhatIfResolver {
  constructor(private readonly proposals: WhatIfService) {}

  @Access('read', { targets: { snapshotIds: ['args.snapshot'] } })
  @Query(() => WhatIfModel, {
    description: 'What proposed manifests (added or replacing) and removals would do to a stored snapshot: connectivity diff, exposure delta, findings, intents. Nothing is stored.',
  })
  async whatIf(
    @Args('snapshot', { description: 'Snapshot id (UUID).' }) snapshot: string,
    @Args('manifests', { type: () => String, nullable: true, description: 'Proposed manifests, YAML or JSON text (several documents allowed).' }) manifests: string | null,
    @Args('remove', { type: () => [String], nullable: true, description: 'Objects to take out: `Kind namespace/name` (cluster-scoped: `Kind name`).' }) remove: string[] | null,
    @Args('granularity', { defaultValue: 'workload', description: 'pod, workload or namespace: the granularity of the connectivity diff.' }) granularity: string,
  ): Promise<WhatIfModel> {
    return WhatIfModel.from(await this.proposals.propose(snapshot, { manifests, remove, granularity }));
  }
}
