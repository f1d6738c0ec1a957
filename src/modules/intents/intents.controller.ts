import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiResultErrors } from '../../common/errors/api-error-responses.js';
import { Access } from '../auth/access.decorator.js';
import { ClusterIntentsModel, SnapshotIntentResultsBody } from './intent.model.js';
import { IntentsService, type ClusterIntents, type SnapshotIntentResults } from './intents.service.js';

@ApiTags('intents')
@Controller()
export class IntentsController {
  constructor(private readonly intents: IntentsService) {}

  /** The cluster's intents (an empty list when none were set). */
  @Access('read', { targets: { clusterNames: ['params.name'] } })
  @Get('clusters/:name/intents')
  @ApiOkResponse({ type: ClusterIntentsModel })
  get(@Param('name') name: string): Promise<ClusterIntents> {
    return this.intents.get(name);
  }

  /** Replaces the cluster's intents; a malformed file is a 400 naming each field at fault. */
  @Access('write', { targets: { clusterNames: ['params.name'] }, audit: 'cluster.intents.set' })
  @Put('clusters/:name/intents')
  @ApiBody({
    description: 'The intents file as JSON (`{"apiVersion": "policyscope/v1", "kind": "Intents", "intents": [...]}`), or its YAML text as `{"yaml": "..."}`.',
    schema: { type: 'object', example: { intents: [{ name: 'only-backend-reaches-mysql', type: 'only-may-reach', from: { labels: { app: 'backend' } }, to: { labels: { app: 'mysql' } }, ports: ['3306/TCP'] }] } },
  })
  @ApiOkResponse({ type: ClusterIntentsModel })
  put(@Param('name') name: string, @Body() body: unknown): Promise<ClusterIntents> {
    return this.intents.put(name, body);
  }

  /** The snapshot's cluster's intents evaluated on it: each intent holds or not, with its offending pairs and the policies that allow them. */
  @Access('read', { targets: { snapshotIds: ['params.id'] } })
  @Get('snapshots/:id/intents')
  @ApiResultErrors()
  @ApiOkResponse({ type: SnapshotIntentResultsBody })
  results(@Param('id') id: string): Promise<SnapshotIntentResults> {
    return this.intents.results(id, 'id');
  }
}
