// Diff benchmark (`npm run bench:diff`): a seeded synthetic cluster (10,000 pods, 2,000 policies by
// default) against a copy where 2% of the policies are removed, 2% have a port moved and 1% of the
// pods carry a changed label. Measures, after one unrecorded warm-up run, the median of
// `diffAnalyses` given both connectivity lists (as the service does: stored results, cached
// analyses), of `diffConnectivity` alone on the same lists (the difference is the cost of the
// causes), and of the two workload connectivity expansions. Not a test: it only prints.
//
// Usage: node dist/bench/diff.js [--pods N] [--policies N] [--runs N] [--seed N]

import { performance } from 'node:perf_hooks';
import { analyze, connectivity, diffAnalyses, diffConnectivity, parseDocuments } from '../src/engine/index.js';
import { generateCluster, toJsonList, type KubeObject } from './generate.js';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

function changed(objects: readonly KubeObject[]): KubeObject[] {
  const out: KubeObject[] = [];
  let policy = 0;
  let pod = 0;
  for (const original of objects) {
    const o = structuredClone(original) as KubeObject & { spec?: Record<string, { ports?: { port?: unknown }[] }[] | undefined> };
    if (o.kind === 'NetworkPolicy') {
      policy++;
      if (policy % 50 === 0) continue;
      const rule = [...(o.spec?.ingress ?? []), ...(o.spec?.egress ?? [])].find((r) => typeof r.ports?.[0]?.port === 'number');
      if (policy % 50 === 1 && rule?.ports !== undefined) rule.ports[0].port = (rule.ports[0].port as number) + 1;
    }
    if (o.kind === 'Pod' && ++pod % 100 === 0) {
      const meta = o.metadata as { labels?: Record<string, string> };
      meta.labels = { ...(meta.labels ?? {}), tier: 'moved' };
    }
    out.push(o);
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const params = { pods: arg('pods', 10_000), policies: arg('policies', 2_000), namespaces: arg('namespaces', 100), seed: arg('seed', 1) };
const runs = arg('runs', 5);
const cluster = generateCluster(params);
const parse = (objects: readonly KubeObject[], name: string) =>
  parseDocuments([{ name, content: toJsonList({ ...cluster, objects: [...objects] }) }], { validation: 'ignore' });
const before = parse(cluster.objects, 'before');
const after = parse(changed(cluster.objects), 'after');
const analyses = { before: analyze(before.snapshot), after: analyze(after.snapshot) };

const withCauses: number[] = [];
const withoutCauses: number[] = [];
const expansions: number[] = [];
let summary = '';
for (let run = 0; run <= runs; run++) {
  let t = performance.now();
  const b = connectivity(analyses.before, 'workload', 'before');
  const a = connectivity(analyses.after, 'workload', 'after');
  const expand = performance.now() - t;
  t = performance.now();
  const d = diffAnalyses(
    { analysis: analyses.before, objects: before.objects, side: { snapshot: 'before' }, connectivity: b },
    { analysis: analyses.after, objects: after.objects, side: { snapshot: 'after' }, connectivity: a },
    'workload',
  );
  const full = performance.now() - t;
  t = performance.now();
  diffConnectivity(b, a, { before: before.objects, after: after.objects });
  const plain = performance.now() - t;
  if (run === 0) {
    summary = `${b.connections.length} + ${a.connections.length} connections, ${d.changes.length} changes (${d.changes.length - d.unexplainedChanges} explained), policies ${d.policies.added.length} added / ${d.policies.removed.length} removed / ${d.policies.modified.length} modified`;
    continue;
  }
  withCauses.push(full);
  withoutCauses.push(plain);
  expansions.push(expand);
}
const ms = (values: number[]) => Math.round(median(values));
console.log(`${params.pods} pods, ${params.policies} policies: ${summary}`);
console.log(`diffAnalyses (diff + causes, connectivity given): median ${ms(withCauses)} ms over ${runs} runs`);
console.log(`diffConnectivity alone: median ${ms(withoutCauses)} ms; both connectivity expansions: ${ms(expansions)} ms`);
console.log(JSON.stringify({ pods: params.pods, policies: params.policies, diffAnalysesMs: ms(withCauses), diffConnectivityMs: ms(withoutCauses), connectivityMs: ms(expansions) }));
