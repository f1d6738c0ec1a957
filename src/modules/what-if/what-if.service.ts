import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { POLICY_KINDS_FOR_WHAT_IF, type Granularity, type SourceDocument, type WhatIfResult } from '../../engine/index.js';
import { IntentsService } from '../intents/intents.service.js';
import { AnalysisCache } from '../queries/analysis-cache.service.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';

/** The proposal as the client wrote it: REST body and GraphQL arguments alike. */
export interface WhatIfInput {
  manifests?: unknown;
  remove?: unknown;
  granularity?: unknown;
}

const GRANULARITIES: readonly Granularity[] = ['pod', 'workload', 'namespace'];

/** One rule set for REST and GraphQL; a problem is a 400 naming the field. */
function validate(input: WhatIfInput): { documents: SourceDocument[]; remove: string[]; granularity: Granularity } {
  const details: { path: string; message: string }[] = [];
  let documents: SourceDocument[] = [];
  const m = input.manifests;
  if (typeof m === 'string') documents = [{ name: 'manifests', content: m }];
  else if (Array.isArray(m)) {
    m.forEach((d: unknown, i) => {
      const doc = d as { name?: unknown; content?: unknown };
      if (typeof doc !== 'object' || doc === null || typeof doc.content !== 'string') details.push({ path: `manifests[${i}].content`, message: 'required: the document text (YAML or JSON)' });
      else documents.push({ name: typeof doc.name === 'string' && doc.name ? doc.name : `manifests[${i}]`, content: doc.content });
    });
  } else if (m !== undefined && m !== null) details.push({ path: 'manifests', message: 'YAML or JSON text, or a list of {name, content}' });
  let remove: string[] = [];
  if (Array.isArray(input.remove) && input.remove.every((r) => typeof r === 'string')) remove = input.remove as string[];
  else if (input.remove !== undefined && input.remove !== null) details.push({ path: 'remove', message: 'a list of `Kind namespace/name` (or `Kind name`)' });
  const granularity = (input.granularity ?? 'workload') as Granularity;
  if (!GRANULARITIES.includes(granularity)) details.push({ path: 'granularity', message: 'pod, workload or namespace' });
  if (documents.length === 0 && remove.length === 0 && details.length === 0) details.push({ path: 'manifests', message: 'propose at least one manifest or one removal' });
  if (details.length) throw new AppError(ErrorCode.BadRequest, 'invalid what-if proposal', details);
  return { documents, remove, granularity };
}

/** What-if on a stored snapshot (the engine's `whatIf` question): nothing is stored. */
@Injectable()
export class WhatIfService {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly repository: SnapshotsRepository,
    private readonly cache: AnalysisCache,
    private readonly intents: IntentsService,
  ) {}

  async propose(id: string, input: WhatIfInput, idArgument = 'snapshot'): Promise<WhatIfResult> {
    const { documents, remove, granularity } = validate(input);
    const snapshot = await this.snapshots.getReady(id, idArgument);
    const [policies, intents] = await Promise.all([this.repository.rawObjectsOfKinds(snapshot.id, POLICY_KINDS_FOR_WHAT_IF), this.intents.intentsOf(snapshot.clusterId)]);
    const answer = await this.cache.ask(snapshot, 'whatIf', { documents, remove, policies, intents, granularity });
    if ('error' in answer) {
      const details = answer.diagnostics.length
        ? answer.diagnostics.map((d) => ({ file: d.file, document: d.document, item: d.item, path: d.path, code: d.code, message: d.message }))
        : [{ path: answer.argument, message: answer.error }];
      throw new AppError(answer.reason === 'invalid' ? ErrorCode.BadRequest : ErrorCode.NotFound, answer.error, details);
    }
    return answer;
  }
}
