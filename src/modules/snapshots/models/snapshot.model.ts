import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Diagnostic } from '../../../engine/index.js';
import type { SnapshotRecord } from '../snapshots.repository.js';

export enum SnapshotStatusValue {
  pending = 'pending',
  analyzing = 'analyzing',
  ready = 'ready',
  failed = 'failed',
}
registerEnumType(SnapshotStatusValue, { name: 'SnapshotStatus' });

@ObjectType('Diagnostic', { description: 'A problem found in the input or during analysis.' })
export class DiagnosticModel {
  @Field() severity!: string;
  @Field() code!: string;
  @Field() message!: string;
  @Field(() => String, { nullable: true }) file?: string;
  @Field(() => Int, { nullable: true }) document?: number;
  @Field(() => Int, { nullable: true }) item?: number;
  @Field(() => String, { nullable: true }) path?: string;
  @Field(() => String, { nullable: true }) object?: string;
}

@ObjectType('KindCount')
export class KindCount {
  @Field() kind!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('Snapshot', { description: 'One captured state of a cluster and the status of its analysis.' })
export class SnapshotModel {
  @Field(() => ID) id!: string;
  @Field() clusterId!: string;
  @Field() name!: string;
  @Field() capturedAt!: Date;
  @Field() source!: string;
  @Field() contentSha256!: string;
  @Field(() => SnapshotStatusValue) status!: SnapshotStatusValue;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => [KindCount]) counts!: KindCount[];
  @Field(() => [DiagnosticModel]) diagnostics!: DiagnosticModel[];
  @Field(() => Float, { nullable: true, description: 'Analysis duration in milliseconds.' }) analysisMs!: number | null;
  @Field(() => Float, { nullable: true }) parseMs!: number | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) analysisFinishedAt!: Date | null;

  static from(r: SnapshotRecord): SnapshotModel {
    const timings = (r.timings ?? {}) as Record<string, number>;
    return Object.assign(new SnapshotModel(), {
      id: r.id,
      clusterId: r.clusterId,
      name: r.name,
      capturedAt: r.capturedAt,
      source: r.source,
      contentSha256: r.contentSha256,
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

@ObjectType('SnapshotPage')
export class SnapshotPageModel {
  @Field(() => [SnapshotModel]) items!: SnapshotModel[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page.' }) nextCursor!: string | null;
}

@ObjectType('ImportResult')
export class ImportResultModel {
  @Field(() => SnapshotModel) snapshot!: SnapshotModel;
  @Field({ description: 'True when this content was already stored for the cluster: the existing snapshot is returned.' }) duplicate!: boolean;
}
