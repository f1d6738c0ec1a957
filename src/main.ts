import 'reflect-metadata';
import type { Server } from 'node:http';
import asyncExitHook from 'async-exit-hook';
import { createApp } from './bootstrap.js';
import { drainHttpServer } from './common/http/drain.js';
import { createLogger } from './common/logging/logger.js';
import { checkDataDir, DataDirError } from './common/startup/data-dir.js';
import { ConfigError, loadConfig } from './config/config.js';
import type { EmbeddedDatabase } from './database/embedded-postgres.js';
import { superviseEmbedded } from './database/embedded-supervisor.js';
import { prepareDatabase, StartupError } from './database/prepare-database.js';

/** Kept at module level so a failed start still stops the server it started. */
let embedded: EmbeddedDatabase | undefined;

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.stdout.isTTY === true);
  const logger = createLogger(config);
  // The embedded PostgreSQL lives in DATA_DIR: refuse a read-only or full one before starting it.
  if (!config.databaseUrl) checkDataDir(config.dataDir);
  const db = await prepareDatabase(config, logger, (e) => (embedded = e));

  const app = await createApp({ config, databaseUrl: db.url, embeddedDatabase: !!embedded, logger });
  // embedded-postgres stops its servers from async-exit-hook's signal handlers, which would race our
  // orderly shutdown (close HTTP, jobs and database pools first, then stop the server). We keep its
  // `exit` hook as a safety net and take the signals ourselves.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) asyncExitHook.unhookEvent(signal);
  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // Orderly: HTTP first (no new requests; those in flight finish, within SHUTDOWN_GRACE_SECONDS),
    // then the application (workers, queue, database pools), then the embedded PostgreSQL, last.
    const cut = await drainHttpServer(app.getHttpServer() as Server, config.shutdownGraceSeconds * 1000);
    logger.info({ cutConnections: cut }, 'http drained');
    await app.close().catch((err: Error) => logger.error({ err }, 'error while closing'));
    logger.info('application closed');
    if (embedded) {
      await embedded.stop();
      logger.info('embedded PostgreSQL stopped');
    }
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (embedded) {
    superviseEmbedded(embedded, logger, (message) => {
      logger.fatal({ component: 'postgres' }, message);
      process.stderr.write(`policyscope: ${message}\n`);
      void stop('embedded PostgreSQL gone', 1);
    });
  }
  await app.listen(config.port, config.host).catch((err: Error) => {
    throw new StartupError(`cannot listen on ${config.host}:${config.port}: ${err.message}`);
  });
  logger.info({ url: `http://${config.host}:${config.port}`, graphql: '/graphql', rest: '/api/v1', openapi: '/api/docs' }, 'PolicyScope ready');
}

main().catch(async (err: unknown) => {
  await embedded?.stop().catch(() => undefined);
  const message =
    err instanceof ConfigError || err instanceof StartupError || err instanceof DataDirError
      ? err.message
      : `start-up failed: ${(err as Error)?.message ?? String(err)}`;
  process.stderr.write(`policyscope: ${message.split('\n')[0]}\n`);
  process.exit(1);
});
