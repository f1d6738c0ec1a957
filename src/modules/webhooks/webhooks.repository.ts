import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';

export interface WebhookRow {
  id: string;
  clusterId: string;
  url: string;
  secret: string;
  createdAt: Date;
}

export interface DeliveryRow {
  id: string;
  webhookId: string;
  snapshotId: string;
  event: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
}

const WEBHOOK_COLUMNS = 'id, cluster_id AS "clusterId", url, secret, created_at AS "createdAt"';
const DELIVERY_COLUMNS =
  'id, webhook_id AS "webhookId", snapshot_id AS "snapshotId", event, payload, status, attempts, response_status AS "responseStatus", error, next_attempt_at AS "nextAttemptAt", created_at AS "createdAt", delivered_at AS "deliveredAt"';

@Injectable()
export class WebhooksRepository {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async create(clusterId: string, url: string, secret: string): Promise<WebhookRow> {
    const { rows } = await this.pool.query<WebhookRow>(`INSERT INTO webhooks (cluster_id, url, secret) VALUES ($1, $2, $3) RETURNING ${WEBHOOK_COLUMNS}`, [clusterId, url, secret]);
    return rows[0]!;
  }

  async list(clusterId: string): Promise<WebhookRow[]> {
    return (await this.pool.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE cluster_id = $1 ORDER BY created_at, id`, [clusterId])).rows;
  }

  async find(clusterId: string, id: string): Promise<WebhookRow | null> {
    return (await this.pool.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE cluster_id = $1 AND id = $2`, [clusterId, id])).rows[0] ?? null;
  }

  async delete(clusterId: string, id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM webhooks WHERE cluster_id = $1 AND id = $2', [clusterId, id])).rowCount ?? 0) > 0;
  }

  async deliveries(webhookId: string): Promise<DeliveryRow[]> {
    return (await this.pool.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id`, [webhookId])).rows;
  }

  /**
   * Ready snapshots observed for a webhook's cluster since it was created and not checked yet,
   * claimed (recorded as checked) so that each is checked once whichever process sees it first.
   */
  async claimUnchecked(): Promise<{ webhook: WebhookRow; snapshotId: string; capturedAt: Date }[]> {
    const { rows } = await this.pool.query<WebhookRow & { snapshotId: string; capturedAt: Date }>(
      `WITH due AS (
         SELECT w.id AS webhook_id, s.id AS snapshot_id FROM webhooks w
           JOIN snapshots s ON s.cluster_id = w.cluster_id AND s.created_at >= w.created_at
           JOIN snapshot_contents c ON c.id = s.content_id AND c.status = 'ready'
          WHERE NOT EXISTS (SELECT 1 FROM webhook_checks k WHERE k.webhook_id = w.id AND k.snapshot_id = s.id)
          LIMIT 100),
       claimed AS (INSERT INTO webhook_checks (webhook_id, snapshot_id) SELECT webhook_id, snapshot_id FROM due ON CONFLICT DO NOTHING RETURNING webhook_id, snapshot_id)
       SELECT w.id, w.cluster_id AS "clusterId", w.url, w.secret, w.created_at AS "createdAt", s.id AS "snapshotId", s.captured_at AS "capturedAt"
         FROM claimed k JOIN webhooks w ON w.id = k.webhook_id JOIN snapshots s ON s.id = k.snapshot_id ORDER BY s.captured_at`,
    );
    return rows.map(({ snapshotId, capturedAt, ...webhook }) => ({ webhook, snapshotId, capturedAt }));
  }

  /** The ready snapshot of the cluster observed just before `capturedAt`, or null. */
  async previousReady(clusterId: string, capturedAt: Date, snapshotId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT s.id FROM snapshots s JOIN snapshot_contents c ON c.id = s.content_id AND c.status = 'ready'
        WHERE s.cluster_id = $1 AND (s.captured_at, s.id) < ($2, $3) ORDER BY s.captured_at DESC, s.id DESC LIMIT 1`,
      [clusterId, capturedAt, snapshotId],
    );
    return rows[0]?.id ?? null;
  }

  async addDelivery(webhookId: string, snapshotId: string, event: string, payload: object): Promise<void> {
    await this.pool.query('INSERT INTO webhook_deliveries (webhook_id, snapshot_id, event, payload) VALUES ($1, $2, $3, $4)', [webhookId, snapshotId, event, JSON.stringify(payload)]);
  }

  /** Pending deliveries whose time has come, with their webhook, locked for this process until `release`. */
  async claimDue(client: pg.PoolClient): Promise<(DeliveryRow & { url: string; secret: string })[]> {
    const { rows } = await client.query<DeliveryRow & { url: string; secret: string }>(
      `SELECT d.id, d.webhook_id AS "webhookId", d.snapshot_id AS "snapshotId", d.event, d.payload, d.status, d.attempts, w.url, w.secret
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= now() ORDER BY d.next_attempt_at LIMIT 20 FOR UPDATE OF d SKIP LOCKED`,
    );
    return rows;
  }

  async recordAttempt(client: pg.PoolClient, id: string, outcome: { delivered: boolean; failed: boolean; responseStatus: number | null; error: string | null; retryInMs: number }): Promise<void> {
    await client.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, response_status = $2, error = $3,
              status = CASE WHEN $4 THEN 'delivered' WHEN $5 THEN 'failed' ELSE 'pending' END,
              delivered_at = CASE WHEN $4 THEN now() ELSE NULL END,
              next_attempt_at = now() + ($6 || ' milliseconds')::interval
        WHERE id = $1`,
      [id, outcome.responseStatus, outcome.error, outcome.delivered, outcome.failed, String(outcome.retryInMs)],
    );
  }

  connect(): Promise<pg.PoolClient> {
    return this.pool.connect();
  }
}
