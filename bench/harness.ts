// What the service benchmarks share: a throw-away database (a fresh database on DATABASE_URL's
// server, or an embedded PostgreSQL in a temporary directory), the application started in this
// process on a free loopback port with its analysis workers, uploads that wait until ready, and
// medians and percentiles. Everything is removed afterwards, also on Ctrl-C.

import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import asyncExitHook from 'async-exit-hook';
import pg from 'pg';
import { createApp } from '../src/bootstrap.js';
import { createLogger } from '../src/common/logging/logger.js';
import { loadConfig } from '../src/config/config.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migrate } from '../src/database/migrator.js';

export function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

export interface BenchService {
  baseUrl: string;
  /** A pool on the benchmark's database, for reading what the service stored. */
  db: pg.Pool;
  /** Where the database runs, for the report. */
  database: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface BenchDatabase {
  url: string;
  description: string;
  dispose(): Promise<void>;
}

async function externalDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `ps_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    description: `database ${name} on ${url.hostname}:${url.port || 5432} (DATABASE_URL)`,
    dispose: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function embeddedDatabase(): Promise<BenchDatabase> {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'policyscope-bench-'));
  chmodSync(parent, 0o755);
  const port = await freePort();
  // Nest may end the process with process.exit(1): only synchronous clean-up runs then.
  const abrupt = () => {
    try {
      const pid = Number(readFileSync(path.join(parent, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // not started, or already gone
    }
    rmSync(parent, { recursive: true, force: true });
  };
  process.on('exit', abrupt);
  const server = await startEmbeddedPostgres({ dataDir: parent, port, database: 'policyscope', persistent: false });
  return {
    url: server.url,
    description: `embedded PostgreSQL on 127.0.0.1:${port}`,
    dispose: async () => {
      await server.stop();
      process.off('exit', abrupt);
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/** Runs `body` against a started service on a throw-away database; removes both afterwards. */
export async function withBenchService<T>(body: (service: BenchService) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  let app: INestApplication | undefined;
  let db: pg.Pool | undefined;
  const starting = process.env.DATABASE_URL ? externalDatabase(process.env.DATABASE_URL) : embeddedDatabase();
  let cleaned: Promise<void> | undefined;
  const cleanUp = (): Promise<void> =>
    (cleaned ??= (async () => {
      await db?.end().catch(() => undefined);
      await app?.close().catch((err: Error) => process.stderr.write(`closing the application: ${err.message}\n`));
      const started = await starting.catch(() => undefined);
      await started?.dispose().catch((err: Error) => process.stderr.write(`disposing of the database: ${err.message}\n`));
    })());
  // embedded-postgres stops its server from async-exit-hook's signal handlers, which would pull the
  // database from under the application; the benchmark takes the signals itself.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    asyncExitHook.unhookEvent(signal);
    process.once(signal, () => void cleanUp().finally(() => process.exit(128 + os.constants.signals[signal])));
  }
  const database = await starting;
  try {
    await migrate(database.url);
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: '0',
      AUTH: 'off',
      // One client on loopback asks far more than one person would: no per-address limit.
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      LOG_PRETTY: 'false',
      WORKERS_IN_PROCESS: process.env.WORKERS_IN_PROCESS ?? 'true',
      ...env,
    });
    app = await createApp({ config, databaseUrl: database.url, embeddedDatabase: false, logger: createLogger(config) });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    db.on('error', () => undefined);
    return await body({ baseUrl: `http://127.0.0.1:${port}`, db, database: database.description });
  } finally {
    await cleanUp();
  }
}

/** Uploads a body (YAML or a JSON List) and waits until its snapshot is ready; returns its id. */
export async function uploadReady(baseUrl: string, params: { cluster: string; name: string; capturedAt: string }, body: string, contentType = 'application/json'): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/snapshots?${new URLSearchParams(params)}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const accepted = (await response.json()) as { id?: string };
  if (response.status !== 202 || !accepted.id) throw new Error(`upload: expected 202 with an id, got ${response.status} ${JSON.stringify(accepted).slice(0, 300)}`);
  const started = Date.now();
  for (;;) {
    const poll = await fetch(`${baseUrl}/api/v1/snapshots/${accepted.id}`);
    const snapshot = (await poll.json()) as { status: string; error?: string };
    if (snapshot.status === 'ready') return accepted.id;
    if (snapshot.status === 'failed') throw new Error(`snapshot ${accepted.id} failed: ${snapshot.error}`);
    if (Date.now() - started > 300_000) throw new Error(`snapshot ${accepted.id} not ready after 300 s`);
    await sleep(20);
  }
}

/** Times `runs` GETs of a path (after one warm-up); throws on a non-2xx answer. */
export async function timeGets(baseUrl: string, pathAndQuery: string, runs: number, warmUp = 1): Promise<{ times: number[]; bytes: number }> {
  let bytes = 0;
  const times: number[] = [];
  for (let i = 0; i < warmUp + runs; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${pathAndQuery}`);
    const body = await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (!response.ok) throw new Error(`GET ${pathAndQuery}: ${response.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
    bytes = body.byteLength;
    if (i >= warmUp) times.push(elapsed);
  }
  return { times, bytes };
}
