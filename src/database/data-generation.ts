import { Injectable } from '@nestjs/common';

/**
 * Counts this process's writes that can change what a short-lived read cache answers (a snapshot
 * deleted, a content sent back for recompute or failed, a cluster's options changed or the cluster
 * deleted). A cache keeps the generation it read at and trusts an entry only while it is unchanged;
 * writes by other processes are bounded by the cache's own time to live.
 */
@Injectable()
export class DataGeneration {
  private value = 0;

  get current(): number {
    return this.value;
  }

  changed(): void {
    this.value++;
  }
}
