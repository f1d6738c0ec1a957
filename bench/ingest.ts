// End-to-end ingest benchmark: the real service on a real PostgreSQL, driven over real HTTP.
//
// Starts PostgreSQL (a fresh database on DATABASE_URL's server, or an embedded server in a temp
// directory), migrates it, starts the application on a free loopback port with the analysis
// workers in this process, then for each size uploads a generated cluster (a JSON `List`, as
// `kubectl get -o json` prints it), polls GET /api/v1/snapshots/{id} every 100 ms until the
// snapshot is ready, and reports medians: upload (request → 202), ready (request → ready), objects
// stored, ingest rate, the service's own parse and analysis times, and this process's peak RSS.
// The wait in between is split with the service's own timestamps: queued (202 → a worker starts)
// and worker (loading the stored objects and running the engine, before storing the results).
//
//   npm run build && node --expose-gc dist/bench/ingest.js [--sizes M,L] [--runs 3] [--seed 42] [--gzip]
//
// Exit code 2 when a size misses its target (L: ready in under 10 s).
//
// Every run uploads to a cluster of its own name, so content deduplication (per cluster) never
// answers from an earlier run; the content itself stays the same, so the runs are comparable.

import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import asyncExitHook from 'async-exit-hook';
import pg from 'pg';
import { createApp } from '../src/bootstrap.js';
import { createLogger } from '../src/common/logging/logger.js';
import { loadConfig } from '../src/config/config.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migrate } from '../src/database/migrator.js';
import { generateCluster, toJsonList, type GeneratorParams } from './generate.js';

type SizeName = 'M' | 'L';

const SIZES: Record<SizeName, Omit<GeneratorParams, 'seed'>> = {
  M: { pods: 1_000, policies: 200, namespaces: 20 },
  L: { pods: 10_000, policies: 2_000, namespaces: 100 },
};

/** Upload → ready, in milliseconds. */
const READY_TARGET_MS: Partial<Record<SizeName, number>> = { L: 10_000 };

const POLL_INTERVAL_MS = 100;
const READY_TIMEOUT_MS = 300_000;

// ---------------------------------------------------------------- small helpers

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const flag = (name: string): boolean => process.argv.includes(`--${name}`);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (value: number | null): string => (value === null ? '?' : value < 10 ? value.toFixed(2) : value.toFixed(0));
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** maxRSS of this process so far (Node reports kilobytes). PostgreSQL's own processes are not included. */
const peakRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

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

// ---------------------------------------------------------------- database

interface BenchDatabase {
  url: string;
  /** Where it came from, for the report (never the password). */
  description: string;
  dispose(): Promise<void>;
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

/**
 * Nest ends the process with process.exit(1) when the application cannot be built, so `finally`
 * blocks do not run. Only synchronous work is possible then: this is what it does.
 */
function onAbruptExit(action: () => void): () => void {
  process.on('exit', action);
  return () => process.off('exit', action);
}

/** A throw-away database on the server of DATABASE_URL, dropped by dispose(). */
async function externalDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `ps_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const server = `${url.hostname}:${url.port || 5432}`;
  const forget = onAbruptExit(() => process.stderr.write(`ingest benchmark: database ${name} was left on ${server}: DROP DATABASE "${name}" WITH (FORCE)\n`));
  return {
    url: url.toString(),
    description: `database ${name} on ${server} (DATABASE_URL)`,
    dispose: async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      forget();
    },
  };
}

/** An embedded PostgreSQL in a temporary directory on a free port, stopped and removed by dispose(). */
async function embeddedDatabase(): Promise<BenchDatabase> {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'policyscope-ingest-bench-'));
  // As root the server runs as the `postgres` user, which must be able to enter the directory.
  chmodSync(parent, 0o755);
  const port = await freePort();
  // The server's own shutdown is asynchronous; on an abrupt exit, SIGQUIT (immediate shutdown) to
  // the postmaster named in postmaster.pid is what can still be done.
  const forget = onAbruptExit(() => {
    try {
      const pid = Number(readFileSync(path.join(parent, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // not started, or already stopped
    }
    rmSync(parent, { recursive: true, force: true });
  });
  try {
    const server = await startEmbeddedPostgres({ dataDir: parent, port, database: 'policyscope', persistent: false });
    return {
      url: server.url,
      description: `embedded PostgreSQL on 127.0.0.1:${port}`,
      dispose: async () => {
        await server.stop();
        forget();
        rmSync(parent, { recursive: true, force: true });
      },
    };
  } catch (err) {
    forget();
    rmSync(parent, { recursive: true, force: true });
    throw err;
  }
}

// ---------------------------------------------------------------- application

interface RunningApp {
  baseUrl: string;
  close(): Promise<void>;
}

async function startApplication(databaseUrl: string): Promise<RunningApp> {
  // The process environment may tune the service (WORKER_CONCURRENCY, JOB_POLL_SECONDS, ...);
  // the database, the address and the defaults below are the benchmark's.
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    LOG_PRETTY: 'false',
    WORKERS_IN_PROCESS: process.env.WORKERS_IN_PROCESS ?? 'true',
  });
  const app: INestApplication = await createApp({ config, databaseUrl, embeddedDatabase: false, logger: createLogger(config) });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

// ---------------------------------------------------------------- one upload

interface RunResult {
  uploadMs: number;
  /** 202 → a worker started the analysis (the snapshot's analysis_started_at): the queue's delay. */
  queuedMs: number | null;
  /** Analysis started → its results began to be stored (analysis_finished_at): loading the objects and the engine. */
  workerMs: number | null;
  readyMs: number;
  objectsStored: number;
  parseMs: number | null;
  analysisMs: number | null;
  workloadConnections: number | null;
}

interface SnapshotJson {
  status: string;
  error?: string | null;
  counts?: Record<string, number>;
  parseMs?: number | null;
  analysisMs?: number | null;
  timings?: { parseMs?: number; analyzeMs?: number };
}

/** The analysis timestamps the service records, read from the database (they are not in the REST answer). */
async function analysisTimestamps(db: pg.Pool, snapshotId: string): Promise<{ startedAt: Date | null; finishedAt: Date | null }> {
  const { rows } = await db.query<{ analysis_started_at: Date | null; analysis_finished_at: Date | null }>(
    'SELECT c.analysis_started_at, c.analysis_finished_at FROM snapshots s JOIN snapshot_contents c ON c.id = s.content_id WHERE s.id = $1',
    [snapshotId],
  );
  return { startedAt: rows[0]?.analysis_started_at ?? null, finishedAt: rows[0]?.analysis_finished_at ?? null };
}

async function uploadAndWait(baseUrl: string, db: pg.Pool, cluster: string, body: Buffer, gzip: boolean): Promise<RunResult> {
  const query = new URLSearchParams({ cluster, name: `${cluster}-snapshot`, capturedAt: new Date().toISOString() });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (gzip) headers['content-encoding'] = 'gzip';

  const startedEpochMs = Date.now();
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/v1/snapshots?${query}`, { method: 'POST', headers, body });
  const accepted = (await response.json()) as { id?: string; status?: string; duplicate?: boolean };
  const uploadMs = performance.now() - started;
  if (response.status !== 202 || !accepted.id) {
    throw new Error(`upload to ${cluster}: expected 202 with an id, got ${response.status} ${JSON.stringify(accepted).slice(0, 500)}`);
  }

  let snapshot: SnapshotJson;
  for (;;) {
    const poll = await fetch(`${baseUrl}/api/v1/snapshots/${accepted.id}`);
    snapshot = (await poll.json()) as SnapshotJson;
    if (!poll.ok) throw new Error(`GET snapshot ${accepted.id}: ${poll.status} ${JSON.stringify(snapshot).slice(0, 500)}`);
    if (snapshot.status === 'ready') break;
    if (snapshot.status === 'failed') throw new Error(`snapshot ${accepted.id} failed: ${snapshot.error ?? '(no error given)'}`);
    if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`snapshot ${accepted.id} not ready after ${READY_TIMEOUT_MS} ms (status ${snapshot.status})`);
    await sleep(POLL_INTERVAL_MS);
  }
  const readyMs = performance.now() - started;

  // Polls cannot see when the analysis started: it runs on this process's event loop, which answers
  // only between its steps. The service's own timestamps (same machine, same clock) can.
  const { startedAt, finishedAt } = await analysisTimestamps(db, accepted.id);
  const sinceRequest = (at: Date | null): number | null => (at === null ? null : at.getTime() - startedEpochMs);
  const analysisStartedMs = sinceRequest(startedAt);
  const analysisFinishedMs = sinceRequest(finishedAt);

  // Outside the timed region: proves the stored result is served, and sizes it for the report.
  const connectivity = await fetch(`${baseUrl}/api/v1/snapshots/${accepted.id}/connectivity?granularity=workload&format=json`);
  const connections = connectivity.ok ? ((await connectivity.json()) as { connections?: unknown[] }).connections?.length ?? null : null;

  return {
    uploadMs,
    queuedMs: analysisStartedMs === null ? null : analysisStartedMs - uploadMs,
    workerMs: analysisStartedMs === null || analysisFinishedMs === null ? null : analysisFinishedMs - analysisStartedMs,
    readyMs,
    objectsStored: Object.values(snapshot.counts ?? {}).reduce((sum, n) => sum + n, 0),
    parseMs: snapshot.parseMs ?? snapshot.timings?.parseMs ?? null,
    analysisMs: snapshot.analysisMs ?? snapshot.timings?.analyzeMs ?? null,
    workloadConnections: connections,
  };
}

// ---------------------------------------------------------------- one size

interface SizeResult {
  size: SizeName;
  pods: number;
  policies: number;
  namespaces: number;
  objectsGenerated: number;
  bodyBytes: number;
  gzip: boolean;
  runs: number;
  uploadMs: number;
  queuedMs: number | null;
  workerMs: number | null;
  readyMs: number;
  objectsStored: number;
  ingestObjectsPerSecond: number;
  parseMs: number | null;
  analysisMs: number | null;
  workloadConnections: number | null;
  /** Peak RSS of this process (client + service) once this size finished. */
  peakRssBytes: number;
  targetMs: number | null;
  meetsTarget: boolean | null;
  perRun: RunResult[];
}

const medianOrNull = (values: readonly (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : median(known);
};

async function runSize(baseUrl: string, db: pg.Pool, size: SizeName, runs: number, seed: number, gzip: boolean, runTag: string): Promise<SizeResult> {
  const params = { ...SIZES[size], seed };
  // Generated before anything is timed; only the text is kept.
  const cluster = generateCluster(params);
  const objectsGenerated = cluster.objects.length;
  const text = toJsonList(cluster);
  const body = gzip ? gzipSync(text) : Buffer.from(text);

  const perRun: RunResult[] = [];
  for (let run = 0; run < runs; run++) {
    (globalThis as { gc?: () => void }).gc?.();
    const result = await uploadAndWait(baseUrl, db, `bench-${runTag}-${size.toLowerCase()}-${run + 1}`, body, gzip);
    perRun.push(result);
    process.stderr.write(
      `${size} run ${run + 1}/${runs}: upload ${ms(result.uploadMs)} ms, queued ${ms(result.queuedMs)} ms, ` +
        `worker ${ms(result.workerMs)} ms, ready ${ms(result.readyMs)} ms, ` +
        `parse ${result.parseMs ?? '?'} ms, analysis ${result.analysisMs ?? '?'} ms\n`,
    );
  }
  const uploadMs = median(perRun.map((r) => r.uploadMs));
  const readyMs = median(perRun.map((r) => r.readyMs));
  const objectsStored = median(perRun.map((r) => r.objectsStored));
  const targetMs = READY_TARGET_MS[size] ?? null;
  return {
    size,
    ...SIZES[size],
    objectsGenerated,
    bodyBytes: body.length,
    gzip,
    runs,
    uploadMs,
    queuedMs: medianOrNull(perRun.map((r) => r.queuedMs)),
    workerMs: medianOrNull(perRun.map((r) => r.workerMs)),
    readyMs,
    objectsStored,
    ingestObjectsPerSecond: objectsStored / (uploadMs / 1000),
    parseMs: medianOrNull(perRun.map((r) => r.parseMs)),
    analysisMs: medianOrNull(perRun.map((r) => r.analysisMs)),
    workloadConnections: medianOrNull(perRun.map((r) => r.workloadConnections)),
    peakRssBytes: peakRssBytes(),
    targetMs,
    meetsTarget: targetMs === null ? null : readyMs < targetMs,
    perRun,
  };
}

// ---------------------------------------------------------------- report

function printTable(results: readonly SizeResult[], cores: number, database: string): void {
  const header = ['size', 'pods', 'policies', 'body MB', 'objects', 'upload ms', 'queued ms', 'worker ms', 'ready ms', 'objects/s', 'parse ms', 'analysis ms', 'wl conns', 'peak RSS MB', 'runs', 'target'];
  const rows = results.map((r) => [
    r.size,
    String(r.pods),
    String(r.policies),
    mb(r.bodyBytes),
    String(r.objectsStored),
    ms(r.uploadMs),
    ms(r.queuedMs),
    ms(r.workerMs),
    ms(r.readyMs),
    r.ingestObjectsPerSecond.toFixed(0),
    ms(r.parseMs),
    ms(r.analysisMs),
    r.workloadConnections === null ? '?' : String(r.workloadConnections),
    mb(r.peakRssBytes).replace(/\.\d$/, ''),
    String(r.runs),
    r.targetMs === null ? '' : r.meetsTarget ? `ok <${r.targetMs / 1000}s` : `MISSED >${r.targetMs / 1000}s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(`PolicyScope ingest benchmark: node ${process.version}, ${cores} cores, ${database}; medians`);
  console.log('upload = request → 202; queued = 202 → a worker starts; worker = loading the objects + engine; ready = request → a poll sees ready');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const sizes = (argument('sizes') ?? 'M,L').split(',').map((s) => s.trim().toUpperCase()) as SizeName[];
  for (const size of sizes) if (!(size in SIZES)) throw new Error(`unknown size ${size} (M or L)`);
  const runs = Number(argument('runs') ?? 3);
  const seed = Number(argument('seed') ?? 42);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number`);
  const gzip = flag('gzip');
  const cores = os.availableParallelism();
  const runTag = randomBytes(3).toString('hex');

  let app: RunningApp | undefined;
  let db: pg.Pool | undefined;
  const starting = process.env.DATABASE_URL ? externalDatabase(process.env.DATABASE_URL) : embeddedDatabase();
  let cleaned: Promise<void> | undefined;
  // Once, whether the benchmark ends or is interrupted (even while starting): nothing is left behind.
  const cleanUp = (): Promise<void> =>
    (cleaned ??= (async () => {
      await db?.end().catch(() => undefined);
      await app?.close().catch((err: Error) => process.stderr.write(`closing the application: ${err.message}\n`));
      const started = await starting.catch(() => undefined);
      await started?.dispose().catch((err: Error) => process.stderr.write(`disposing of the database: ${err.message}\n`));
    })());
  // embedded-postgres stops its server from async-exit-hook's signal handlers, which would pull the
  // database from under the application (as src/main.ts explains); we take the signals ourselves.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    asyncExitHook.unhookEvent(signal);
    process.once(signal, () => void cleanUp().finally(() => process.exit(128 + os.constants.signals[signal])));
  }
  const database = await starting;
  try {
    await migrate(database.url);
    app = await startApplication(database.url);
    db = new pg.Pool({ connectionString: database.url, max: 1 });
    db.on('error', () => undefined); // an idle connection dropped while stopping is no failure
    const results: SizeResult[] = [];
    for (const size of sizes) results.push(await runSize(app.baseUrl, db, size, runs, seed, gzip, runTag));
    printTable(results, cores, database.description);
    console.log(JSON.stringify({ bench: 'policyscope-ingest', node: process.version, cores, seed, database: process.env.DATABASE_URL ? 'external' : 'embedded', results }));
    if (results.some((r) => r.meetsTarget === false)) process.exitCode = 2;
  } finally {
    await cleanUp();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ingest benchmark failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
