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
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCluster, Rng, toJsonList, type KubeObject } from './generate.js';
import { argument, loadAverage, median, percentile, timeGets, uploadReady, withBenchService } from './harness.js';

/** How many different questions the load cycles through. */
const QUESTIONS = 1000;

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

/** What the load generator is told: the service, the paths it cycles through, and how hard to push. */
interface LoadPlan {
  baseUrl: string;
  paths: string[];
  clients: number;
  seconds: number;
  /** Requests per second over all connections; absent: each connection asks again as soon as it is answered. */
  rate?: number;
}

/** Child mode: load the service as the plan says, every request the next path of the plan's list, and print the result as one JSON line. */
async function loadChild(planFile: string): Promise<void> {
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as LoadPlan;
  const result = plan.rate ? await paced(plan, plan.rate) : await closedLoop(plan);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function summary(latencies: number[], seconds: number, errors: number, non2xx: number): LoadResult {
  return { requests: latencies.length, errors, non2xx, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

/**
 * Open loop at `rate` requests/s spread evenly over time (not in bursts), on at most `clients`
 * keep-alive connections. Each latency counts from when the request was due, so a service that
 * falls behind is charged for the wait (no coordinated omission).
 */
async function paced(plan: LoadPlan, rate: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.clients });
  const base = new URL(plan.baseUrl);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const inFlight = new Set<Promise<void>>();
  const send = (path: string, due: number) => {
    const done = new Promise<void>((resolve) => {
      const req = httpRequest({ host: base.hostname, port: base.port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - due);
          if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    }).finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  const started = performance.now();
  const total = Math.round(rate * plan.seconds);
  let sent = 0;
  while (sent < total) {
    const due = started + (sent * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait - 1));
    else if (wait > 0) await new Promise((r) => setImmediate(r));
    else send(plan.paths[sent % plan.paths.length]!, started + (sent++ * 1000) / rate);
  }
  await Promise.all(inFlight);
  agent.destroy();
  // Requests answered per second of the run (those still open at the end finish after it).
  return summary(latencies, Math.max(plan.seconds, (performance.now() - started) / 1000), errors, non2xx);
}

/** Closed loop with autocannon: each of `clients` connections asks again as soon as it is answered. */
async function closedLoop(plan: LoadPlan): Promise<LoadResult> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const latencies: number[] = [];
  let next = 0;
  return new Promise<LoadResult>((resolve, reject) => {
    autocannon(
      {
        url: plan.baseUrl,
        connections: plan.clients,
        duration: plan.seconds,
        requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, path: plan.paths[next++ % plan.paths.length] }) }],
        setupClient: (client: { on: (event: string, listener: (status: number, bytes: number, ms: number) => void) => void }) => {
          client.on('response', (_status, _bytes, ms) => latencies.push(ms));
        },
      },
      (err, result) => (err ? reject(err) : resolve(summary(latencies, plan.seconds, result.errors, result.non2xx))),
    );
  });
}

/** Runs the load generator in a child process, so that it does not share the service's event loop. */
function load(plan: LoadPlan): Promise<LoadResult> {
  const planFile = join(mkdtempSync(join(tmpdir(), 'bench-api-')), 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--load', planFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      rmSync(dirname(planFile), { recursive: true, force: true });
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult);
      else reject(new Error(`load generator exited ${code}`));
    });
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

/** Different questions for the load: pod pairs (half within one namespace, asked on the destination's first container port) and who-can-reach targets, seeded. */
function questions(objects: readonly KubeObject[], count: number, seed: number): { pairs: { from: string; to: string; port: number }[]; targets: string[] } {
  type Pod = KubeObject & { metadata: { namespace: string; name: string }; spec?: { containers?: { ports?: { containerPort?: number }[] }[] } };
  const pods = objects.filter((o) => o.kind === 'Pod') as Pod[];
  const byNamespace = new Map<string, Pod[]>();
  for (const pod of pods) {
    const of = byNamespace.get(pod.metadata.namespace);
    if (of) of.push(pod);
    else byNamespace.set(pod.metadata.namespace, [pod]);
  }
  const rng = new Rng(seed + 1);
  const name = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;
  const pairs = Array.from({ length: count }, (_, i) => {
    const from = rng.pick(pods);
    const to = i % 2 === 0 ? rng.pick(byNamespace.get(from.metadata.namespace)!) : rng.pick(pods);
    return { from: name(from), to: name(to), port: to.spec?.containers?.[0]?.ports?.[0]?.containerPort ?? 8080 };
  });
  return { pairs, targets: Array.from({ length: count }, () => name(rng.pick(pods))) };
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
    // Under load every request asks another question (QUESTIONS pod pairs, QUESTIONS targets), so no answer is served twice in a row.
    const asked = questions(cluster.objects, QUESTIONS, seed);
    const canPaths = asked.pairs.map((p) => `/api/v1/snapshots/${id}/can-reach?${new URLSearchParams({ from: p.from, to: p.to, port: String(p.port) })}`);
    const whoPaths = asked.targets.map((target) => `/api/v1/snapshots/${id}/who-can-reach?${new URLSearchParams({ target })}`);
    const loadRow = (name: string, result: LoadResult, target: string) =>
      rows.push(`| ${name} | ${clients} | ${result.perSecond.toFixed(0)} | ${ms(result.p50)} ms | ${ms(result.p95)} ms | ${ms(result.p99)} ms | ${target} |`);
    const checkErrors = (name: string, result: LoadResult) => result.non2xx + result.errors > 0 && failures.push(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    // As fast as it answers: the capacity. Then paced at the target's rate over the same clients: the latency at that rate.
    const canCapacity = await load({ baseUrl, paths: canPaths, clients, seconds });
    loadRow('canReach, each client asking again at once', canCapacity, 'capacity');
    checkErrors('canReach', canCapacity);
    const canPaced = await load({ baseUrl, paths: canPaths, clients, seconds, rate: TARGETS.canReachRate });
    loadRow(`canReach, paced at ${TARGETS.canReachRate}/s`, canPaced, `p95 < ${TARGETS.canReachP95} ms at >= ${TARGETS.canReachRate}/s`);
    checkErrors('canReach', canPaced);
    // The pacing's own granularity may fall a request or two per second short of the rate asked.
    if (canPaced.p95 >= TARGETS.canReachP95 || canPaced.perSecond < TARGETS.canReachRate * 0.98) failures.push('canReach');
    const whoLoad = await load({ baseUrl, paths: whoPaths, clients, seconds });
    loadRow('whoCanReach, each client asking again at once', whoLoad, `p95 < ${TARGETS.whoCanReachP95} ms`);
    checkErrors('whoCanReach', whoLoad);
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

if (process.argv.includes('--load')) await loadChild(argument('load')!);
else await main();
