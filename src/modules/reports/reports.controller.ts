import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { parseCapturedAt, oneOf } from '../../common/query-params.js';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../../engine/index.js';
import { ReportsService, type Range } from './reports.service.js';
import { Access } from '../auth/access.decorator.js';

const TYPES: Record<ReportFormat, string> = { json: 'application/json', csv: 'text/csv', md: 'text/markdown', html: 'text/html' };

export function rangeOf(from: string | null | undefined, to: string | null | undefined): Range {
  return { from: parseCapturedAt(from, 'from') ?? null, to: parseCapturedAt(to, 'to') ?? null };
}

@ApiTags('clusters')
@Access('read', { targets: { clusterNames: ['params.name'] } })
@Controller('clusters/:name')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('history/changes')
  @ApiOperation({
    summary: 'The chain of changes between consecutive ready snapshots',
    description:
      'One step per pair of consecutive ready snapshots (capture order): from, to, capturedAt (of `to`), sameContent, and counts of connections added/removed/changed (workload granularity) and policies added/removed/modified.',
  })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601: observations captured at or after' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601: observations captured at or before' })
  async changes(@Param('name') name: string, @Query('from') from?: string, @Query('to') to?: string) {
    return { cluster: name, steps: await this.reports.changes(name, rangeOf(from, to)) };
  }

  @Get('report')
  @ApiOperation({
    summary: 'A report over a time range',
    description:
      'Metrics at the start and the end with their trend, the chain of changes, the diff between the first and the last ready snapshot (with causes), the top new exposures. ' +
      'json: the ClusterReport of docs/contracts.md; csv: the metrics, one row per snapshot and metric; md: Markdown; html: one self-contained page with SVG charts (no script, font or URL) that prints well.',
  })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601: observations captured at or after' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601: observations captured at or before' })
  @ApiQuery({ name: 'format', required: false, enum: REPORT_FORMATS })
  async report(@Res() res: Response, @Param('name') name: string, @Query('from') from?: string, @Query('to') to?: string, @Query('format') format?: string): Promise<void> {
    const f = oneOf<ReportFormat>(format, REPORT_FORMATS, 'json', 'format');
    const range = rangeOf(from, to);
    const report = await this.reports.report(name, range);
    res.status(200).type(TYPES[f]).send(renderReport(report, f));
  }
}
