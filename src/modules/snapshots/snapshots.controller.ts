import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiResultErrors } from '../../common/errors/api-error-responses.js';
import type { Request, Response } from 'express';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { oneOf, parseBoolean, parseCapturedAt, SNAPSHOT_NAME_MAX } from '../../common/query-params.js';
import { ENFORCEMENT_MODES, renderConnectivity, VALIDATION_MODES, type Granularity, type OutputFormat } from '../../engine/index.js';
import { uploadOverride } from '../clusters/analysis-options.js';
import { SnapshotModel } from './models/snapshot.model.js';
import { SnapshotIngestService } from './snapshot-ingest.service.js';
import { SnapshotsService } from './snapshots.service.js';
import { readManifestBody } from './upload-body.js';
import { CONNECTIVITY_LIMIT, parseConnectivityQuery, type RawConnectivityQuery } from './connectivity-query.js';
import { Access } from '../auth/access.decorator.js';

const GRANULARITIES: readonly Granularity[] = ['pod', 'workload', 'namespace'];
const FORMATS: Record<string, { format: OutputFormat; type: string }> = {
  json: { format: 'json', type: 'application/json' },
  csv: { format: 'csv', type: 'text/csv' },
  md: { format: 'md', type: 'text/markdown' },
  txt: { format: 'txt', type: 'text/plain' },
  dot: { format: 'dot', type: 'text/vnd.graphviz' },
  mermaid: { format: 'mermaid', type: 'text/plain' },
};

/** The description of an upload's analysis option override. */
const OVERRIDE = (values: string) =>
  `${values}: overrides the cluster's analysisOptions for this snapshot only (results state its source as \`upload\`); left out: the cluster's setting, then the detected network plugin. ` +
  'A snapshot with an override shares stored content and results only with snapshots of equal content and equal override, and keeps it when the cluster\'s options change.';

@ApiTags('snapshots')
@Controller('snapshots')
export class SnapshotsController {
  constructor(
    private readonly ingest: SnapshotIngestService,
    private readonly snapshots: SnapshotsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Access('write', { targets: { clusterNames: ['query.cluster'] }, audit: 'snapshot.import' })
  @Post()
  @ApiConsumes('application/yaml', 'application/json', 'text/plain')
  @ApiBody({ description: 'Kubernetes manifests: multi-document YAML, a JSON object or array, or a List (kubectl get -o json|yaml). May be gzip-compressed (Content-Encoding: gzip).' })
  @ApiQuery({ name: 'cluster', required: true })
  @ApiQuery({ name: 'name', required: false, description: `1 to ${SNAPSHOT_NAME_MAX} characters; default the capture time` })
  @ApiQuery({ name: 'capturedAt', required: false, description: 'ISO 8601; default now. History and "latest" follow this time.' })
  @ApiQuery({
    name: 'dedupe',
    required: false,
    type: Boolean,
    description:
      'true: when the cluster already has a snapshot of this content, store nothing and answer 200 with it and `duplicate: true`. ' +
      'Default false: every upload is a new observation (202); content already stored is shared, not stored or analysed again (`contentShared: true`).',
  })
  @ApiQuery({
    name: 'validation',
    required: false,
    enum: VALIDATION_MODES,
    description:
      'How unknown fields and values outside the API enums are treated, as `kubectl apply --validate`. strict (default): 400 naming each document and field path ' +
      '(with the field meant), nothing stored. warn: unknown fields are ignored and objects with invalid enum values left out, with warnings in the snapshot diagnostics. ' +
      'ignore: as warn, without the unknown-field warnings. status, labels, annotations and server-managed metadata are never checked.',
  })
  @ApiQuery({ name: 'ipBlockMatchesPods', required: false, type: Boolean, description: OVERRIDE('true or false') })
  @ApiQuery({ name: 'adminNetworksMatchPods', required: false, type: Boolean, description: OVERRIDE('true or false') })
  @ApiQuery({ name: 'hostNetwork', required: false, enum: ['node'], description: OVERRIDE('`node`, the only mode') })
  @ApiQuery({ name: 'enforcement', required: false, enum: ENFORCEMENT_MODES, description: OVERRIDE('`enforced`, `not-enforced` or `auto`') })
  @ApiQuery({ name: 'podCIDRs', required: false, description: OVERRIDE('the cluster\'s pod ranges, comma-separated CIDRs (never "the internet")') })
  @ApiQuery({ name: 'serviceCIDRs', required: false, description: OVERRIDE('the cluster\'s Service ranges, comma-separated CIDRs (never "the internet")') })
  async upload(
    @Req() req: Request,
    @Res() res: Response,
    @Query('cluster') cluster: string | undefined,
    @Query('name') name: string | undefined,
    @Query('capturedAt') capturedAt: string | undefined,
    @Query('dedupe') dedupe: string | undefined,
    @Query('validation') validation: string | undefined,
    @Query() options: Record<string, unknown>,
  ): Promise<void> {
    if (!cluster) throw new AppError(ErrorCode.BadRequest, 'the cluster query parameter is required', [{ path: 'cluster', message: 'required' }]);
    const when = parseCapturedAt(capturedAt);
    const dedupeOnly = parseBoolean(dedupe, 'dedupe');
    const mode = oneOf(validation, VALIDATION_MODES, 'strict', 'validation');
    const analysisOverride = uploadOverride(options);
    const content = await readManifestBody(req, this.config.maxUploadBytes);
    const outcome = await this.ingest.ingest({ cluster, name, capturedAt: when, source: 'upload', documents: [{ name: 'upload', content }], dedupe: dedupeOnly, validation: mode, analysisOverride });
    const body = {
      id: outcome.snapshot.id,
      status: outcome.snapshot.status,
      ...(outcome.duplicate ? { duplicate: true } : {}),
      ...(outcome.contentShared && !outcome.duplicate ? { contentShared: true } : {}),
    };
    res.status(outcome.duplicate ? 200 : 202).json(body);
  }

  @Access('read', { targets: { snapshotIds: ['params.id'] } })
  @Get(':id')
  async get(@Param('id') id: string) {
    const snapshot = await this.snapshots.get(id);
    return { ...SnapshotModel.toJson(snapshot), metrics: await this.snapshots.metrics(id) };
  }

  @Access('write', { targets: { snapshotIds: ['params.id'] }, audit: 'snapshot.delete' })
  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string): Promise<void> {
    await this.snapshots.delete(id);
  }

  @Access('read', { targets: { snapshotIds: ['params.id'] } })
  @Get(':id/connectivity')
  @ApiResultErrors()
  @ApiQuery({ name: 'granularity', required: false, enum: GRANULARITIES, description: 'Every granularity is served at every size (default workload).' })
  @ApiQuery({ name: 'format', required: false, enum: Object.keys(FORMATS) })
  @ApiQuery({ name: 'namespace', required: false, description: 'Keep rows with either side in this namespace.' })
  @ApiQuery({ name: 'workload', required: false, description: 'Keep rows with either side being (or, at pod granularity, belonging to) this workload: ns/name or ns/name[Kind].' })
  @ApiQuery({ name: 'selector', required: false, description: 'Keep rows with a pod of either side matching this label selector (kubectl syntax: app=web,tier!=db,env in (a,b),!legacy).' })
  @ApiQuery({ name: 'port', required: false, type: Number, description: 'Keep rows whose ports include this port (of `protocol`, default TCP).' })
  @ApiQuery({ name: 'protocol', required: false, enum: ['TCP', 'UDP', 'SCTP'], description: 'With `port`: its protocol. Alone: keep rows with any port of this protocol.' })
  @ApiQuery({ name: 'externalOnly', required: false, type: Boolean, description: 'Keep rows with an external address block or the ingress controller on one side.' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: `Page size, ${CONNECTIVITY_LIMIT.min} to ${CONNECTIVITY_LIMIT.max}. Without limit and cursor the whole result is answered (JSON streamed).` })
  @ApiQuery({ name: 'cursor', required: false, description: '`nextCursor` of the previous page (JSON body) or its X-Next-Cursor header (other formats).' })
  async connectivity(
    @Param('id') id: string,
    @Res() res: Response,
    @Query('granularity') granularity: string | undefined,
    @Query('format') format: string | undefined,
    @Query() raw: RawConnectivityQuery,
  ): Promise<void> {
    const g = oneOf(granularity, GRANULARITIES, 'workload', 'granularity');
    const f = FORMATS[oneOf(format, Object.keys(FORMATS), 'json', 'format')]!;
    const query = parseConnectivityQuery(raw);
    if (query.limit !== null) {
      const page = await this.snapshots.connectivityPage(id, g, { ...query, limit: query.limit });
      if (page.nextCursor) res.setHeader('X-Next-Cursor', page.nextCursor);
      const { snapshot, granularity: pageGranularity, options, cni, enforcement, optionSources, clusterRanges, connections, diagnostics, nextCursor } = page;
      const body =
        f.format === 'json' ? `${JSON.stringify({ snapshot, granularity: pageGranularity, options, cni, enforcement, optionSources, clusterRanges, connections, diagnostics, nextCursor }, null, 2)}\n` : renderConnectivity(page, f.format);
      res.status(200).type(f.type).send(body);
      return;
    }
    if (f.format === 'json') {
      const chunks = await this.snapshots.connectivityJson(id, g, query);
      res.status(200).type(f.type);
      await streamText(res, chunks);
      return;
    }
    const result = await this.snapshots.connectivity(id, g, 'id', query);
    res.status(200).type(f.type).send(renderConnectivity(result, f.format));
  }
}

/**
 * Writes text chunks, waiting for the socket to drain when its buffer is full, and yielding to the
 * event loop between chunks so one large answer never holds up other requests.
 */
async function streamText(res: Response, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (res.destroyed) return;
    if (res.write(chunk)) await new Promise<void>((resolve) => setImmediate(resolve));
    else {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}
