import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { oneOf, PAGE_SIZE } from '../../common/query-params.js';
import { Access } from '../auth/access.decorator.js';
import { StoredObjectBody, StoredObjectsBody } from './stored-object.model.js';
import { objectYaml, SnapshotObjectsService } from './snapshot-objects.service.js';
import type { StoredObject } from './snapshot-objects.repository.js';

const OBJECT_FORMATS = ['json', 'yaml'] as const;

/**
 * The objects a snapshot stored (docs/contracts.md "Stored objects"): a filtered list, and one object
 * by kind, namespace and name (`objects/{kind}/{name}` for a cluster-scoped one), JSON or YAML.
 */
@ApiTags('snapshots')
@Access('read', { targets: { snapshotIds: ['params.id'] } })
@Controller('snapshots/:id/objects')
export class SnapshotObjectsController {
  constructor(private readonly objects: SnapshotObjectsService) {}

  @Get()
  @ApiOkResponse({ type: StoredObjectsBody })
  @ApiQuery({ name: 'kind', required: false, description: 'Only this kind, e.g. NetworkPolicy.' })
  @ApiQuery({ name: 'namespace', required: false, description: 'Only objects in this namespace.' })
  @ApiQuery({ name: 'name', required: false, description: 'Only objects of this name.' })
  @ApiQuery({ name: 'first', required: false, description: `Page size, ${PAGE_SIZE.min} to ${PAGE_SIZE.max}, default ${PAGE_SIZE.default}.` })
  @ApiQuery({ name: 'after', required: false, description: 'nextCursor of the previous page.' })
  async list(
    @Param('id') id: string,
    @Query('kind') kind?: string,
    @Query('namespace') namespace?: string,
    @Query('name') name?: string,
    @Query('first') first?: string,
    @Query('after') after?: string,
  ): Promise<StoredObjectsBody> {
    const page = await this.objects.list(id, { kind, namespace, name, first, after });
    return { snapshot: page.snapshot, objects: page.objects.map(StoredObjectBody.from), nextCursor: page.nextCursor };
  }

  @Get(':kind/:name')
  @ApiProduces('application/json', 'application/yaml')
  @ApiQuery({ name: 'format', required: false, enum: OBJECT_FORMATS, description: 'json (default): the list item shape; yaml: the object alone, as `kubectl get -o yaml`.' })
  async clusterScoped(@Param('id') id: string, @Param('kind') kind: string, @Param('name') name: string, @Res() res: Response, @Query('format') format?: string): Promise<void> {
    const f = oneOf(format, OBJECT_FORMATS, 'json', 'format');
    send(res, await this.objects.one(id, kind, null, name), f);
  }

  @Get(':kind/:namespace/:name')
  @ApiProduces('application/json', 'application/yaml')
  @ApiQuery({ name: 'format', required: false, enum: OBJECT_FORMATS, description: 'json (default): the list item shape; yaml: the object alone, as `kubectl get -o yaml`.' })
  async namespaced(
    @Param('id') id: string,
    @Param('kind') kind: string,
    @Param('namespace') namespace: string,
    @Param('name') name: string,
    @Res() res: Response,
    @Query('format') format?: string,
  ): Promise<void> {
    const f = oneOf(format, OBJECT_FORMATS, 'json', 'format');
    send(res, await this.objects.one(id, kind, namespace, name), f);
  }
}

function send(res: Response, object: StoredObject, format: (typeof OBJECT_FORMATS)[number]): void {
  if (format === 'yaml') res.status(200).type('application/yaml').send(objectYaml(object));
  else res.status(200).json(StoredObjectBody.from(object));
}
