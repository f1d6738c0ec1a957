import { Args, Query, Resolver } from '@nestjs/graphql';
import { oneOf } from '../../common/query-params.js';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../../engine/index.js';
import { rangeOf } from './reports.controller.js';
import { ClusterReportModel, HistoryStepModel } from './models/report.model.js';
import { ReportsService } from './reports.service.js';
import { Access } from '../auth/access.decorator.js';

@Resolver()
export class ReportsResolver {
  constructor(private readonly reports: ReportsService) {}

  @Access('read', { targets: { clusterNames: ['args.cluster'] } })
  @Query(() => [HistoryStepModel], { description: 'The chain of changes between consecutive ready snapshots of a cluster, oldest first, with counts.' })
  async clusterChanges(
    @Args('cluster', { description: 'Cluster name.' }) cluster: string,
    @Args('from', { type: () => String, nullable: true, description: 'ISO 8601: observations captured at or after.' }) from: string | null,
    @Args('to', { type: () => String, nullable: true, description: 'ISO 8601: observations captured at or before.' }) to: string | null,
  ): Promise<HistoryStepModel[]> {
    return (await this.reports.changes(cluster, rangeOf(from, to))).map(HistoryStepModel.from);
  }

  @Access('read', { targets: { clusterNames: ['args.cluster'] } })
  @Query(() => ClusterReportModel, { description: 'A report over a time range: metric trends, chain of changes, first-to-last diff, top new exposures; `rendered` holds it in `format`.' })
  async clusterReport(
    @Args('cluster', { description: 'Cluster name.' }) cluster: string,
    @Args('from', { type: () => String, nullable: true, description: 'ISO 8601: observations captured at or after.' }) from: string | null,
    @Args('to', { type: () => String, nullable: true, description: 'ISO 8601: observations captured at or before.' }) to: string | null,
    @Args('format', { type: () => String, nullable: true, description: 'json, csv, md or html: fills `rendered`.' }) format: string | null,
  ): Promise<ClusterReportModel> {
    const f = format === null ? null : oneOf<ReportFormat>(format, REPORT_FORMATS, 'json', 'format');
    const report = await this.reports.report(cluster, rangeOf(from, to));
    return ClusterReportModel.from(report, f === null ? null : renderReport(report, f));
  }
}
