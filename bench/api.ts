// API benchmark (`npm run bench:api`, issue 9): the built service on loopback (AUTH=off, a
// throw-away database), the generated 10,000-pod snapshot (size L) uploaded and analysed, then:
//
// - canReach and whoCanReach under 50 concurrent clients for --seconds each (autocannon, in a child
//   process so that the load generator does not share the service's event loop): requests/s and
//   each request's latency (median, p95, p99);
// - findings, attack paths from the internet to tier=db with k = 4, and the what-if of one changed
//   policy, one request at a time (--runs, after one warm-up): median and p95.
//
//   npm run bench:api -- [--pods 10000] [--seconds 10] [--clients 50] [--runs 5] [--seed 42]
//
// Targets: canReach p95 < 20 ms at >= 500 req/s; whoCanReach p95 < 100 ms; findings < 1 s;
// attack paths < 1 s; what-if < 2 s. Exit code 2 when one is missed. Prints nproc and the load
// average: on a busy machine the figures are inflated.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateCluster, toJsonList, type KubeObject } from './generate.js';
import { argument, loadAverage, median, percentile, timeGets, uploadReady, withBenchService } from './harness.js';

const TARGETS = { canReachP95: 20, canReachRate: 500, whoCanReachP95: 100, findings: 1000, attackPaths: 1000, whatIf: 2000 };

interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

type Autocannon = (opts: Record<string, unknown>, done: (err: Error | null, result: { non2xx: number; errors: number; duration: number }) => void) => unknown;

/** Child mode: load one URL with autocannon, print the result as one JSON line. */
async function loadChild(url: string, clients: number, seconds: number): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const latencies: number[] = [];
  await new Promise<void>((resolve, reject) => {
    autocannon(
      {
        url,
        connections: clients,
        duration: seconds,
        setupClient: (client: { on: (event: string, listener: (status: number, bytes: number, ms: number) => void) => void }) => {
          client.on('response', (_status, _bytes, ms) => latencies.push(ms));
        },
      },
      (err, result) => {
        if (err) return reject(err);
        const out: LoadResult = {
          requests: latencies.length,
          errors: result.errors,
          non2xx: result.non2xx,
          perSecond: latencies.length / seconds,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
        };
        process.stdout.write(`${JSON.stringify(out)}\n`);
        resolve();
      },
    );
  });
}

function load(url: string, clients: number, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--load', url, '--clients', String(clients), '--seconds', String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult) : reject(new Error(`load generator exited ${code}`))));
  });
}

async function timePost(baseUrl: string, path: string, body: unknown, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    const elapsed = performance.now() - started;
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text.slice(0, 300)}`);
    if (i > 0) times.push(elapsed);
  }
  return times;
}

const ms = (v: number): string => (v < 10 ? v.toFixed(1) : v.toFixed(0));

/** The first pod of a tier=frontend Deployment and one of a tier=backend Deployment (its http port): a pair policies decide on. */
function pickPair(objects: readonly KubeObject[]): { from: string; to: string; port: number } {
  const pods = objects.filter((o) => o.kind === 'Pod') as (KubeObject & { metadata: { namespace: string; name: string; labels?: Record<string, string> } })[];
  const front = pods.find((p) => p.metadata.labels?.tier === 'frontend') ?? pods[0]!;
  const back = pods.find((p) => p.metadata.labels?.tier === 'backend' && p.metadata.namespace === front.metadata.namespace) ?? pods[1]!;
  return { from: `${front.metadata.namespace}/${front.metadata.name}`, to: `${back.metadata.namespace}/${back.metadata.name}`, port: 8080 };
}

/** One NetworkPolicy whose first ingress rule loses its `from` (opened to every source on its ports): the what-if's proposal, a change that opens connections. */
function changedPolicy(objects: readonly KubeObject[]): string {
  type Policy = KubeObject & { spec: { ingress?: { ports?: unknown[] }[] } };
  const found = objects.find((o) => o.kind === 'NetworkPolicy' && ((o as Policy).spec?.ingress?.length ?? 0) > 0) as Policy;
  const policy = structuredClone(found) as Policy & { spec: { ingress: { ports?: unknown[] }[] } };
  delete (policy.spec.ingress[0] as { from?: unknown }).from;
  delete (policy.metadata as { uid?: string }).uid;
  return JSON.stringify(policy);
}

async function main(): Promise<void> {
  const pods = Number(argument('pods') ?? 10_000);
  const seconds = Number(argument('seconds') ?? 10);
  const clients = Number(argument('clients') ?? 50);
  const runs = Number(argument('runs') ?? 5);
  const seed = Number(argument('seed') ?? 42);
  const cluster = generateCluster({ pods, policies: Math.round(pods / 5), namespaces: Math.max(1, Math.round(pods / 100)), seed });
  const body = toJsonList(cluster);
  const pair = pickPair(cluster.objects);
  const proposal = changedPolicy(cluster.objects);

  const failures: string[] = [];
  await withBenchService(async ({ baseUrl, database }) => {
    process.stdout.write(`api benchmark: ${pods} pods, ${database}; nproc ${os.cpus().length}, load average ${loadAverage()}\n`);
    const uploadStarted = performance.now();
    const id = await uploadReady(baseUrl, { cluster: 'bench-api', name: 'L', capturedAt: new Date().toISOString() }, body);
    process.stdout.write(`upload → ready: ${ms(performance.now() - uploadStarted)} ms\n`);

    const canReach = `/api/v1/snapshots/${id}/can-reach?${new URLSearchParams({ from: pair.from, to: pair.to, port: String(pair.port) })}`;
    const who = `/api/v1/snapshots/${id}/who-can-reach?${new URLSearchParams({ target: pair.to })}`;
    // The first question rebuilds the in-memory analysis from the stored objects: timed apart.
    const cold = await timeGets(baseUrl, canReach, 1, 0);
    process.stdout.write(`first canReach (analysis rebuilt from the stored objects): ${ms(cold.times[0]!)} ms\n`);
    await timeGets(baseUrl, who, 1, 0);

    const rows: string[] = ['| question | clients | requests/s | median | p95 | p99 | target |', '|---|---|---|---|---|---|---|'];
    // One client, one request at a time: the floor under the concurrent figures.
    const single = (await timeGets(baseUrl, canReach, 50)).times;
    rows.push(`| canReach, one at a time | 1 | ${(1000 / median(single)).toFixed(0)} | ${ms(median(single))} ms | ${ms(percentile(single, 95))} ms | ${ms(percentile(single, 99))} ms | |`);
    const canLoad = await load(`${baseUrl}${canReach}`, clients, seconds);
    rows.push(`| canReach | ${clients} | ${canLoad.perSecond.toFixed(0)} | ${ms(canLoad.p50)} ms | ${ms(canLoad.p95)} ms | ${ms(canLoad.p99)} ms | p95 < ${TARGETS.canReachP95} ms at >= ${TARGETS.canReachRate}/s |`);
    if (canLoad.non2xx + canLoad.errors > 0) failures.push(`canReach: ${canLoad.non2xx} non-2xx, ${canLoad.errors} errors`);
    if (canLoad.p95 >= TARGETS.canReachP95 || canLoad.perSecond < TARGETS.canReachRate) failures.push('canReach');
    const whoLoad = await load(`${baseUrl}${who}`, clients, seconds);
    rows.push(`| whoCanReach | ${clients} | ${whoLoad.perSecond.toFixed(0)} | ${ms(whoLoad.p50)} ms | ${ms(whoLoad.p95)} ms | ${ms(whoLoad.p99)} ms | p95 < ${TARGETS.whoCanReachP95} ms |`);
    if (whoLoad.non2xx + whoLoad.errors > 0) failures.push(`whoCanReach: ${whoLoad.non2xx} non-2xx, ${whoLoad.errors} errors`);
    if (whoLoad.p95 >= TARGETS.whoCanReachP95) failures.push('whoCanReach');

    const sequential = async (name: string, times: number[], target: number) => {
      rows.push(`| ${name} | 1 | | ${ms(median(times))} ms | ${ms(percentile(times, 95))} ms | | < ${target} ms |`);
      if (percentile(times, 95) >= target) failures.push(name);
    };
    await sequential('findings', (await timeGets(baseUrl, `/api/v1/snapshots/${id}/findings`, runs)).times, TARGETS.findings);
    await sequential('attack paths internet → tier=db, k=4', (await timeGets(baseUrl, `/api/v1/snapshots/${id}/attack-paths?from=internet&to=tier%3Ddb&k=4`, runs)).times, TARGETS.attackPaths);
    const whatIfBody = { manifests: [{ name: 'proposal.json', content: proposal }] };
    const changes = ((await (await fetch(`${baseUrl}/api/v1/snapshots/${id}/what-if`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(whatIfBody) })).json()) as { changes?: unknown[] }).changes?.length;
    await sequential(`what-if, one changed policy (${changes} connection changes)`, await timePost(baseUrl, `/api/v1/snapshots/${id}/what-if`, whatIfBody, runs), TARGETS.whatIf);
    process.stdout.write(`${rows.join('\n')}\nload average after: ${loadAverage()}\n`);
    // The service's rate limit (per address) would answer 429 to a load generator on one address.
  }, { RATE_LIMIT_PER_MINUTE: '0' });
  if (failures.length > 0) {
    process.stdout.write(`targets missed: ${failures.join(', ')}\n`);
  }
  // Set last: the application's shutdown hooks may have set an exit code of their own.
  process.exit(failures.length > 0 ? 2 : 0);
}

if (process.argv.includes('--load')) await loadChild(argument('load')!, Number(argument('clients') ?? 50), Number(argument('seconds') ?? 10));
else await main();
