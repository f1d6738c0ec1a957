import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/bootstrap.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The real application on a fresh migrated database, initialised (not listening: supertest drives it).
 * Authentication is off (AUTH=off, allowed on the loopback HOST only) unless a spec passes
 * `AUTH: 'required'`: specs of other features send no Authorization header.
 * Logs are silent unless TEST_LOG_LEVEL says otherwise (e.g. `TEST_LOG_LEVEL=error` to see a 500's cause). Not production
 * (introspection on) and no rate limit, unless a spec asks (secure-defaults.e2e does).
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', AUTH: 'off', NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', ...env });
  const app = await createApp({ config, databaseUrl: db.url, embeddedDatabase: false, logger: createLogger(config) });
  await app.init();
  return {
    app,
    db,
    config,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** Waits until a snapshot is ready: polled every 50 ms for 60 s at most; a failed analysis or the time running out throws. */
export async function untilReady(app: INestApplication, id: string): Promise<void> {
  const { default: request } = await import('supertest');
  for (let n = 0; n < 1200; n++) {
    const { status } = (await request(app.getHttpServer()).get(`/api/v1/snapshots/${id}`).expect(200)).body as { status: string };
    if (status === 'ready') return;
    if (status === 'failed') throw new Error(`snapshot ${id} failed`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`snapshot ${id} not ready after 60 s`);
}

export async function graphql(app: INestApplication, query: string, variables?: Record<string, unknown>) {
  const { default: request } = await import('supertest');
  return request(app.getHttpServer()).post('/graphql').send({ query, variables });
}
