// History and report benchmark (`npm run bench:history`, issue 10): the real service on a real
// PostgreSQL over HTTP.
//
// 1. One cluster gets --snapshots (1,000) snapshots cycling through --contents (20) generated
//    variants of one small cluster (each variant drops another policy), so every step of the chain
//    is a real change. Then: the history (GET …/history), the chain of changes cold (first request:
//    each distinct content pair is diffed and kept) and warm, and the report in JSON and HTML cold
//    (the first-to-last diff with causes) and warm: medians of --runs.
// 2. The diff of two --diff-pods (10,000-pod) snapshots, the second with 2% of the policies removed:
//    how long after the second is ready the service has diffed and kept it in the background, the
//    first and later requests (the kept diff), and the reverse direction, which nobody precomputes:
//    its first request rebuilds both analyses and computes the diff.
//
//   npm run bench:history -- [--snapshots 1000] [--contents 20] [--runs 5] [--diff-pods 10000|0]
//
// Targets: history < 200 ms, report < 2 s, diff of two 10,000-pod snapshots < 2 s. Exit code 2
// when one is missed. Prints the load average: on a busy machine, wall times are inflated.

import os from 'node:os';
import { generateCluster, toJsonList, type GeneratedCluster } from './generate.js';
import { argument, loadAverage, median, timeGets, uploadReady, withBenchService, type BenchService } from './harness.js';

const TARGETS_MS = { history: 200, report: 2000, diff: 2000 };

function withoutPolicy(cluster: GeneratedCluster, every: number, offset: number): string {
  let policy = 0;
  const objects = cluster.objects.filter((o) => o.kind !== 'NetworkPolicy' || policy++ % every !== offset);
  return toJsonList({ ...cluster, objects });
}

async function timeOnce(baseUrl: string, pathAndQuery: string): Promise<number> {
  return (await timeGets(baseUrl, pathAndQuery, 1, 0)).times[0]!;
}

async function historyPart(s: BenchService, snapshots: number, contents: number, runs: number) {
  const base = generateCluster({ pods: 300, policies: 60, namespaces: 10, seed: 7 });
  const variants = Array.from({ length: contents }, (_, k) => withoutPolicy(base, contents, k));
  const start = Date.UTC(2026, 0, 1);
  const loading = performance.now();
  for (let i = 0; i < snapshots; i++) {
    await uploadReady(s.baseUrl, { cluster: 'history', name: `s${i}`, capturedAt: new Date(start + i * 3_600_000).toISOString() }, variants[i % contents]!);
  }
  const loadSeconds = (performance.now() - loading) / 1000;
  const history = await timeGets(s.baseUrl, '/api/v1/clusters/history/history', runs);
  const chainCold = await timeOnce(s.baseUrl, '/api/v1/clusters/history/history/changes');
  const chainWarm = await timeGets(s.baseUrl, '/api/v1/clusters/history/history/changes', runs, 0);
  const reportCold = await timeOnce(s.baseUrl, '/api/v1/clusters/history/report?format=json');
  const reportJson = await timeGets(s.baseUrl, '/api/v1/clusters/history/report?format=json', runs, 0);
  const reportHtml = await timeGets(s.baseUrl, '/api/v1/clusters/history/report?format=html', runs, 0);
  const points = JSON.parse(await (await fetch(`${s.baseUrl}/api/v1/clusters/history/history`)).text()) as { snapshots?: unknown[] };
  return {
    snapshots,
    contents,
    loadSeconds: Math.round(loadSeconds),
    historyPoints: (points.snapshots ?? []).length,
    historyMs: median(history.times),
    historyBytes: history.bytes,
    chainColdMs: chainCold,
    chainWarmMs: median(chainWarm.times),
    reportColdMs: reportCold,
    reportJsonMs: median(reportJson.times),
    reportHtmlMs: median(reportHtml.times),
    reportHtmlBytes: reportHtml.bytes,
  };
}

async function diffPart(s: BenchService, pods: number, runs: number) {
  const cluster = generateCluster({ pods, policies: pods / 5, namespaces: Math.max(1, pods / 100), seed: 42 });
  const before = await uploadReady(s.baseUrl, { cluster: 'diff', name: 'before', capturedAt: '2026-02-01T00:00:00.000Z' }, toJsonList(cluster));
  const after = await uploadReady(s.baseUrl, { cluster: 'diff', name: 'after', capturedAt: '2026-02-02T00:00:00.000Z' }, withoutPolicy(cluster, 50, 0));
  // The service diffs a new snapshot against its predecessor in the background (DIFF_PRECOMPUTE):
  // how long after `after` is ready the kept diff exists (null when precomputation is off).
  const ready = performance.now();
  let precomputedMs: number | null = null;
  while (performance.now() - ready < 300_000) {
    const { rows } = await s.db.query(
      `SELECT 1 FROM content_diffs d JOIN snapshots b ON b.content_id = d.before_content_id JOIN snapshots a ON a.content_id = d.after_content_id
        WHERE b.id = $1 AND a.id = $2 AND d.granularity = 'workload'`,
      [before, after],
    );
    if (rows.length) {
      precomputedMs = performance.now() - ready;
      break;
    }
    if (process.env.DIFF_PRECOMPUTE === 'false') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const forward = `/api/v1/diff?from=${before}&to=${after}`;
  const firstForward = await timeOnce(s.baseUrl, forward);
  const kept = await timeGets(s.baseUrl, forward, runs, 0);
  // The reverse direction is never precomputed: its first request computes it.
  const reverse = `/api/v1/diff?from=${after}&to=${before}`;
  const computed = await timeOnce(s.baseUrl, reverse);
  const keptReverse = await timeGets(s.baseUrl, reverse, runs, 0);
  const body = (await (await fetch(`${s.baseUrl}${forward}`)).json()) as { changes: unknown[]; policies: { removed: unknown[] } };
  return {
    pods,
    changes: body.changes.length,
    policiesRemoved: body.policies.removed.length,
    precomputedMs,
    firstForwardMs: firstForward,
    keptMs: median(kept.times),
    computedOnRequestMs: computed,
    keptReverseMs: median(keptReverse.times),
  };
}

async function main(): Promise<void> {
  const snapshots = Number(argument('snapshots') ?? 1000);
  const contents = Number(argument('contents') ?? 20);
  const runs = Number(argument('runs') ?? 5);
  const diffPods = Number(argument('diff-pods') ?? 10_000);
  const result = await withBenchService(async (s) => {
    console.log(`history benchmark: ${s.database}; ${os.availableParallelism()} cores; load average ${loadAverage()}`);
    const history = await historyPart(s, snapshots, contents, runs);
    const diff = diffPods > 0 ? await diffPart(s, diffPods, runs) : null;
    return { history, diff };
  });
  const h = result.history;
  const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
  console.log(`\n${h.snapshots} snapshots (${h.contents} distinct contents), loaded in ${h.loadSeconds} s; medians of ${runs}`);
  console.log(`  history (${h.historyPoints} points, ${(h.historyBytes / 1024).toFixed(0)} KiB)   ${ms(h.historyMs)}   target < ${TARGETS_MS.history} ms`);
  console.log(`  chain of changes: first request ${ms(h.chainColdMs)}, then ${ms(h.chainWarmMs)}`);
  console.log(`  report JSON: first request ${ms(h.reportColdMs)}, then ${ms(h.reportJsonMs)}; HTML ${ms(h.reportHtmlMs)} (${(h.reportHtmlBytes / 1024).toFixed(0)} KiB)   target < ${TARGETS_MS.report} ms`);
  if (result.diff) {
    const d = result.diff;
    console.log(`  diff of two ${d.pods}-pod snapshots (${d.changes} changes, ${d.policiesRemoved} policies removed)   target < ${TARGETS_MS.diff} ms`);
    console.log(`    kept in the background ${d.precomputedMs === null ? '(off)' : `${ms(d.precomputedMs)} after the second was ready`}; first request ${ms(d.firstForwardMs)}, then ${ms(d.keptMs)}`);
    console.log(`    reverse direction computed on request ${ms(d.computedOnRequestMs)}, then ${ms(d.keptReverseMs)}`);
  }
  console.log(`load average after: ${loadAverage()}`);
  console.log(JSON.stringify({ bench: 'policyscope-history', node: process.version, cores: os.availableParallelism(), ...result }));
  const missed =
    h.historyMs > TARGETS_MS.history || Math.max(h.reportColdMs, h.reportJsonMs, h.reportHtmlMs) > TARGETS_MS.report || (result.diff !== null && result.diff.firstForwardMs > TARGETS_MS.diff);
  if (missed) process.exitCode = 2;
}

main().catch((err: unknown) => {
  process.stderr.write(`history benchmark failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
