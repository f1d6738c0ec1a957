import { Injectable } from '@nestjs/common';
import {
  buildReport,
  changeCounts,
  diffConnectivity,
  NO_CHANGES,
  type ChangeCounts,
  type ClusterReport,
  type HistoryPoint,
  type HistoryStep,
} from '../../engine/index.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { DiffService } from '../diff/diff.service.js';
import { KeptDiffsRepository } from '../diff/kept-diffs.repository.js';
import { ReportsRepository } from './reports.repository.js';

const POLICY_KINDS = ['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'];

export interface Range {
  from: Date | null;
  to: Date | null;
}

/**
 * A cluster's history: the metric series (stored per snapshot), the chain of changes between
 * consecutive snapshots (diffs of stored connectivity, counted) and the report over a range.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly repository: SnapshotsRepository,
    private readonly diffs: DiffService,
    private readonly reports: ReportsRepository,
    private readonly keptDiffs: KeptDiffsRepository,
  ) {}

  /** One point per ready snapshot in the range, oldest first, with its content id. */
  private async points(cluster: string, range: Range): Promise<(HistoryPoint & { contentId: string })[]> {
    const rows = await this.snapshots.history(cluster, range.from, range.to);
    const contents = await this.reports.contentIds(rows.map((r) => r.snapshotId));
    return rows.map((r) => ({ snapshotId: r.snapshotId, name: r.name, capturedAt: r.capturedAt.toISOString(), metrics: r.metrics, contentId: contents.get(r.snapshotId) ?? r.snapshotId }));
  }

  /** The chain of changes between consecutive ready snapshots of the range. */
  async changes(cluster: string, range: Range): Promise<HistoryStep[]> {
    return this.steps(await this.points(cluster, range));
  }

  private async steps(points: (HistoryPoint & { contentId: string })[]): Promise<HistoryStep[]> {
    const pairs: [string, string][] = [];
    for (let i = 1; i < points.length; i++) if (points[i - 1]!.contentId !== points[i]!.contentId) pairs.push([points[i - 1]!.contentId, points[i]!.contentId]);
    // Every kept step in one query; a step never computed is computed now, and kept.
    const kept = await this.keptDiffs.steps(pairs);
    const steps: HistoryStep[] = [];
    for (let i = 1; i < points.length; i++) {
      const before = points[i - 1]!;
      const after = points[i]!;
      const sameContent = before.contentId === after.contentId;
      const counts = sameContent ? { ...NO_CHANGES } : (kept.get(`${before.contentId}:${after.contentId}`) ?? (await this.countsBetween(before, after)));
      steps.push({ from: before.snapshotId, to: after.snapshotId, capturedAt: after.capturedAt, sameContent, counts: { ...counts } });
    }
    return steps;
  }

  private async countsBetween(before: HistoryPoint & { contentId: string }, after: HistoryPoint & { contentId: string }): Promise<ChangeCounts> {
    const [a, b, pa, pb] = await Promise.all([
      this.snapshots.connectivity(before.snapshotId, 'workload'),
      this.snapshots.connectivity(after.snapshotId, 'workload'),
      this.repository.rawObjectsOfKinds(before.snapshotId, POLICY_KINDS),
      this.repository.rawObjectsOfKinds(after.snapshotId, POLICY_KINDS),
    ]);
    const counts = changeCounts(diffConnectivity(a, b, { before: pa, after: pb }));
    await this.keptDiffs.keepStep(before.contentId, after.contentId, counts);
    return counts;
  }

  /** The report over a range: trends, chain, first-to-last diff (with causes) and new exposures. */
  async report(cluster: string, range: Range): Promise<ClusterReport> {
    const points = await this.points(cluster, range);
    const steps = await this.steps(points);
    const series = points.map(({ contentId: _c, ...p }) => p);
    const described = { cluster, range: { from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null }, series, steps };
    if (points.length < 2) return buildReport(described);
    const first = points[0]!.snapshotId;
    const last = points[points.length - 1]!.snapshotId;
    const [diff, firstConnectivity, lastConnectivity] = await Promise.all([
      this.diffs.diff(first, last, 'workload'),
      this.snapshots.connectivity(first, 'workload'),
      this.snapshots.connectivity(last, 'workload'),
    ]);
    return buildReport({ ...described, diff, firstConnectivity, lastConnectivity });
  }
}
