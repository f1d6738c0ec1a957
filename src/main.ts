import 'reflect-metadata';
import asyncExitHook from 'async-exit-hook';
import pg from 'pg';
import { createApp } from './bootstrap.js';
import { createLogger } from './common/logging/logger.js';
import { ConfigError, loadConfig } from './config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { migrate } from './database/migrator.js';

/** A start-up failure with a one-line reason for the operator (no stack trace). */
class StartupError extends Error {}

async function assertReachable(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
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

/** Kept at module level so a failed start still stops the server it started. */
let embedded: EmbeddedDatabase | undefined;

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.stdout.isTTY === true);
  const logger = createLogger(config);
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
  }
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  await assertReachable(databaseUrl);
  const report = await migrate(databaseUrl);
  logger.info({ applied: report.applied, alreadyApplied: report.alreadyApplied.length }, 'migrations up to date');

  const app = await createApp({ config, databaseUrl, embeddedDatabase: !!embedded, logger });
  // embedded-postgres stops its servers from async-exit-hook's signal handlers, which would race our
  // orderly shutdown (close HTTP and database pools first, then stop the server). We keep its `exit`
  // hook as a safety net and take the signals ourselves.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) asyncExitHook.unhookEvent(signal);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.close().catch((err: Error) => logger.error({ err }, 'error while closing'));
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.listen(config.port, config.host).catch((err: Error) => {
    throw new StartupError(`cannot listen on ${config.host}:${config.port}: ${err.message}`);
  });
  logger.info({ url: `http://${config.host}:${config.port}`, graphql: '/graphql', rest: '/api/v1', openapi: '/api/docs' }, 'PolicyScope ready');
}

main().catch(async (err: unknown) => {
  await embedded?.stop().catch(() => undefined);
  const message =
    err instanceof ConfigError || err instanceof StartupError
      ? err.message
      : `start-up failed: ${(err as Error)?.message ?? String(err)}`;
  process.stderr.write(`policyscope: ${message.split('\n')[0]}\n`);
  process.exit(1);
});
