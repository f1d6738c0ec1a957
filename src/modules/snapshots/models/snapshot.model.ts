import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Diagnostic } from '../../../engine/index.js';
import type { SnapshotRecord } from '../snapshots.repository.js';
import { ClusterAnalysisOptionsModel } from '../../clusters/models/cluster.model.js';
import { storedAnalysisOptions, type ClusterAnalysisOptions } from '../../clusters/analysis-options.js';

export enum SnapshotStatusValue {
  pending = 'pending',
  analyzing = 'analyzing',
  ready = 'ready',
  failed = 'failed',
}
registerEnumType(SnapshotStatusValue, {
  name: 'SnapshotStatus',
  description: 'State of the analysis of a snapshot\'s content.',
  valuesMap: {
    pending: { description: 'Queued for analysis (or for a recompute by a newer engine).' },
    analyzing: { description: 'Being analysed.' },
    ready: { description: 'Results stored: queries answer.' },
    failed: { description: 'The analysis failed for good: its results will never be available (RESULT_UNAVAILABLE).' },
  },
});

@ObjectType('Diagnostic', { description: 'A problem found in the input or during analysis.' })
export class DiagnosticModel {
  @Field({ description: 'fatal (the input was refused), warning or info.' }) severity!: string;
  @Field({ description: 'Stable machine-readable code, e.g. `field.unknown`.' }) code!: string;
  @Field({ description: 'What is wrong, for a person.' }) message!: string;
  @Field(() => String, { nullable: true, description: 'File the problem is in (CLI inputs).' }) file?: string;
  @Field(() => Int, { nullable: true, description: 'Index of the YAML/JSON document in the input, from 0.' }) document?: number;
  @Field(() => Int, { nullable: true, description: 'Index of the item in a List document, from 0.' }) item?: number;
  @Field(() => String, { nullable: true, description: 'Field path inside the object, e.g. `spec.ingress[0].from`.' }) path?: string;
  @Field(() => String, { nullable: true, description: 'The object, e.g. `NetworkPolicy shop/db`.' }) object?: string;
}

@ObjectType('KindCount', { description: 'How many objects of one kind a snapshot holds.' })
export class KindCount {
  @Field({ description: 'Kubernetes kind, e.g. Pod.' }) kind!: string;
  @Field(() => Int, { description: 'Number of objects of that kind.' }) count!: number;
}

@ObjectType('Snapshot', {
  description:
    'One observation of a cluster (an upload or a capture at a time) and the status of its analysis. Snapshots of equal content share their stored objects and analysis.',
})
export class SnapshotModel {
  @Field(() => ID, { description: 'Snapshot id (UUID).' }) id!: string;
  @Field({ description: 'Id of the cluster observed (see `cluster` for the cluster itself).' }) clusterId!: string;
  @Field({ description: 'Name given at upload; default the capture time.' }) name!: string;
  @Field({ description: 'When the cluster was observed: history and "latest" follow this time.' }) capturedAt!: Date;
  @Field({ description: 'upload, live (captured through the Kubernetes API) or cli.' }) source!: string;
  @Field({ description: 'sha256 of the parsed objects in canonical form: equal for equal cluster state, whatever the formatting.' }) contentSha256!: string;
  @Field({ description: 'Id of the stored content (objects and analysis) this snapshot shares with every snapshot of equal content hash.' }) contentId!: string;
  @Field(() => SnapshotStatusValue, { description: 'State of the analysis of its content.' }) status!: SnapshotStatusValue;
  @Field(() => String, { nullable: true, description: 'Why the analysis failed (status failed) or last failed.' }) error!: string | null;
  @Field(() => String, { nullable: true, description: 'Engine version the stored results were computed with; results of another version are recomputed before they are served.' })
  engineVersion!: string | null;
  @Field(() => ClusterAnalysisOptionsModel, {
    description: 'This snapshot\'s upload override of its cluster\'s analysis options (REST: only those overridden, `{}` for none); results state an overridden option\'s source as `upload`.',
  })
  analysisOverride!: ClusterAnalysisOptions;
  @Field(() => [KindCount], { description: 'Objects stored, by kind.' }) counts!: KindCount[];
  @Field(() => [DiagnosticModel], { description: 'Warnings from reading the input and from the analysis.' }) diagnostics!: DiagnosticModel[];
  @Field(() => Float, { nullable: true, description: 'Analysis duration in milliseconds.' }) analysisMs!: number | null;
  @Field(() => Float, { nullable: true, description: 'Parse duration of this upload in milliseconds.' }) parseMs!: number | null;
  @Field({ description: 'When this snapshot was stored.' }) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the analysis of its content last finished.' }) analysisFinishedAt!: Date | null;

  static from(r: SnapshotRecord): SnapshotModel {
    const timings = (r.timings ?? {}) as Record<string, number>;
    return Object.assign(new SnapshotModel(), {
      id: r.id,
      clusterId: r.clusterId,
      name: r.name,
      capturedAt: r.capturedAt,
      source: r.source,
      contentSha256: r.contentSha256,
      contentId: r.contentId,
      engineVersion: r.engineVersion,
      analysisOverride: storedAnalysisOptions(r.analysisOverride),
      status: r.status as SnapshotStatusValue,
      error: r.error,
      counts: Object.entries((r.counts ?? {}) as Record<string, number>).map(([kind, count]) => ({ kind, count })),
      diagnostics: ((r.diagnostics ?? []) as unknown as Diagnostic[]).map((d) => Object.assign(new DiagnosticModel(), d)),
      analysisMs: timings.analyzeMs ?? null,
      parseMs: timings.parseMs ?? null,
      createdAt: r.createdAt,
      analysisFinishedAt: r.analysisFinishedAt,
    });
  }

  /** The REST shape: counts as an object keyed by kind. */
  static toJson(r: SnapshotRecord) {
    const m = SnapshotModel.from(r);
    return { ...m, counts: (r.counts ?? {}) as Record<string, number> };
  }
}

@ObjectType('SnapshotPage', { description: 'A page of snapshots, newest first (see `Cluster.snapshots` for the Relay connection).' })
export class SnapshotPageModel {
  @Field(() => [SnapshotModel], { description: 'The snapshots of this page.' }) items!: SnapshotModel[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page.' }) nextCursor!: string | null;
}

@ObjectType('PageInfo', { description: 'Relay page information.' })
export class PageInfoModel {
  @Field({ description: 'True when more items follow this page.' }) hasNextPage!: boolean;
  @Field({ description: 'True when this page was asked for with `after` (items precede it).' }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page; null when the page is empty.' }) startCursor!: string | null;
  @Field(() => String, { nullable: true, description: 'Cursor of the last item: pass as `after` for the next page; null when the page is empty.' }) endCursor!: string | null;
}

@ObjectType('SnapshotEdge', { description: 'A snapshot in a connection, with its cursor.' })
export class SnapshotEdgeModel {
  @Field({ description: 'Opaque cursor of this snapshot: pass as `after` to continue after it.' }) cursor!: string;
  @Field(() => SnapshotModel, { description: 'The snapshot.' }) node!: SnapshotModel;
}

@ObjectType('SnapshotConnection', { description: 'Snapshots of a cluster as a Relay connection, newest observation first.' })
export class SnapshotConnectionModel {
  @Field(() => [SnapshotEdgeModel], { description: 'The snapshots of this page with their cursors.' }) edges!: SnapshotEdgeModel[];
  @Field(() => PageInfoModel, { description: 'Where this page is in the whole list.' }) pageInfo!: PageInfoModel;
  @Field(() => Int, { description: 'Number of snapshots the cluster has.' }) totalCount!: number;
}

@ObjectType('ImportResult', { description: 'The outcome of storing an upload or a capture.' })
export class ImportResultModel {
  @Field(() => SnapshotModel, { description: 'The snapshot stored (with dedupe and equal content: the existing one).' }) snapshot!: SnapshotModel;
  @Field({ description: 'Only with `dedupe: true`: this content was already stored for the cluster, nothing was stored, and the existing snapshot is returned.' })
  duplicate!: boolean;
  @Field({ description: 'A new snapshot of content already stored: it shares the stored objects and analysis, nothing is analysed again.' }) contentShared!: boolean;
}
