import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { ExplanationModel } from './models/explanation.model.js';
import { QueriesService } from './queries.service.js';

@Resolver()
export class QueriesResolver {
  constructor(private readonly queries: QueriesService) {}

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
