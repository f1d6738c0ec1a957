import { Args, Query, Resolver } from '@nestjs/graphql';
import { GranularityValue } from '../snapshots/models/connectivity.model.js';
import { DiffModel } from './diff.model.js';
import { DiffService } from './diff.service.js';
import { Access } from '../auth/access.decorator.js';

@Resolver()
export class DiffResolver {
  constructor(private readonly diffs: DiffService) {}

  @Access('read', { targets: { snapshotIds: ['args.from', 'args.to'] } })
  @Query(() => DiffModel, {
    description:
      'What changed between two snapshots (of one cluster or two): connection changes with their causes, policy changes field by field, exposure, and both sides described.',
  })
  async diff(
    @Args('from', { description: 'Id of the earlier snapshot.' }) from: string,
    @Args('to', { description: 'Id of the later snapshot.' }) to: string,
    @Args('granularity', { type: () => GranularityValue, defaultValue: GranularityValue.workload, description: 'pod, workload or namespace.' }) granularity: GranularityValue,
  ): Promise<DiffModel> {
    return DiffModel.from(await this.diffs.diff(from, to, granularity));
  }
}
