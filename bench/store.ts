// Stored-results benchmark (`npm run bench:store`, docs/performance.md "Stored results"): what a
// ready snapshot costs to keep and to query, on seeded generated clusters.
//
// In process (engine only): stored-result size, encode and decode times, a 1,000-row page, exposure
// and the whole workload JSON streamed from the stored view.
// Over HTTP (the real service on a fresh database of DATABASE_URL's server, workers in process):
// upload → ready, the bytes stored per snapshot (stored result, dashboard tables, objects), then
// exposure, 1,000-row pages (workload and pod granularity, following cursors), the whole workload
// connectivity streamed (MB/s), and can-reach (the first rebuilds the analysis on an explain thread).
//
//   npm run build && node --expose-gc dist/bench/store.js [--sizes L,D,XL] [--seed 42] [--no-http] [--in-process]
//
// XL (100,000 pods) runs in process only with --in-process (the job's steps with CPU times).

import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { createApp } from '../src/bootstrap.js';
import { createLogger } from '../src/common/logging/logger.js';
import { loadConfig } from '../src/config/config.js';
import { migrate } from '../src/database/migrator.js';
import {
  analyze,
  connectivityJsonStream,
  connectivityPage,
  dashboardTables,
  decodeStoredResult,
  encodeStoredResult,
  ENGINE_VERSION,
  parseDocuments,
  storedExposure,
  storedResultOf,
  StoredView,
  summarizeAnalysis,
} from '../src/engine/index.js';
import { STORED_OBJECTS_PARSE } from '../src/modules/analysis/analysis-computation.js';
import { generateCluster, toJsonList, type GeneratorParams } from './generate.js';

const SIZES: Record<string, Omit<GeneratorParams, 'seed'>> = {
  M: { pods: 1_000, policies: 200, namespaces: 20 },
  L: { pods: 10_000, policies: 2_000, namespaces: 100 },
  XL: { pods: 100_000, policies: 20_000, namespaces: 1_000 },
  /** Few policies: most workloads reach most others, a large answer (streaming rate). */
  D: { pods: 3_000, policies: 30, namespaces: 30 },
};

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const p95 = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
};
const ms = (v: number): string => (v < 10 ? v.toFixed(2) : v.toFixed(0));
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(2);

function timed<T>(run: () => T): { value: T; ms: number; cpuMs: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

// ---------------------------------------------------------------- in process

function inProcess(size: string, json: string): void {
  // The job's steps (src/modules/analysis/analysis-computation.ts), with CPU time: less sensitive to the load than wall time.
  const parsed = timed(() => parseDocuments([{ name: size, content: json }], STORED_OBJECTS_PARSE));
  const analysed = timed(() => analyze(parsed.value.snapshot, {}));
  const analysis = analysed.value;
  const summary = timed(() => summarizeAnalysis(analysis));
  const built = timed(() => storedResultOf(analysis, ENGINE_VERSION));
  const encoded = timed(() => encodeStoredResult(built.value));
  const decoded = timed(() => decodeStoredResult(encoded.value));
  const workload = timed(() => new StoredView(decoded.value, 'workload'));
  const pod = timed(() => new StoredView(decoded.value, 'pod'));
  const exposure = timed(() => storedExposure(workload.value, 's'));
  const first = timed(() => connectivityPage(workload.value, 's', { limit: 1000 }));
  const podPage = timed(() => connectivityPage(pod.value, 's', { limit: 1000 }));
  let bytes = 0;
  let rows = 0;
  const streamed = timed(() => {
    for (const chunk of connectivityJsonStream(workload.value, 's')) bytes += chunk.length;
  });
  for (const _ of connectivityJsonStream(workload.value, 's', { filter: { externalOnly: false } }, 1 << 30)) rows++;
  const tables = timed(() => dashboardTables(workload.value, 's'));
  console.log(`${size} job steps, wall / CPU ms: parse ${ms(parsed.ms)} / ${ms(parsed.cpuMs)}, analyse ${ms(analysed.ms)} / ${ms(analysed.cpuMs)}, summary ${ms(summary.ms)} / ${ms(summary.cpuMs)}, stored result ${ms(built.ms)} / ${ms(built.cpuMs)}, dashboard tables ${ms(tables.ms)} / ${ms(tables.cpuMs)}`);
  console.log(`${size} in process: stored result ${mb(encoded.value.length)} MB (gzip), built ${ms(built.ms)} ms, encoded ${ms(encoded.ms)} ms, decoded ${ms(decoded.ms)} ms; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
  console.log(`  views: workload ${ms(workload.ms)} ms, pod ${ms(pod.ms)} ms; exposure ${ms(exposure.ms)} ms (${exposure.value.length} exposed)`);
  console.log(`  1,000-row page: workload ${ms(first.ms)} ms, pod ${ms(podPage.ms)} ms`);
  console.log(`  whole workload JSON: ${mb(bytes)} MB in ${ms(streamed.ms)} ms = ${(bytes / 1024 / 1024 / (streamed.ms / 1000)).toFixed(0)} MB/s (${rows} chunk)`);
}

// ---------------------------------------------------------------- over HTTP

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function startApplication(databaseUrl: string): Promise<{ baseUrl: string; app: INestApplication }> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    AUTH: 'off',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    LOG_PRETTY: 'false',
    WORKERS_IN_PROCESS: 'true',
    MAX_UPLOAD_BYTES: String(1024 * 1024 * 1024),
  });
  const app: INestApplication = await createApp({ config, databaseUrl, embeddedDatabase: false, logger: createLogger(config) });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, app };
}

async function timedFetch(url: string): Promise<{ ms: number; bytes: number; body: string; status: number }> {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  return { ms: performance.now() - started, bytes: Buffer.byteLength(body), body, status: res.status };
}

function curl(url: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', '-o', '/dev/null', '-w', '%{size_download} %{time_total}', url], (err, stdout) => {
      if (err) return reject(err);
      const [bytes, seconds] = stdout.trim().split(' ').map(Number);
      resolve({ bytes: bytes!, ms: seconds! * 1000 });
    });
  });
}

async function overHttp(size: string, json: string, databaseUrl: string, baseUrl: string, pods: { from: string; to: string }): Promise<void> {
  const started = performance.now();
  const upload = await fetch(`${baseUrl}/api/v1/snapshots?cluster=bench-${size.toLowerCase()}-${randomBytes(3).toString('hex')}&validation=ignore`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: json,
  });
  if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
  const { id } = (await upload.json()) as { id: string };
  let snapshot: { status: string; contentId: string; error?: string };
  for (;;) {
    snapshot = (await (await fetch(`${baseUrl}/api/v1/snapshots/${id}`)).json()) as typeof snapshot;
    if (snapshot.status === 'ready') break;
    if (snapshot.status === 'failed') throw new Error(`analysis failed: ${snapshot.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = performance.now() - started;
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  const one = async (text: string) => Number((await sql.query(text, [snapshot.contentId])).rows[0].n ?? 0);
  const storedBytes = await one(`SELECT sum(pg_column_size(data))::bigint AS n FROM analysis_artifacts WHERE content_id = $1`);
  const dashboardBytes =
    (await one(`SELECT sum(pg_column_size(w.*))::bigint AS n FROM workload_summaries w WHERE content_id = $1`)) +
    (await one(`SELECT coalesce(sum(pg_column_size(p.*)), 0)::bigint AS n FROM namespace_pairs p WHERE content_id = $1`));
  const objectBytes = await one(`SELECT sum(pg_column_size(o.*))::bigint AS n FROM kubernetes_objects o WHERE content_id = $1`);
  const workloadRows = await one(`SELECT count(*)::int AS n FROM workload_summaries WHERE content_id = $1`);
  await sql.end();

  const exposure: number[] = [];
  for (let i = 0; i < 6; i++) exposure.push((await timedFetch(`${baseUrl}/api/v1/snapshots/${id}/exposure`)).ms);
  const pages = async (granularity: string): Promise<number[]> => {
    const times: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res = await timedFetch(`${baseUrl}/api/v1/snapshots/${id}/connectivity?granularity=${granularity}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      times.push(res.ms);
      cursor = (JSON.parse(res.body) as { nextCursor: string | null }).nextCursor;
      if (!cursor) break;
    }
    return times;
  };
  const workloadPages = await pages('workload');
  const podPages = await pages('pod');
  // Read by another process (curl), as a client would: this process only serves.
  const whole = await curl(`${baseUrl}/api/v1/snapshots/${id}/connectivity?granularity=workload`);
  const canReachUrl = `${baseUrl}/api/v1/snapshots/${id}/can-reach?from=${pods.from}&to=${pods.to}&port=80`;
  const firstCanReach = await timedFetch(canReachUrl);
  const canReach: number[] = [];
  for (let i = 0; i < 40; i++) canReach.push((await timedFetch(canReachUrl)).ms);

  console.log(`${size} over HTTP: upload → ready ${(readyMs / 1000).toFixed(1)} s`);
  console.log(`  stored per snapshot: result ${mb(storedBytes)} MB, dashboard tables ${mb(dashboardBytes)} MB (${workloadRows} workload rows), objects ${mb(objectBytes)} MB`);
  console.log(`  exposure: first ${ms(exposure[0]!)} ms (cold on the process's first stored-result query, else decoded by the job), then median ${ms(median(exposure.slice(1)))} ms`);
  console.log(`  1,000-row pages (10, by cursor): workload first ${ms(workloadPages[0]!)} ms, median ${ms(median(workloadPages))} ms, max ${ms(Math.max(...workloadPages))} ms`);
  console.log(`                                    pod first ${ms(podPages[0]!)} ms, median ${ms(median(podPages))} ms, max ${ms(Math.max(...podPages))} ms`);
  console.log(`  whole workload connectivity streamed: ${mb(whole.bytes)} MB in ${ms(whole.ms)} ms = ${(whole.bytes / 1024 / 1024 / (whole.ms / 1000)).toFixed(0)} MB/s`);
  console.log(`  can-reach: first ${ms(firstCanReach.ms)} ms (analysis rebuilt on an explain thread; status ${firstCanReach.status}), then p95 ${ms(p95(canReach))} ms`);
}

async function main(): Promise<void> {
  const sizes = (argument('sizes') ?? 'L').split(',');
  const seed = Number(argument('seed') ?? 42);
  const http = !process.argv.includes('--no-http');
  console.log(`stored-results benchmark: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, seed ${seed}`);
  let database: { url: string; dispose: () => Promise<void> } | null = null;
  let app: { baseUrl: string; app: INestApplication } | null = null;
  try {
    if (http) {
      const adminUrl = process.env.DATABASE_URL;
      if (!adminUrl) throw new Error('DATABASE_URL is needed for the HTTP part (or pass --no-http)');
      const name = `ps_bench_store_${randomBytes(4).toString('hex')}`;
      await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      database = { url: url.toString(), dispose: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
      await migrate(database.url);
      app = await startApplication(database.url);
    }
    for (const size of sizes) {
      const params = SIZES[size];
      if (!params) throw new Error(`unknown size ${size}: ${Object.keys(SIZES).join(', ')}`);
      const cluster = generateCluster({ ...params, seed });
      const json = toJsonList(cluster);
      const pods = cluster.objects.filter((o) => o.kind === 'Pod');
      const podName = (i: number) => `${pods[i]!.metadata.namespace}/${pods[i]!.metadata.name}`;
      if (size !== 'XL' || process.argv.includes('--in-process')) inProcess(size, json);
      if (app && database) await overHttp(size, json, database.url, app.baseUrl, { from: podName(0), to: podName(Math.floor(pods.length / 2)) });
    }
  } finally {
    await app?.app.close();
    await database?.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
