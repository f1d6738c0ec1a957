import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { ImportResultModel, SnapshotModel } from '../snapshots/models/snapshot.model.js';
import { CaptureService } from './capture.service.js';

@Resolver()
export class CaptureResolver {
  constructor(private readonly captures: CaptureService) {}

  @Mutation(() => ImportResultModel, { description: 'Captures a cluster now through its Kubernetes API and queues the analysis.' })
  async captureLiveSnapshot(@Args('cluster') cluster: string): Promise<ImportResultModel> {
    const outcome = await this.captures.capture(cluster);
    return { snapshot: SnapshotModel.from(outcome.snapshot), duplicate: outcome.duplicate };
  }
}
