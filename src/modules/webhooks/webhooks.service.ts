import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { BackgroundRounds } from '../../common/background-rounds.js';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { buildReport, snapshotAlerts } from '../../engine/index.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { DiffService } from '../diff/diff.service.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { newSecret, SIGNATURE_HEADER, signBody } from './webhook-signature.js';
import { WebhooksRepository, type DeliveryRow, type WebhookRow } from './webhooks.repository.js';

/** How often new ready snapshots and due deliveries are looked for. */
const TICK_MS = 1000;
/** Attempts before a delivery is marked failed; the wait doubles from RETRY_BASE_MS after each failure. */
export const MAX_ATTEMPTS = 5;
export const RETRY_BASE_MS = 1000;
const REQUEST_TIMEOUT_MS = 10_000;


/**
 * Webhooks per cluster. Each process checks new ready snapshots (claimed in the database, so each
 * once) against the cluster's previous ready snapshot; new internet exposure is queued as a
 * delivery, POSTed signed, and retried with backoff until a 2xx answer or MAX_ATTEMPTS.
 */
@Injectable()
export class WebhooksService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly rounds = new BackgroundRounds(TICK_MS, () => this.tick());

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly clusters: ClustersService,
    private readonly snapshots: SnapshotsService,
    private readonly diffs: DiffService,
  ) {}

  onModuleInit(): void {
    this.rounds.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  async create(clusterName: string, url: string, secret: string | undefined): Promise<WebhookRow> {
    const cluster = await this.clusters.get(clusterName);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new AppError(ErrorCode.BadRequest, `invalid url "${url}"`, [{ path: 'url', message: 'an absolute http or https URL' }]);
    }
    if (secret !== undefined && secret.length < 16) throw new AppError(ErrorCode.BadRequest, 'secret too short', [{ path: 'secret', message: 'at least 16 characters' }]);
    return this.repository.create(cluster.id, parsed.toString(), secret ?? newSecret());
  }

  async list(clusterName: string): Promise<WebhookRow[]> {
    return this.repository.list((await this.clusters.get(clusterName)).id);
  }

  async delete(clusterName: string, id: string): Promise<void> {
    const cluster = await this.clusters.get(clusterName);
    if (!(await this.repository.delete(cluster.id, assertId(id)))) throw new AppError(ErrorCode.NotFound, `webhook ${id} does not exist`);
  }

  async deliveries(clusterName: string, id: string): Promise<DeliveryRow[]> {
    const cluster = await this.clusters.get(clusterName);
    const webhook = await this.repository.find(cluster.id, assertId(id));
    if (!webhook) throw new AppError(ErrorCode.NotFound, `webhook ${id} does not exist`);
    return this.repository.deliveries(webhook.id);
  }

  /** One round: check new snapshots, then send what is due. Errors are logged, never thrown (the next tick tries again). */
  async tick(): Promise<void> {
    try {
      for (const due of await this.repository.claimUnchecked()) await this.check(due.webhook, due.snapshotId, due.capturedAt);
      await this.deliverDue();
    } catch (err) {
      this.logger.warn(`webhook round failed: ${(err as Error).message}`);
    }
  }

  private async check(webhook: WebhookRow, snapshotId: string, capturedAt: Date): Promise<void> {
    // The cluster's first snapshot has nothing to compare with: it raises no event.
    const previous = await this.repository.previousReady(webhook.clusterId, capturedAt, snapshotId);
    if (!previous) return;
    const [diff, before, after] = await Promise.all([
      this.diffs.diff(previous, snapshotId, 'workload'),
      this.snapshots.connectivity(previous, 'workload'),
      this.snapshots.connectivity(snapshotId, 'workload'),
    ]);
    const cluster = diff.sides.to.cluster ?? '';
    const report = buildReport({ cluster, range: { from: null, to: null }, series: [], steps: [], diff, firstConnectivity: before, lastConnectivity: after });
    for (const alert of snapshotAlerts(cluster, diff.sides.to.name ?? snapshotId, diff, report.newExposures)) {
      await this.repository.addDelivery(webhook.id, snapshotId, alert.event, {
        event: alert.event,
        cluster,
        snapshot: diff.sides.to,
        previous: diff.sides.from,
        ...alert.details,
        text: alert.text,
      });
    }
  }

  private async deliverDue(): Promise<void> {
    const client = await this.repository.connect();
    try {
      await client.query('BEGIN');
      for (const d of await this.repository.claimDue(client)) {
        const body = JSON.stringify({ ...d.payload, delivery: d.id });
        let responseStatus: number | null = null;
        let error: string | null = null;
        try {
          const res = await fetch(d.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(d.secret, body), 'x-policyscope-event': d.event, 'x-policyscope-delivery': d.id },
            body,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          responseStatus = res.status;
          await res.arrayBuffer().catch(() => undefined);
          if (!res.ok) error = `answered ${res.status}`;
        } catch (err) {
          error = (err as Error).message;
        }
        const delivered = error === null;
        const attempts = d.attempts + 1;
        await this.repository.recordAttempt(client, d.id, { delivered, failed: !delivered && attempts >= MAX_ATTEMPTS, responseStatus, error, retryInMs: RETRY_BASE_MS * 2 ** (attempts - 1) });
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

function assertId(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new AppError(ErrorCode.BadRequest, `invalid id "${id}"`, [{ path: 'id', message: 'a webhook id (UUID)' }]);
  return id;
}

/** Slack-compatible summary (`text` of an incoming-webhook message). */
