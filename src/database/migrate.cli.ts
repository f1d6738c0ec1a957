// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded server.
import { loadConfig, ConfigError } from '../config/config.js';
import { migrate } from './migrator.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, database: 'policyscope', persistent: true });
  try {
    const report = await migrate(config.databaseUrl ?? embedded!.url);
    console.log(`applied ${report.applied.length} migration(s)${report.applied.length ? ': ' + report.applied.join(', ') : ''}; ${report.alreadyApplied.length} already applied`);
  } finally {
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `db:migrate failed: ${(err as Error).message}`);
  process.exit(1);
});
