// A job that fails on every attempt (issue 11): retried JOB_RETRY_LIMIT times, then its snapshot is
// marked failed with the error, its queue job is failed with the retries used, and queries about
// it answer RESULT_UNAVAILABLE (422) rather than waiting forever. The failure is real: the stored
// objects are corrupted in the database before any worker runs (one application stores with no
// workers; a second one, on the same database, runs the workers).

import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../../src/bootstrap.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const SHOP = readFileSync('examples/shop-v1/shop.yaml', 'utf8');

async function appOn(db: TestDatabase, env: Record<string, string>): Promise<INestApplication> {
  const config = loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', AUTH: 'off', NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', ...env });
  const app = await createApp({ config, databaseUrl: db.url, embeddedDatabase: false, logger: createLogger(config) });
  await app.init();
  return app;
}

describe('a job that exhausts its retries', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db.drop();
  });

  it('is marked failed with its error after JOB_RETRY_LIMIT retries', async () => {
    const storing = await appOn(db, { WORKERS_IN_PROCESS: 'false', JOB_RETRY_LIMIT: '1' }); // the limit is fixed when the job is queued
    apps.push(storing);
    const { id } = (await request(storing.getHttpServer()).post('/api/v1/snapshots?cluster=doomed').set('content-type', 'application/yaml').send(SHOP).expect(202)).body as { id: string };

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // Every attempt will find a NetworkPolicy that no longer parses.
      const corrupted = await client.query(
        `UPDATE kubernetes_objects SET raw = jsonb_set(raw, '{spec,podSelector}', '5'::jsonb)
          WHERE kind = 'NetworkPolicy' AND content_id = (SELECT content_id FROM snapshots WHERE id = $1)`,
        [id],
      );
      expect(corrupted.rowCount).toBeGreaterThan(0);

      const working = await appOn(db, { WORKERS_IN_PROCESS: 'true', JOB_RETRY_LIMIT: '1', JOB_POLL_SECONDS: '1' });
      apps.push(working);
      let snapshot: { status: string; error?: string } = { status: 'pending' };
      for (let i = 0; i < 120 && snapshot.status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 500));
        snapshot = (await request(working.getHttpServer()).get(`/api/v1/snapshots/${id}`).expect(200)).body;
        expect(snapshot.status).not.toBe('ready');
      }
      expect(snapshot.status).toBe('failed');
      expect(snapshot.error).toMatch(/stored objects no longer parse: .*spec\.podSelector/);

      const { rows } = await client.query<{ state: string; retry_count: number }>(
        `SELECT state, retry_count FROM pgboss.job WHERE name = 'analyze_snapshot' AND data->>'contentId' = (SELECT content_id::text FROM snapshots WHERE id = $1)`,
        [id],
      );
      expect(rows).toEqual([{ state: 'failed', retry_count: 1 }]);

      const query = await request(working.getHttpServer()).get(`/api/v1/snapshots/${id}/connectivity?granularity=workload`).expect(422);
      expect(query.body.error.code).toBe('RESULT_UNAVAILABLE');
    } finally {
      await client.end();
    }
  }, 120_000);
});
