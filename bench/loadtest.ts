// Load test (`npm run loadtest`, issue 11): the built service on loopback (AUTH=off, rate limit off:
// every request comes from one address; a throw-away database) under mixed traffic for a bounded
// time: reads (snapshot, connectivity, can-reach, cluster list, a GraphQL query) on most
// connections, and uploads of ever-new content (each one stored and analysed) at a fixed rate on a
// few. The load generators run in child processes so they do not share the service's event loop.
//
//   npm run loadtest -- [--seconds 300] [--connections 50] [--uploads-per-second 2] [--warmup 30]
//
// Targets: no 5xx at all, read p99 < 250 ms, RSS growth < 10% from the end of the warm-up to the
// end of the run. Prints a summary with nproc and the load average; exit code 2 when a target is
// missed.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { argument, loadAverage, median, percentile, sleep, uploadReady, withBenchService } from './harness.js';

const TARGETS = { readP99Ms: 250, rssGrowth: 0.1 };
const SHOP = readFileSync(fileURLToPath(new URL('../../examples/shop-v1/shop.yaml', import.meta.url)), 'utf8');

interface LoadResult {
  requests: number;
  byStatus: Record<string, number>;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  max: number;
}

type Autocannon = (opts: Record<string, unknown>, done: (err: Error | null, result: { errors: number; timeouts: number }) => void) => unknown;
interface AutocannonClient {
  on(event: 'response', listener: (status: number, bytes: number, ms: number) => void): void;
}

/** Child mode: one autocannon run of the reads or the uploads; prints its result as one JSON line. */
async function loadChild(kind: 'reads' | 'uploads', baseUrl: string, connections: number, seconds: number, snapshot: string, rate: number): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  let uploads = 0;
  const requests =
    kind === 'reads'
      ? [
          { method: 'GET', path: `/api/v1/snapshots/${snapshot}` },
          { method: 'GET', path: `/api/v1/snapshots/${snapshot}/connectivity?granularity=workload` },
          { method: 'GET', path: `/api/v1/snapshots/${snapshot}/can-reach?from=shop/frontend&to=shop/cart&port=8080` },
          { method: 'GET', path: '/api/v1/clusters' },
          {
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: `{ snapshot(id: "${snapshot}") { id status counts { kind count } } }` }),
          },
        ]
      : [
          {
            method: 'POST',
            path: '/api/v1/snapshots?cluster=load-uploads',
            headers: { 'content-type': 'application/yaml' },
            // New content every time: each upload is stored and analysed, as a capture of a changing cluster would be.
            setupRequest: (req: Record<string, unknown>) => ({ ...req, body: `${SHOP}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: load-${process.pid}-${uploads++}}\n` }),
          },
        ];
  await new Promise<void>((resolve, reject) => {
    autocannon(
      {
        url: baseUrl,
        connections,
        duration: seconds,
        timeout: 30,
        requests,
        ...(kind === 'uploads' ? { overallRate: rate } : {}),
        setupClient: (client: AutocannonClient) => {
          client.on('response', (status, _bytes, ms) => {
            latencies.push(ms);
            byStatus[status] = (byStatus[status] ?? 0) + 1;
          });
        },
      },
      (err, result) => {
        if (err) return reject(err);
        const out: LoadResult = { requests: latencies.length, byStatus, errors: result.errors, timeouts: result.timeouts, p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), max: Math.round(latencies.reduce((m, v) => (v > m ? v : m), 0)) };
        process.stdout.write(`${JSON.stringify(out)}\n`);
        resolve();
      },
    );
  });
}

function load(kind: 'reads' | 'uploads', baseUrl: string, connections: number, seconds: number, snapshot: string, rate: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const args = ['--child', kind, '--url', baseUrl, '--connections', String(connections), '--seconds', String(seconds), '--snapshot', snapshot, '--rate', String(rate)];
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult) : reject(new Error(`${kind} load generator exited ${code}`))));
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const fiveXX = (r: LoadResult) => Object.entries(r.byStatus).reduce((n, [status, count]) => n + (Number(status) >= 500 ? count : 0), 0);

async function main(): Promise<number> {
  const seconds = Number(argument('seconds') ?? 300);
  const connections = Number(argument('connections') ?? 50);
  const uploadRate = Number(argument('uploads-per-second') ?? 2);
  const warmup = Number(argument('warmup') ?? Math.min(30, Math.round(seconds / 5)));
  const uploadConnections = Math.min(5, Math.max(1, Math.round(connections / 10)));
  console.log(`loadtest: ${seconds} s, ${connections} connections (${connections - uploadConnections} reading, ${uploadConnections} uploading at ${uploadRate}/s), warm-up ${warmup} s; nproc ${os.cpus().length}, load average ${loadAverage()}`);

  return withBenchService(
    async ({ baseUrl, db, database }) => {
      const snapshot = await uploadReady(baseUrl, { cluster: 'load', name: 'base', capturedAt: new Date().toISOString() }, SHOP, 'application/yaml');
      const rss: { at: number; bytes: number; heapUsed: number; heapTotal: number; external: number; queued: number }[] = [];
      const started = Date.now();
      // The process's memory each second, with the analyses still waiting (to tell a leak from a backlog).
      const sampler = setInterval(() => {
        const at = (Date.now() - started) / 1000;
        const memory = process.memoryUsage();
        void db.query<{ n: string }>("SELECT count(*) AS n FROM snapshot_contents WHERE status IN ('pending', 'analyzing')").then(
          ({ rows }) => rss.push({ at, bytes: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external, queued: Number(rows[0]!.n) }),
          () => undefined,
        );
      }, 1000);
      const [reads, uploads] = await Promise.all([
        load('reads', baseUrl, connections - uploadConnections, seconds, snapshot, 0),
        load('uploads', baseUrl, uploadConnections, seconds, snapshot, uploadRate),
      ]);
      clearInterval(sampler);
      const loadAfter = loadAverage();
      // Let the analyses queued by the last uploads finish before counting outcomes.
      for (let i = 0; i < 120; i++) {
        const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM snapshot_contents WHERE status IN ('pending', 'analyzing')");
        if (Number(rows[0]!.n) === 0) break;
        await sleep(1000);
      }
      const { rows: outcomes } = await db.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM snapshot_contents GROUP BY status ORDER BY status');

      const window = (from: number, to: number, of: (s: (typeof rss)[number]) => number = (s) => s.bytes) => median(rss.filter((s) => s.at >= from && s.at <= to).map(of));
      const afterWarmup = window(warmup - 5, warmup + 5);
      const atEnd = window(seconds - 10, seconds + 1);
      const heap = { afterWarmup: mb(window(warmup - 5, warmup + 5, (s) => s.heapUsed)), atEnd: mb(window(seconds - 10, seconds + 1, (s) => s.heapUsed)) };
      const external = { afterWarmup: mb(window(warmup - 5, warmup + 5, (s) => s.external)), atEnd: mb(window(seconds - 10, seconds + 1, (s) => s.external)) };
      const queued = { afterWarmup: window(warmup - 5, warmup + 5, (s) => s.queued), atEnd: window(seconds - 10, seconds + 1, (s) => s.queued) };
      const growth = (atEnd - afterWarmup) / afterWarmup;
      const peak = Math.max(...rss.map((s) => s.bytes));
      const results = {
        seconds,
        connections,
        database,
        nproc: os.cpus().length,
        loadAverageAtEnd: loadAfter,
        reads: { ...reads, perSecond: Math.round(reads.requests / seconds) },
        uploads: { ...uploads, perSecond: +(uploads.requests / seconds).toFixed(2) },
        analysesByStatus: Object.fromEntries(outcomes.map((o) => [o.status, Number(o.n)])),
        rss: { afterWarmup: mb(afterWarmup), atEnd: mb(atEnd), peak: mb(peak), growth: `${(growth * 100).toFixed(1)}%` },
        heapUsed: heap,
        external,
        analysesWaiting: queued,
      };
      const missed: string[] = [];
      if (fiveXX(reads) + fiveXX(uploads) > 0) missed.push(`5xx answers: ${fiveXX(reads) + fiveXX(uploads)}`);
      if (reads.errors + uploads.errors > 0) missed.push(`connection errors: ${reads.errors + uploads.errors}`);
      if (!(reads.p99 < TARGETS.readP99Ms)) missed.push(`read p99 ${reads.p99} ms >= ${TARGETS.readP99Ms} ms`);
      if (!(growth < TARGETS.rssGrowth)) missed.push(`RSS growth ${(growth * 100).toFixed(1)}% >= ${TARGETS.rssGrowth * 100}%`);
      console.log(JSON.stringify(results, null, 2));
      // The memory over the run, every 10 s: whether it levels off or keeps climbing.
      console.log(
        `memory every 10 s (RSS / main heap used / main heap committed / analyses waiting): ${rss
          .filter((_, i) => i % 10 === 9)
          .map((s) => `${Math.round(s.at)}s ${mb(s.bytes)}/${mb(s.heapUsed)}/${mb(s.heapTotal)}/${s.queued}`)
          .join(', ')}`,
      );
      console.log(
        `reads: ${reads.requests} (${results.reads.perSecond}/s), p50 ${reads.p50} ms, p99 ${reads.p99} ms, max ${reads.max} ms, statuses ${JSON.stringify(reads.byStatus)}\n` +
          `uploads: ${uploads.requests} (${results.uploads.perSecond}/s), p50 ${uploads.p50} ms, p99 ${uploads.p99} ms, statuses ${JSON.stringify(uploads.byStatus)}\n` +
          `RSS: ${results.rss.afterWarmup} after warm-up, ${results.rss.atEnd} at the end (${results.rss.growth}), peak ${results.rss.peak}\n` +
          (missed.length ? `MISSED: ${missed.join('; ')}` : 'all targets met: no 5xx, read p99 < 250 ms, RSS growth < 10%'),
      );
      return missed.length;
    },
    { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'error' },
  );
}

const child = argument('child');
if (child === 'reads' || child === 'uploads') {
  await loadChild(child, argument('url')!, Number(argument('connections')), Number(argument('seconds')), argument('snapshot')!, Number(argument('rate')));
} else {
  // Something in the service's shutdown resets process.exitCode: exit explicitly, as bench/api.ts does.
  process.exit((await main()) > 0 ? 2 : 0);
}
