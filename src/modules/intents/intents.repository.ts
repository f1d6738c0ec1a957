import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';
import type { Intent } from '../../engine/index.js';

export interface ClusterIntentsRow {
  intents: Intent[];
  updatedAt: Date;
}

/** A cluster's intents, one row per cluster (table cluster_intents). */
@Injectable()
export class IntentsRepository {
  /**
   * GraphQL asks per snapshot of a list (`clusters { latestSnapshot { intentResults } }`): the
   * clusters asked in one tick are read in one query. Nothing is cached past that tick.
   */
  private readonly byCluster = new DataLoader<string, ClusterIntentsRow | null>(
    async (clusterIds) => {
      const { rows } = await this.pool.query<ClusterIntentsRow & { clusterId: string }>(
        'SELECT cluster_id AS "clusterId", intents, updated_at AS "updatedAt" FROM cluster_intents WHERE cluster_id = ANY($1::uuid[])',
        [[...clusterIds]],
      );
      const found = new Map(rows.map(({ clusterId, ...row }) => [clusterId.toLowerCase(), row]));
      return clusterIds.map((id) => found.get(id.toLowerCase()) ?? null);
    },
    { cache: false },
  );

  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  find(clusterId: string): Promise<ClusterIntentsRow | null> {
    return this.byCluster.load(clusterId);
  }

  async put(clusterId: string, intents: Intent[]): Promise<ClusterIntentsRow> {
    const { rows } = await this.pool.query<ClusterIntentsRow>(
      `INSERT INTO cluster_intents (cluster_id, intents) VALUES ($1, $2::jsonb)
       ON CONFLICT (cluster_id) DO UPDATE SET intents = EXCLUDED.intents, updated_at = now()
       RETURNING intents, updated_at AS "updatedAt"`,
      [clusterId, JSON.stringify(intents)],
    );
    return rows[0]!;
  }
}
