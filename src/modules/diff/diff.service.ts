import { Injectable } from '@nestjs/common';
import { changeCounts, withSides, type DiffResult, type DiffSide, type Granularity } from '../../engine/index.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { AnalysisCache } from '../queries/analysis-cache.service.js';
import { SnapshotsRepository, type SnapshotRecord } from '../snapshots/snapshots.repository.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { IntentsService } from '../intents/intents.service.js';
import { KeptDiffsRepository } from './kept-diffs.repository.js';

const POLICY_KINDS = ['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'];

/**
 * Semantic diff of two stored snapshots, possibly of two clusters: their analyses, never their
 * YAML, compared on an explain worker thread (AnalysisCache.askPair), which also says what caused
 * each change.
 */
@Injectable()
export class DiffService {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly repository: SnapshotsRepository,
    private readonly clusters: ClustersService,
    private readonly analyses: AnalysisCache,
    private readonly kept: KeptDiffsRepository,
    private readonly intents: IntentsService,
  ) {}

  /** Computed once and kept (with its change counts for the history chain); later requests read the kept diff. */
  async diff(fromId: string, toId: string, granularity: Granularity): Promise<DiffResult> {
    // Ids are validated, and readiness checked, before anything kept is looked up.
    const [fromSnapshot, toSnapshot] = await Promise.all([this.snapshots.getReady(fromId, 'from'), this.snapshots.getReady(toId, 'to')]);
    const [fromSide, toSide, intents] = await Promise.all([this.side(fromSnapshot), this.side(toSnapshot), this.intents.intentsOf(toSnapshot.clusterId)]);
    // The intents checked are the `to` cluster's, as they are now: they are part of what is kept.
    const kept = await this.kept.diff(fromSnapshot.contentId, toSnapshot.contentId, granularity, intents);
    if (kept) return withSides(kept, { from: fromSide, to: toSide });
    // Only a diff not kept yet needs the policy objects of both sides.
    const [fromObjects, toObjects] = await Promise.all([this.repository.rawObjectsOfKinds(fromId, POLICY_KINDS), this.repository.rawObjectsOfKinds(toId, POLICY_KINDS)]);
    const from = { objects: fromObjects, side: fromSide };
    const to = { objects: toObjects, side: toSide };
    // Analyses and pairs are compared on an explain worker thread, never on the request's event loop.
    const diff = await this.analyses.askPair(fromSnapshot, toSnapshot, 'diff', { granularity, from, to, intents });
    await this.kept.keepDiff(fromSnapshot.contentId, toSnapshot.contentId, diff, intents);
    if (granularity === 'workload') await this.kept.keepStep(fromSnapshot.contentId, toSnapshot.contentId, changeCounts(diff));
    return diff;
  }

  /** How a diff side is named: its snapshot, cluster, name and capture time. */
  private async side(snapshot: SnapshotRecord): Promise<DiffSide> {
    const cluster = await this.clusters.getById(snapshot.clusterId);
    return { snapshot: snapshot.id, cluster: cluster.name, name: snapshot.name, capturedAt: snapshot.capturedAt.toISOString() };
  }
}
