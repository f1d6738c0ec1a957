import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiResultErrors } from '../../common/errors/api-error-responses.js';
import type { WhatIfResult } from '../../engine/index.js';
import { Access } from '../auth/access.decorator.js';
import { WhatIfBody, WhatIfRequestBody } from './what-if.model.js';
import { WhatIfService } from './what-if.service.js';

@ApiTags('queries')
@Controller('snapshots/:id')
export class WhatIfController {
  constructor(private readonly whatIf: WhatIfService) {}

  /**
   * The snapshot with proposed manifests added or replaced and named objects removed, compared with
   * it as it is: connectivity diff, exposure delta, new and resolved findings, the cluster's intents
   * before and after. Nothing is stored; bad manifests are a 400 naming the document and field.
   */
  @Access('read', { targets: { snapshotIds: ['params.id'] } })
  @Post('what-if')
  @HttpCode(200)
  @ApiResultErrors()
  @ApiBody({ type: WhatIfRequestBody })
  @ApiOkResponse({ type: WhatIfBody })
  propose(@Param('id') id: string, @Body() body: Record<string, unknown>): Promise<WhatIfResult> {
    return this.whatIf.propose(id, body ?? {}, 'id');
  }
}
