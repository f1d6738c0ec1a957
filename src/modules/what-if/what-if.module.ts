import { Module } from '@nestjs/common';
import { IntentsModule } from '../intents/intents.module.js';
import { QueriesModule } from '../queries/queries.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { WhatIfController } from './what-if.controller.js';
import { WhatIfResolver } from './what-if.resolver.js';
import { WhatIfService } from './what-if.service.js';

/** What-if on a stored snapshot, over REST and GraphQL; stores nothing. */
@Module({
  imports: [SnapshotsModule, QueriesModule, IntentsModule],
  controllers: [WhatIfController],
  providers: [WhatIfService, WhatIfResolver],
})
export class WhatIfModule {}
