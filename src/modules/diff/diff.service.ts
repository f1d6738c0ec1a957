import { Injectable } from '@nestjs/common';
import { diffConnectivity, type DiffResult, type Granularity } from '../../engine/index.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';

const POLICY_KINDS = ['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'];

/** Semantic diff of two stored snapshots: their stored analysis results, never their YAML. */
@Injectable()
export class DiffService {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly repository: SnapshotsRepository,
  ) {}

  async diff(fromId: string, toId: string, granularity: Granularity): Promise<DiffResult> {
    const [before, after] = await Promise.all([this.snapshots.connectivity(fromId, granularity, 'from'), this.snapshots.connectivity(toId, granularity, 'to')]);
    const [policiesBefore, policiesAfter] = await Promise.all([
      this.repository.rawObjectsOfKinds(fromId, POLICY_KINDS),
      this.repository.rawObjectsOfKinds(toId, POLICY_KINDS),
    ]);
    return diffConnectivity(before, after, { before: policiesBefore, after: policiesAfter });
  }
}
