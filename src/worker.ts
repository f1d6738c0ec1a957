import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import asyncExitHook from 'async-exit-hook';
import { createLogger, PinoNestLogger } from './common/logging/logger.js';
import { APP_CONFIG, ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import type { EmbeddedDatabase } from './database/embedded-postgres.js';
import { superviseEmbedded } from './database/embedded-supervisor.js';
import { prepareDatabase, StartupError } from './database/prepare-database.js';
import { AnalysisModule } from './modules/analysis/analysis.module.js';
import { CaptureModule } from './modules/capture/capture.module.js';

/** `npm run worker`: analysis workers (and scheduled tasks) without the HTTP API; run as many as you like. */
@Module({})
class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      global: true,
      imports: [DatabaseModule.forRoot(databaseUrl), AnalysisModule.forRoot({ runWorkers: true }), CaptureModule],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}

let embedded: EmbeddedDatabase | undefined;

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.stdout.isTTY === true);
  const logger = createLogger(config);
  const db = await prepareDatabase(config, logger, (e) => (embedded = e));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, db.url), { logger: new PinoNestLogger(logger) });
  await app.init();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) asyncExitHook.unhookEvent(signal);
  let stopping = false;
  const stop = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    await app.close().catch(() => undefined);
    await embedded?.stop();
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  if (embedded) {
    superviseEmbedded(embedded, logger, (message) => {
      logger.fatal({ component: 'postgres' }, message);
      process.stderr.write(`policyscope-worker: ${message}\n`);
      void stop(1);
    });
  }
  logger.info('PolicyScope worker ready');
}

main().catch(async (err: unknown) => {
  await embedded?.stop().catch(() => undefined);
  const message = err instanceof ConfigError || err instanceof StartupError ? err.message : `worker start-up failed: ${(err as Error)?.message ?? String(err)}`;
  process.stderr.write(`policyscope-worker: ${message.split('\n')[0]}\n`);
  process.exit(1);
});
