import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ChangeCounts, ClusterReport, HistoryStep } from '../../../engine/index.js';
import { DiffModel } from '../../diff/diff.model.js';
import { FindingModel } from '../../findings/finding.model.js';
import { HistoryPointModel } from '../../queries/models/exposure.model.js';
import { EndpointModel, PortEntryModel } from '../../snapshots/models/connectivity.model.js';

@ObjectType('ChangeCounts', { description: 'How much changed between two snapshots (connections at workload granularity).' })
export class ChangeCountsModel {
  @Field(() => Int, { description: 'Workload pairs newly connected.' }) connectionsAdded!: number;
  @Field(() => Int, { description: 'Workload pairs no longer connected.' }) connectionsRemoved!: number;
  @Field(() => Int, { description: 'Workload pairs whose allowed ports changed.' }) connectionsChanged!: number;
  @Field(() => Int, { description: 'Policy objects added.' }) policiesAdded!: number;
  @Field(() => Int, { description: 'Policy objects removed.' }) policiesRemoved!: number;
  @Field(() => Int, { description: 'Policy objects modified.' }) policiesModified!: number;

  static from(c: ChangeCounts): ChangeCountsModel {
    return { ...c };
  }
}

@ObjectType('HistoryStep', { description: 'One link of a cluster\'s chain of changes: a ready snapshot and the next one in capture order.' })
export class HistoryStepModel {
  @Field(() => ID, { description: 'The earlier snapshot.' }) from!: string;
  @Field(() => ID, { description: 'The later snapshot.' }) to!: string;
  @Field({ description: 'Capture time of the later snapshot.' }) capturedAt!: Date;
  @Field({ description: 'True when both have the same content (then every count is 0).' }) sameContent!: boolean;
  @Field(() => ChangeCountsModel, { description: 'What changed.' }) counts!: ChangeCountsModel;

  static from(s: HistoryStep): HistoryStepModel {
    return { from: s.from, to: s.to, capturedAt: new Date(s.capturedAt), sameContent: s.sameContent, counts: ChangeCountsModel.from(s.counts) };
  }
}

@ObjectType('MetricTrend', { description: 'One metric over a report\'s range.' })
export class MetricTrendModel {
  @Field({ description: 'Metric name (README "Metrics").' }) name!: string;
  @Field({ description: 'What it counts.' }) description!: string;
  @Field(() => Float, { nullable: true, description: 'Value at the first snapshot of the range.' }) start!: number | null;
  @Field(() => Float, { nullable: true, description: 'Value at the last snapshot of the range.' }) end!: number | null;
  @Field(() => Float, { nullable: true, description: 'end - start.' }) change!: number | null;
  @Field({ description: 'up, down or flat (end compared with start).' }) trend!: string;
  @Field(() => Float, { nullable: true, description: 'Lowest value in the range.' }) min!: number | null;
  @Field(() => Float, { nullable: true, description: 'Highest value in the range.' }) max!: number | null;
}

@ObjectType('NewExposure', { description: 'A workload the range exposed, or exposed on more ports.' })
export class NewExposureModel {
  @Field(() => EndpointModel, { description: 'The workload.' }) endpoint!: EndpointModel;
  @Field({ description: 'True when reachable from a public address (outside private, shared, loopback and link-local blocks).' }) internet!: boolean;
  @Field(() => [PortEntryModel], { description: 'The ports newly reachable.' }) ports!: PortEntryModel[];
  @Field(() => [String], { description: 'What the diff names as causes, e.g. `policy modified: NetworkPolicy b/db`.' }) causes!: string[];
}

@ObjectType('ReportFindings', { description: 'Findings opened and resolved over a report\'s range.' })
export class ReportFindingsModel {
  @Field(() => [FindingModel], { description: 'Findings of the last snapshot that the first did not have.' }) opened!: FindingModel[];
  @Field(() => [FindingModel], { description: 'Findings of the first snapshot that the last no longer has.' }) resolved!: FindingModel[];
}

@ObjectType('ClusterReport', { description: 'A cluster over a time range: metric trends, the chain of changes, the first-to-last diff, new exposures, findings opened and resolved.' })
export class ClusterReportModel {
  @Field({ description: 'Cluster name.' }) cluster!: string;
  @Field(() => Int, { description: 'Ready snapshots in the range.' }) snapshots!: number;
  @Field(() => [MetricTrendModel], { description: 'Each metric at the start and the end, with its trend.' }) metrics!: MetricTrendModel[];
  @Field(() => [HistoryPointModel], { description: 'The metrics of every snapshot in the range, oldest first.' }) series!: HistoryPointModel[];
  @Field(() => [HistoryStepModel], { description: 'Changes between consecutive snapshots.' }) steps!: HistoryStepModel[];
  @Field(() => ChangeCountsModel, { description: 'Sums over steps (a change reverted later counts twice).' }) totals!: ChangeCountsModel;
  @Field(() => DiffModel, { nullable: true, description: 'Diff between the first and the last snapshot (null with fewer than two).' }) diff!: DiffModel | null;
  @Field(() => [NewExposureModel], { description: 'Top 10 new exposures: internet first, then most ports.' }) newExposures!: NewExposureModel[];
  @Field(() => ReportFindingsModel, { nullable: true, description: 'Findings opened and resolved between the first and the last snapshot (null with fewer than two).' })
  findings!: ReportFindingsModel | null;
  @Field(() => String, { nullable: true, description: 'The report rendered in the `format` asked for (json, csv, md, html); null without `format`.' }) rendered!: string | null;

  static from(r: ClusterReport, rendered: string | null): ClusterReportModel {
    return {
      cluster: r.cluster,
      snapshots: r.snapshots,
      metrics: r.metrics,
      series: r.series.map((p) => ({ snapshotId: p.snapshotId, name: p.name, capturedAt: new Date(p.capturedAt), metrics: Object.entries(p.metrics).map(([name, value]) => ({ name, value })) })),
      steps: r.steps.map(HistoryStepModel.from),
      totals: ChangeCountsModel.from(r.totals),
      diff: r.diff ? DiffModel.from(r.diff) : null,
      newExposures: r.newExposures.map((e) => ({ endpoint: EndpointModel.from(e.endpoint, 'workload'), internet: e.internet, ports: e.ports.map(PortEntryModel.from), causes: e.causes })),
      findings: r.findings ? { opened: r.findings.opened.map(FindingModel.from), resolved: r.findings.resolved.map(FindingModel.from) } : null,
      rendered,
    };
  }
}
