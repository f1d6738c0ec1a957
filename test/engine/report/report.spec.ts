import {
  analyze,
  buildReport,
  changeCounts,
  connectivity,
  diffAnalyses,
  parseDocuments,
  renderReport,
  snapshotMetrics,
  summarizeAnalysis,
  type ConnectivityResult,
  type DiffInput,
  type HistoryPoint,
  type HistoryStep,
} from '../../../src/engine/index.js';

// A cluster in four steps: (0) db takes 5432 from 10.0.0.0/8 only; (1) db opened to 0.0.0.0/0;
// (2) a deny-all policy isolates cache; (3) back to (0), a revert.
function manifests(dbBlock: string, cacheIsolated: boolean): string {
  const deployment = (ns: string, app: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${app}}}
  template: {metadata: {labels: {app: ${app}}}, spec: {containers: [{name: c, image: i}]}}
---`;
  return `${deployment('a', 'api')}${deployment('b', 'db')}${deployment('b', 'cache')}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: b}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - {from: [{ipBlock: {cidr: ${dbBlock}}}], ports: [{port: 5432}]}
  - {from: [{namespaceSelector: {}}]}
${
  cacheIsolated
    ? `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cache-deny, namespace: b}
spec: {podSelector: {matchLabels: {app: cache}}, policyTypes: [Ingress]}
`
    : ''
}`;
}

const STEPS: [string, boolean][] = [
  ['10.0.0.0/8', false],
  ['0.0.0.0/0', false],
  ['0.0.0.0/0', true],
  ['10.0.0.0/8', false],
];

interface Built {
  input: DiffInput;
  workload: ConnectivityResult;
  point: HistoryPoint;
}

function snapshot(i: number): Built {
  const [block, isolated] = STEPS[i]!;
  const parsed = parseDocuments([{ name: `v${i}.yaml`, content: manifests(block, isolated) }]);
  expect(parsed.fatal).toBe(false);
  const analysis = analyze(parsed.snapshot);
  const workload = connectivity(analysis, 'workload', `s${i}`);
  const capturedAt = new Date(Date.UTC(2026, 10, 1 + i)).toISOString();
  return {
    input: { analysis, objects: parsed.objects, connectivity: workload, side: { snapshot: `s${i}`, cluster: 'prod', name: `v${i}`, capturedAt } },
    workload,
    point: { snapshotId: `s${i}`, name: `v${i}`, capturedAt, metrics: snapshotMetrics(summarizeAnalysis(analysis), workload) },
  };
}

const built = STEPS.map((_, i) => snapshot(i));
const steps: HistoryStep[] = built.slice(1).map((b, i) => ({
  from: built[i]!.point.snapshotId,
  to: b.point.snapshotId,
  capturedAt: b.point.capturedAt,
  sameContent: false,
  counts: changeCounts(diffAnalyses(built[i]!.input, b.input, 'workload')),
}));

function reportOf(parts: Built[], stepsOf: HistoryStep[]) {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  return buildReport({
    cluster: 'prod',
    range: { from: null, to: null },
    series: parts.map((p) => p.point),
    steps: stepsOf,
    ...(parts.length > 1 ? { diff: diffAnalyses(first.input, last.input, 'workload'), firstConnectivity: first.workload, lastConnectivity: last.workload } : {}),
  });
}

describe('chain of changes', () => {
  it('counts policy and connection changes between consecutive snapshots', () => {
    // 0 -> 1: the db policy modified; 1 -> 2: cache-deny added; 2 -> 3: cache-deny removed, db modified back.
    expect(steps.map((s) => [s.counts.policiesAdded, s.counts.policiesRemoved, s.counts.policiesModified])).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 1],
    ]);
    // Isolating cache removes what reached it (api, db and the outside) and adds nothing.
    expect(steps[1]!.counts.connectionsAdded).toBe(0);
    expect(steps[1]!.counts.connectionsRemoved).toBeGreaterThanOrEqual(3);
  });
});

describe('report', () => {
  const report = reportOf(built, steps);

  it('gives each metric at the start and the end with its trend', () => {
    const internet = report.metrics.find((m) => m.name === 'internet_exposed_workloads')!;
    // api and cache are open to everything at the start and the end (2); db joins them (3), then
    // cache is isolated (2: api, db), then the revert (2: api, cache).
    expect(report.series.map((p) => p.metrics.internet_exposed_workloads)).toEqual([2, 3, 2, 2]);
    expect(internet).toMatchObject({ start: 2, end: 2, change: 0, trend: 'flat', min: 2, max: 3 });
    const policies = report.metrics.find((m) => m.name === 'policies')!;
    expect(policies).toMatchObject({ start: 1, end: 1, max: 2, trend: 'flat' });
    const up = reportOf(built.slice(0, 2), steps.slice(0, 1)).metrics.find((m) => m.name === 'internet_exposed_workloads')!;
    expect(up).toMatchObject({ start: 2, end: 3, change: 1, trend: 'up' });
  });

  it('sums the chain of changes, a revert counting twice', () => {
    expect(report.totals.policiesModified).toBe(2);
    expect(report.totals.policiesAdded).toBe(1);
    expect(report.totals.policiesRemoved).toBe(1);
    // First and last have equal content: the first-to-last diff is empty.
    expect(report.diff!.changes).toEqual([]);
    expect(report.newExposures).toEqual([]);
  });

  it('lists new internet exposures with their ports and the policy change that caused them', () => {
    const opened = reportOf(built.slice(0, 2), steps.slice(0, 1));
    expect(opened.newExposures).toHaveLength(1);
    expect(opened.newExposures[0]).toMatchObject({ text: 'b/db[Deployment]', internet: true, ports: [{ protocol: 'TCP', from: 5432, to: 5432 }] });
    expect(opened.newExposures[0]!.causes.join()).toContain('NetworkPolicy b/db');
  });

  it('renders the metrics as CSV, one row per snapshot and metric', () => {
    const csv = renderReport(report, 'csv').trimEnd().split('\n');
    expect(csv[0]).toBe('snapshot_id,snapshot,captured_at,metric,value');
    expect(csv).toHaveLength(1 + built.length * report.metrics.length);
    expect(csv).toContain(`s1,v1,${built[1]!.point.capturedAt},internet_exposed_workloads,3`);
  });

  it('renders Markdown with the metrics table and the chain', () => {
    const md = renderReport(report, 'md');
    expect(md).toContain('| `internet_exposed_workloads` | 2 | 2 | 0 | = |');
    expect(md).toContain('## Chain of changes');
    expect(md.match(/^\| 2026-11-0\d/gm)).toHaveLength(steps.length);
  });

  it('renders one self-contained HTML page: a chart per metric with a point per snapshot, nothing loaded', () => {
    const html = renderReport(report, 'html');
    const charts = html.match(/<svg class="chart"[\s\S]*?<\/svg>/g)!;
    expect(charts).toHaveLength(report.metrics.length);
    for (const chart of charts) expect(chart.match(/<circle class="point"/g)).toHaveLength(built.length);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).toContain('@media print');
  });

  it('escapes names in HTML', () => {
    const evil = buildReport({ cluster: '<b>x</b>', range: { from: null, to: null }, series: [{ ...built[0]!.point, name: '"><script>' }], steps: [] });
    const html = renderReport(evil, 'html');
    expect(html).not.toContain('<b>x</b>');
    expect(html).not.toContain('"><script>');
  });

  it('JSON is the report value', () => {
    expect(JSON.parse(renderReport(report, 'json'))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
