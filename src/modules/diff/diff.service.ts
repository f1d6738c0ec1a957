import { Injectable } from '@nestjs/common';
import { changeCounts, diffAnalyses, type DiffInput, type DiffResult, type Granularity } from '../../engine/index.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { AnalysisCache } from '../queries/analysis-cache.service.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { KeptDiffsRepository } from './kept-diffs.repository.js';

const POLICY_KINDS = ['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'];

/**
 * Semantic diff of two stored snapshots, possibly of two clusters: their stored connectivity
 * results, never their YAML, and their in-memory analyses (the explain cache) to say what caused
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
  ) {}

  /** Computed once and kept (with its change counts for the history chain); later requests read the kept diff. */
  async diff(fromId: string, toId: string, granularity: Granularity): Promise<DiffResult> {
    // Ids are validated, and readiness checked, before anything kept is looked up.
    const [fromSnapshot, toSnapshot] = await Promise.all([this.snapshots.getReady(fromId, 'from'), this.snapshots.getReady(toId, 'to')]);
    const kept = await this.kept.diff(fromId, toId, granularity);
    if (kept) return kept;
    const [before, after] = await Promise.all([this.input(fromId, granularity, 'from'), this.input(toId, granularity, 'to')]);
    const diff = diffAnalyses(before, after, granularity);
    await this.kept.keepDiff(diff);
    if (granularity === 'workload') await this.kept.keepStep(fromSnapshot.contentId, toSnapshot.contentId, changeCounts(diff));
    return diff;
  }

  /** `argument`: how the client named the id (`from`, `to`), for a malformed or unknown id's error. */
  private async input(id: string, granularity: Granularity, argument: string): Promise<DiffInput> {
    // Readiness (and a stored result at this granularity) is checked before any analysis is loaded.
    const connectivity = await this.snapshots.connectivity(id, granularity, argument);
    const snapshot = await this.snapshots.getReady(id, argument);
    const [cluster, objects, analysis] = await Promise.all([
      this.clusters.getById(snapshot.clusterId),
      this.repository.rawObjectsOfKinds(id, POLICY_KINDS),
      this.analyses.get(snapshot.contentId),
    ]);
    return {
      analysis,
      objects,
      connectivity,
      side: { snapshot: id, cluster: cluster.name, name: snapshot.name, capturedAt: snapshot.capturedAt.toISOString() },
    };
  }
}
