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

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import type pg from 'pg';
import { generateCluster, toJsonList, type GeneratorParams } from './generate.js';
import { argument, median, sleep, withBenchService } from './harness.js';

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

const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const ms = (value: number | null): string => (value === null ? '?' : value < 10 ? value.toFixed(2) : value.toFixed(0));
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** maxRSS of this process so far (Node reports kilobytes). PostgreSQL's own processes are not included. */
const peakRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

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

  await withBenchService(async ({ baseUrl, db, database }) => {
    const results: SizeResult[] = [];
    for (const size of sizes) results.push(await runSize(baseUrl, db, size, runs, seed, gzip, runTag));
    printTable(results, cores, database);
    console.log(JSON.stringify({ bench: 'policyscope-ingest', node: process.version, cores, seed, database: process.env.DATABASE_URL ? 'external' : 'embedded', results }));
    if (results.some((r) => r.meetsTarget === false)) process.exitCode = 2;
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`ingest benchmark failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
