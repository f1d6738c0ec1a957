import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { SnapshotModel } from '../snapshots/models/snapshot.model.js';
import { FindingModel, FindingSeverityValue } from './finding.model.js';
import { FindingsService } from './findings.service.js';
import type { FindingSeverity } from '../../engine/index.js';

@Resolver(() => SnapshotModel)
export class FindingsResolver {
  constructor(private readonly service: FindingsService) {}

  @ResolveField(() => [FindingModel], {
    nullable: true,
    description: 'Findings of its analysis, most severe first. Null with NOT_READY / RESULT_UNAVAILABLE like `connectivity`; the other fields still resolve.',
  })
  async findings(
    @Parent() snapshot: SnapshotModel,
    @Args('minSeverity', { type: () => FindingSeverityValue, nullable: true, description: 'Only findings at or above this severity (default: all).' }) minSeverity: FindingSeverity | null,
  ): Promise<FindingModel[]> {
    const result = await this.service.ofSnapshot(snapshot.id, minSeverity ?? undefined);
    return result.findings.map(FindingModel.from);
  }
}
