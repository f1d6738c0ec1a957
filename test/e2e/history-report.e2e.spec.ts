import request from 'supertest';
import {
  analyze,
  changeCounts,
  connectivity,
  diffConnectivity,
  internetExposure,
  parseDocuments,
  snapshotMetrics,
  summarizeAnalysis,
  type ChangeCounts,
} from '../../src/engine/index.js';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

// A cluster built step by step over 20 snapshots: db opened to the internet, cache isolated, an
// identical re-upload, a revert, namespace a closed, then one change at a time. The test computes metrics and change counts from the same
// manifests with the engine directly, and compares the service's history, chain and report.

interface Step {
  dbBlock: string;
  cacheIsolated: boolean;
  aClosed: boolean;
}

const FIRST_STEPS: Step[] = [
  { dbBlock: '10.0.0.0/8', cacheIsolated: false, aClosed: false },
  { dbBlock: '0.0.0.0/0', cacheIsolated: false, aClosed: false },
  { dbBlock: '0.0.0.0/0', cacheIsolated: true, aClosed: false },
  { dbBlock: '0.0.0.0/0', cacheIsolated: true, aClosed: false },
  { dbBlock: '10.0.0.0/8', cacheIsolated: false, aClosed: false },
  { dbBlock: '10.0.0.0/8', cacheIsolated: false, aClosed: true },
];

/** 20 snapshots: the six above, then one change at a time (db block, cache, namespace a in turn), every fifth an identical re-upload. */
const STEPS: Step[] = [...FIRST_STEPS];
for (let i = FIRST_STEPS.length; i < 20; i++) {
  const prev = STEPS[i - 1]!;
  if (i % 5 === 0) STEPS.push({ ...prev });
  else if (i % 3 === 0) STEPS.push({ ...prev, dbBlock: prev.dbBlock === '0.0.0.0/0' ? '10.0.0.0/8' : '0.0.0.0/0' });
  else if (i % 3 === 1) STEPS.push({ ...prev, cacheIsolated: !prev.cacheIsolated });
  else STEPS.push({ ...prev, aClosed: !prev.aClosed });
}

/** Policy changes between two steps, from the flags alone (the service computes them from the stored objects). */
function policyDelta(a: Step, b: Step): [number, number, number] {
  const added = Number(!a.cacheIsolated && b.cacheIsolated) + Number(!a.aClosed && b.aClosed);
  const removed = Number(a.cacheIsolated && !b.cacheIsolated) + Number(a.aClosed && !b.aClosed);
  return [added, removed, Number(a.dbBlock !== b.dbBlock)];
}
const sameStep = (a: Step, b: Step) => a.dbBlock === b.dbBlock && a.cacheIsolated === b.cacheIsolated && a.aClosed === b.aClosed;

function manifests(s: Step): string {
  const deployment = (ns: string, app: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${app}}}
  template: {metadata: {labels: {app: ${app}}}, spec: {containers: [{name: c, image: i, ports: [{containerPort: 8080}]}]}}
---`;
  const policy = (ns: string, name: string, spec: string) => `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}`;
  return [
    `${deployment('a', 'api')}${deployment('b', 'db')}${deployment('b', 'cache')}`,
    `apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}`,
    policy('b', 'db', `{podSelector: {matchLabels: {app: db}}, ingress: [{from: [{ipBlock: {cidr: ${s.dbBlock}}}], ports: [{port: 5432}]}, {from: [{namespaceSelector: {}}]}]}`),
    s.cacheIsolated ? policy('b', 'cache-deny', '{podSelector: {matchLabels: {app: cache}}, policyTypes: [Ingress]}') : '',
    s.aClosed ? policy('a', 'deny', '{podSelector: {}, policyTypes: [Ingress]}') : '',
  ].join('\n');
}

/** What the test expects, from the engine called directly on the same manifests. */
function expected(s: Step) {
  const parsed = parseDocuments([{ name: 'x.yaml', content: manifests(s) }]);
  const analysis = analyze(parsed.snapshot);
  const workload = connectivity(analysis, 'workload', 'x');
  const metrics = snapshotMetrics(summarizeAnalysis(analysis), workload);
  return { metrics, workload, policies: parsed.objects.filter((o) => o.kind === 'NetworkPolicy') };
}

const days = STEPS.map((_, i) => new Date(Date.UTC(2026, 10, 1 + i)).toISOString());

describe('history, chain of changes and reports of one cluster', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  const ids: string[] = [];
  const want = STEPS.map(expected);
  const wantCounts: ChangeCounts[] = want.slice(1).map((w, i) => changeCounts(diffConnectivity(want[i]!.workload, w.workload, { before: want[i]!.policies, after: w.policies })));

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    for (const [i, step] of STEPS.entries()) {
      const res = await request(server).post(`/api/v1/snapshots?cluster=hist&name=v${i}&capturedAt=${days[i]}`).set('content-type', 'application/yaml').send(manifests(step)).expect(202);
      ids.push(res.body.id);
    }
    for (const id of ids) {
      const started = Date.now();
      for (;;) {
        const res = await request(server).get(`/api/v1/snapshots/${id}`).expect(200);
        if (res.body.status === 'ready') break;
        if (res.body.status === 'failed' || Date.now() - started > 60_000) throw new Error(`snapshot ${id} is ${res.body.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }, 120_000);
  afterAll(async () => t.close());

  it('gives the series of every metric, the new risk metrics included', async () => {
    const res = await request(server).get('/api/v1/clusters/hist/history').expect(200);
    expect(res.body.snapshots.map((p: { snapshotId: string }) => p.snapshotId)).toEqual(ids);
    for (const name of ['internet_exposed_workloads', 'internet_exposed_ports', 'cross_namespace_workload_pairs', 'allowed_workload_pairs', 'ingress_isolated_pod_share'] as const) {
      expect(res.body.snapshots.map((p: { metrics: Record<string, number> }) => p.metrics[name])).toEqual(want.map((w) => w.metrics[name]));
    }
    // Opening db to 0.0.0.0/0 moves the internet metrics, not the allowed pairs.
    expect(want[1]!.metrics.internet_exposed_workloads).toBe(want[0]!.metrics.internet_exposed_workloads + 1);
    expect(want[1]!.metrics.allowed_workload_pairs).toBe(want[0]!.metrics.allowed_workload_pairs);
  });

  it('gives the chain of changes with counts, over REST and GraphQL', async () => {
    const res = await request(server).get('/api/v1/clusters/hist/history/changes').expect(200);
    const steps = res.body.steps as { from: string; to: string; sameContent: boolean; counts: ChangeCounts }[];
    expect(steps.map((s) => [s.from, s.to])).toEqual(ids.slice(1).map((id, i) => [ids[i], id]));
    expect(steps.map((s) => s.counts)).toEqual(wantCounts);
    expect(steps).toHaveLength(19);
    expect(steps.map((s) => s.sameContent)).toEqual(STEPS.slice(1).map((b, i) => sameStep(STEPS[i]!, b)));
    const policyCounts = steps.map((s) => [s.counts.policiesAdded, s.counts.policiesRemoved, s.counts.policiesModified]);
    expect(policyCounts).toEqual(STEPS.slice(1).map((b, i) => policyDelta(STEPS[i]!, b)));
    // The first five steps, spelled out: db opened, cache isolated, a re-upload, the revert, a closed.
    expect(policyCounts.slice(0, 5)).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 0, 0],
      [0, 1, 1],
      [1, 0, 0],
    ]);
    const gql = await graphql(t.app, 'query($c: String!) { clusterChanges(cluster: $c) { from to sameContent counts { connectionsAdded connectionsRemoved connectionsChanged policiesAdded policiesRemoved policiesModified } } }', { c: 'hist' });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.clusterChanges.map((s: { counts: ChangeCounts }) => s.counts)).toEqual(wantCounts);
    const ranged = await request(server).get(`/api/v1/clusters/hist/history/changes?from=${days[1]}&to=${days[2]}`).expect(200);
    expect(ranged.body.steps).toEqual([steps[1]]);
  });

  it('explains every consecutive diff: its causes are exactly the policies the step changed', async () => {
    /** The policy objects a step adds, removes or modifies, from the flags alone. */
    const changedPolicies = (a: Step, b: Step): string[] =>
      [
        a.dbBlock !== b.dbBlock ? 'NetworkPolicy b/db' : '',
        a.cacheIsolated !== b.cacheIsolated ? 'NetworkPolicy b/cache-deny' : '',
        a.aClosed !== b.aClosed ? 'NetworkPolicy a/deny' : '',
      ].filter(Boolean);
    for (let i = 1; i < ids.length; i++) {
      const res = await request(server).get(`/api/v1/diff?from=${ids[i - 1]}&to=${ids[i]}`).expect(200);
      const changes = res.body.changes as { causes: { kind: string; object: string }[] }[];
      const want = changedPolicies(STEPS[i - 1]!, STEPS[i]!);
      expect(changes.length).toBe(wantCounts[i - 1]!.connectionsAdded + wantCounts[i - 1]!.connectionsRemoved + wantCounts[i - 1]!.connectionsChanged);
      expect(res.body.unexplainedChanges).toBe(0);
      for (const change of changes) expect(change.causes.length).toBeGreaterThan(0);
      const causes = new Set(changes.flatMap((c) => c.causes.map((cause) => cause.object)));
      expect([...causes].sort()).toEqual([...want].sort());
      const kinds = new Set(changes.flatMap((c) => c.causes.filter((cause) => cause.object === 'NetworkPolicy b/db').map((cause) => cause.kind)));
      if (want.includes('NetworkPolicy b/db')) expect([...kinds]).toEqual(['policy modified']);
    }
  }, 180_000);

  it('reports a range as JSON: trends, totals, the first-to-last diff and new exposures', async () => {
    const res = await request(server).get(`/api/v1/clusters/hist/report?from=${days[0]}&to=${days[1]}`).expect(200);
    expect(res.type).toBe('application/json');
    const r = res.body;
    expect(r.snapshots).toBe(2);
    const internet = r.metrics.find((m: { name: string }) => m.name === 'internet_exposed_workloads');
    expect(internet).toMatchObject({ start: want[0]!.metrics.internet_exposed_workloads, end: want[1]!.metrics.internet_exposed_workloads, trend: 'up' });
    expect(r.totals).toEqual(wantCounts[0]);
    expect(r.diff.from).toBe(ids[0]);
    expect(r.diff.to).toBe(ids[1]);
    const newlyInternet = internetExposure(want[1]!.workload).filter((e) => !internetExposure(want[0]!.workload).some((b) => JSON.stringify(b.endpoint) === JSON.stringify(e.endpoint)));
    expect(r.newExposures.map((e: { text: string }) => e.text)).toEqual(newlyInternet.map((e) => `${'namespace' in e.endpoint ? e.endpoint.namespace : ''}/${'name' in e.endpoint ? e.endpoint.name : ''}[${e.endpoint.kind}]`));
    expect(r.newExposures[0].causes.join()).toContain('NetworkPolicy b/db');
    const whole = (await request(server).get('/api/v1/clusters/hist/report').expect(200)).body;
    expect(whole.snapshots).toBe(STEPS.length);
    const sum = (k: keyof ChangeCounts) => wantCounts.reduce((n, c) => n + c[k], 0);
    expect(whole.totals.policiesModified).toBe(sum('policiesModified'));
    expect(whole.totals.connectionsRemoved).toBe(sum('connectionsRemoved'));
  });

  it('renders CSV, Markdown and a self-contained HTML page', async () => {
    const csv = await request(server).get('/api/v1/clusters/hist/report?format=csv').expect(200);
    expect(csv.type).toBe('text/csv');
    const rows = csv.text.trimEnd().split('\n');
    expect(rows[0]).toBe('snapshot_id,snapshot,captured_at,metric,value');
    expect(rows.filter((r) => r.includes(',internet_exposed_ports,'))).toEqual(ids.map((id, i) => `${id},v${i},${days[i]},internet_exposed_ports,${want[i]!.metrics.internet_exposed_ports}`));
    const md = await request(server).get('/api/v1/clusters/hist/report?format=md').expect(200);
    expect(md.type).toBe('text/markdown');
    expect(md.text).toContain('# Cluster hist: report');
    const html = await request(server).get('/api/v1/clusters/hist/report?format=html').expect(200);
    expect(html.type).toBe('text/html');
    const charts = html.text.match(/<svg class="chart"[\s\S]*?<\/svg>/g)!;
    expect(charts.length).toBeGreaterThanOrEqual(Object.keys(want[0]!.metrics).length);
    for (const chart of charts) expect(chart.match(/<circle class="point"/g)).toHaveLength(STEPS.length);
    expect(html.text).not.toMatch(/https?:\/\//);
    expect(html.text).not.toMatch(/<script|<link|<img|url\(/i);
  });

  it('GraphQL clusterReport gives the same report and renders it on request', async () => {
    const gql = await graphql(
      t.app,
      `query($c: String!, $f: String) { clusterReport(cluster: $c, from: $f, format: "html") { snapshots totals { policiesAdded } metrics { name start end trend } diff { from to } newExposures { endpoint { text } internet causes } rendered } }`,
      { c: 'hist', f: days[1] },
    );
    expect(gql.body.errors).toBeUndefined();
    const r = gql.body.data.clusterReport;
    expect(r.snapshots).toBe(STEPS.length - 1);
    expect(r.diff).toEqual({ from: ids[1], to: ids[ids.length - 1] });
    expect(r.metrics.find((m: { name: string }) => m.name === 'policies')).toMatchObject({ start: want[1]!.metrics.policies, end: want[want.length - 1]!.metrics.policies });
    expect(r.rendered.match(/<circle class="point"/g).length % (STEPS.length - 1)).toBe(0);
  });

  it('refuses an unknown format and a malformed date with 400, an unknown cluster with 404', async () => {
    await request(server).get('/api/v1/clusters/hist/report?format=pdf').expect(400);
    await request(server).get('/api/v1/clusters/hist/report?from=yesterday').expect(400);
    await request(server).get('/api/v1/clusters/nope/report').expect(404);
    await request(server).get('/api/v1/clusters/nope/history/changes').expect(404);
  });
});
