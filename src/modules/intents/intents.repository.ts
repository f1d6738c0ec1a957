import { Inject, Injectable } from '@nestjs/common';
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
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async find(clusterId: string): Promise<ClusterIntentsRow | null> {
    const { rows } = await this.pool.query<ClusterIntentsRow>('SELECT intents, updated_at AS "updatedAt" FROM cluster_intents WHERE cluster_id = $1', [clusterId]);
    return rows[0] ?? null;
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
