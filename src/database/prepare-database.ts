import { createClient } from './connections.js';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import { migrate } from './migrator.js';

/** A start-up failure with a one-line reason for the operator (no stack trace). */
export class StartupError extends Error {}

export interface PreparedDatabase {
  url: string;
  embedded: EmbeddedDatabase | undefined;
}

async function assertReachable(databaseUrl: string): Promise<void> {
  const client = createClient(databaseUrl);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    const u = new URL(databaseUrl);
    throw new StartupError(`cannot reach DATABASE_URL (${u.hostname}:${u.port || 5432}${u.pathname}): ${(err as Error).message || (err as { code?: string }).code}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The database a process uses: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (started
 * here); reachable and migrated when this returns. `onEmbedded` receives the embedded server as soon
 * as it runs, so a caller can stop it even if a later step fails.
 */
export async function prepareDatabase(config: AppConfig, logger: Logger, onEmbedded: (db: EmbeddedDatabase) => void): Promise<PreparedDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    logger.info({ dataDir: config.dataDir, port: config.embeddedPostgresPort }, 'no DATABASE_URL: starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPostgresPort,
      database: 'policyscope',
      persistent: true,
      onLog: (line) => logger.debug({ component: 'postgres' }, line),
    }).catch((err: Error) => {
      throw new StartupError(`embedded PostgreSQL failed to start in ${config.dataDir} on port ${config.embeddedPostgresPort}: ${err?.message ?? err}`);
    });
    onEmbedded(embedded);
  }
  const url = config.databaseUrl ?? embedded!.url;
  await assertReachable(url);
  const report = await migrate(url);
  logger.info({ applied: report.applied, alreadyApplied: report.alreadyApplied.length }, 'migrations up to date');
  return { url, embedded };
}
