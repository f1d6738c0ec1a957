import { Injectable } from '@nestjs/common';
import { DataGeneration } from '../../database/data-generation.js';
import type { SnapshotRecord } from './snapshots.repository.js';
import { SnapshotsService } from './snapshots.service.js';

/** How long a ready snapshot is answered from memory at most: the bound on what another process's write leaves stale. */
export const READY_SNAPSHOT_TTL_MS = 1000;
const CAPACITY = 1000;

/**
 * Ready snapshots for the questions asked many times a second (can-reach, who-can-reach, findings,
 * paths): SnapshotsService.getReady reads the snapshot, its content and its cluster (three
 * queries); here a ready answer is kept for a second, and dropped at once by this process's own
 * writes that could change it (DataGeneration). Anything not ready (404, not ready, failed) is
 * asked again every time.
 */
@Injectable()
export class ReadySnapshots {
  private readonly entries = new Map<string, { snapshot: SnapshotRecord; generation: number; until: number }>();

  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly generation: DataGeneration,
  ) {}

  async get(id: string, argument = 'id'): Promise<SnapshotRecord> {
    const kept = this.entries.get(id);
    if (kept && kept.generation === this.generation.current && kept.until > performance.now()) return kept.snapshot;
    // The generation before the read: a write while it runs makes the entry stale at once.
    const generation = this.generation.current;
    const snapshot = await this.snapshots.getReady(id, argument);
    this.entries.delete(id);
    this.entries.set(id, { snapshot, generation, until: performance.now() + READY_SNAPSHOT_TTL_MS });
    if (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return snapshot;
  }
}
