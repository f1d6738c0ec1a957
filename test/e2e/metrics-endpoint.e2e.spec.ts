import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { analyze, connectivity, findings, internetExposure, parseDocuments, snapshotMetrics, summarizeAnalysis } from '../../src/engine/index.js';
import { clusterGaugeName } from '../../src/modules/monitoring/prometheus.service.js';
import { startTestApp, untilReady, type TestApp } from '../support/app.js';

// /metrics in Prometheus text format and the SQL views for Grafana, against snapshots uploaded
// through the API; expected values come from the engine called directly on the same manifests.

const shop = (dbCidr: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: i}]}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: data}
spec:
  selector: {matchLabels: {app: db}}
  template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c, image: i}]}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: data}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{ipBlock: {cidr: ${dbCidr}}}], ports: [{port: 5432}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{ipBlock: {cidr: 192.168.0.0/16}}]}]
`;

function engineMetrics(yaml: string) {
  const analysis = analyze(parseDocuments([{ name: 'x.yaml', content: yaml }]).snapshot);
  const workload = connectivity(analysis, 'workload', 'x');
  return { metrics: snapshotMetrics(summarizeAnalysis(analysis), workload), internet: internetExposure(workload), findings: findings(analysis) };
}

/** The value of one sample line (`name{labels} value`) of an exposition text. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics and the Grafana views', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let sql: pg.Pool;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    sql = new pg.Pool({ connectionString: t.db.url, max: 2 });
    // Two observations of prod (db private, then public) and one of staging.
    for (const [cluster, name, at, cidr] of [
      ['prod', 'v1', '2026-11-01T00:00:00Z', '10.0.0.0/8'],
      ['prod', 'v2', '2026-11-02T00:00:00Z', '0.0.0.0/0'],
      ['staging', 'v1', '2026-11-01T00:00:00Z', '10.0.0.0/8'],
    ] as const) {
      ids.push((await request(server).post(`/api/v1/snapshots?cluster=${cluster}&name=${name}&capturedAt=${at}`).set('content-type', 'application/yaml').send(shop(cidr)).expect(202)).body.id);
    }
    for (const id of ids) await untilReady(t.app, id);
  }, 120_000);
  afterAll(async () => {
    await sql.end();
    await t.close();
  });

  it('serves the Prometheus text format with each cluster\'s latest risk gauges', async () => {
    const res = await request(server).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const prod = engineMetrics(shop('0.0.0.0/0')).metrics;
    const staging = engineMetrics(shop('10.0.0.0/8')).metrics;
    for (const name of ['internet_exposed_workloads', 'internet_exposed_ports', 'cross_namespace_workload_pairs', 'allowed_workload_pairs', 'ingress_isolated_pod_share'] as const) {
      expect(res.text).toContain(`# TYPE ${clusterGaugeName(name)} gauge`);
      expect(sample(res.text, clusterGaugeName(name), '{cluster="prod"}')).toBe(prod[name]);
      expect(sample(res.text, clusterGaugeName(name), '{cluster="staging"}')).toBe(staging[name]);
    }
    // db opened to 0.0.0.0/0 in prod's latest snapshot; web takes 192.168.0.0/16 only.
    expect(prod.internet_exposed_workloads).toBe(1);
    expect(staging.internet_exposed_workloads).toBe(0);
    expect(sample(res.text, 'policyscope_clusters_reported', '')).toBe(2);
  });

  it('counts snapshots by status, the queue and finished analyses', async () => {
    const res = await request(server).get('/metrics').expect(200);
    expect(sample(res.text, 'policyscope_snapshots', '{status="ready"}')).toBe(3);
    expect(sample(res.text, 'policyscope_snapshots', '{status="pending"}')).toBe(0);
    expect(sample(res.text, 'policyscope_queue_depth', '')).toBe(0);
    expect(sample(res.text, 'policyscope_queue_jobs', '{state="created"}')).toBe(0);
    expect(sample(res.text, 'policyscope_queue_jobs', '{state="failed"}')).toBe(0);
    // Three distinct contents were analysed after the app started.
    expect(sample(res.text, 'policyscope_analyses_finished_total', '')).toBe(3);
    expect(sample(res.text, 'policyscope_analysis_job_duration_seconds_count', '')).toBe(3);
  });

  it('times HTTP requests by route template, not raw path', async () => {
    await request(server).get(`/api/v1/snapshots/${ids[0]}`).expect(200);
    const res = await request(server).get('/metrics').expect(200);
    expect(res.text).toMatch(/policyscope_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/snapshots\/:id",status="200"\} \d+/);
    expect(res.text).not.toContain(ids[0]);
  });

  it('offers the latest metrics, history and current exposures as SQL views', async () => {
    const latest = await sql.query<{ cluster: string; snapshot: string; value: number }>(
      "SELECT cluster, snapshot, value FROM cluster_latest_metrics WHERE metric = 'internet_exposed_workloads' ORDER BY cluster",
    );
    expect(latest.rows).toEqual([
      { cluster: 'prod', snapshot: 'v2', value: 1 },
      { cluster: 'staging', snapshot: 'v1', value: 0 },
    ]);
    const history = await sql.query<{ snapshot: string; value: number }>(
      "SELECT snapshot, value FROM cluster_metric_history WHERE cluster = 'prod' AND metric = 'internet_exposed_ports' ORDER BY captured_at",
    );
    expect(history.rows).toEqual([
      { snapshot: 'v1', value: engineMetrics(shop('10.0.0.0/8')).metrics.internet_exposed_ports },
      { snapshot: 'v2', value: engineMetrics(shop('0.0.0.0/0')).metrics.internet_exposed_ports },
    ]);
    const exposures = await sql.query<{ cluster: string; namespace: string; name: string; internet: boolean }>(
      'SELECT DISTINCT cluster, namespace, name, internet FROM cluster_current_exposures WHERE internet ORDER BY cluster, namespace, name',
    );
    const internet = engineMetrics(shop('0.0.0.0/0')).internet.map((e) => ({ cluster: 'prod', namespace: (e.endpoint as { namespace: string }).namespace, name: (e.endpoint as { name: string }).name, internet: true }));
    expect(exposures.rows).toEqual(internet);
    // web is reached from 192.168.0.0/16: exposed, not to the internet.
    const web = await sql.query<{ internet: boolean }>("SELECT internet FROM cluster_current_exposures WHERE cluster = 'staging' AND name = 'web'");
    expect(web.rows.map((r) => r.internet)).toEqual([false]);
    // Open findings: the latest snapshot's, exactly the engine's, and they agree with the severity metrics.
    const open = await sql.query<{ severity: string; code: string; message: string; objects: unknown }>(
      "SELECT severity, code, message, objects FROM cluster_open_findings WHERE cluster = 'prod'",
    );
    const want = engineMetrics(shop('0.0.0.0/0'));
    const byKey = (a: { code: string; message: string }, b: { code: string; message: string }) => (a.code + a.message < b.code + b.message ? -1 : 1);
    expect([...open.rows].sort(byKey)).toEqual(want.findings.map((f) => ({ severity: f.severity, code: f.code, message: f.message, objects: f.objects })).sort(byKey));
    expect(open.rows.length).toBeGreaterThan(0);
    expect(open.rows.filter((r) => r.severity === 'medium').length).toBe(want.metrics.findings_medium);
  });
});

describe('GET /metrics with authentication required', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function appWith(env: Record<string, string>) {
    const dataDir = mkdtempSync(join(tmpdir(), 'ps-metrics-'));
    dirs.push(dataDir);
    const t = await startTestApp({ AUTH: 'required', DATA_DIR: dataDir, ...env });
    return { t, key: readFileSync(join(dataDir, 'admin-key'), 'utf8').trim() };
  }

  it('is open to a scraper without a key while the API is not', async () => {
    const { t } = await appWith({});
    try {
      const res = await request(t.app.getHttpServer()).get('/metrics').expect(200);
      expect(res.text).toContain('# TYPE policyscope_http_request_duration_seconds histogram');
      await request(t.app.getHttpServer()).get('/api/v1/clusters').expect(401);
    } finally {
      await t.close();
    }
  });

  it('needs a key with METRICS_REQUIRE_AUTH=true', async () => {
    const { t, key } = await appWith({ METRICS_REQUIRE_AUTH: 'true' });
    try {
      await request(t.app.getHttpServer()).get('/metrics').expect(401);
      const res = await request(t.app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${key}`).expect(200);
      expect(res.text).toContain('policyscope_queue_depth');
      // The series cover every cluster: a key limited to named clusters may not read them.
      const limited = await request(t.app.getHttpServer())
        .post('/api/v1/keys')
        .set('authorization', `Bearer ${key}`)
        .send({ name: 'one-cluster', scopes: ['read'], clusters: ['prod'] })
        .expect(201);
      const refused = await request(t.app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${limited.body.key}`).expect(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    } finally {
      await t.close();
    }
  });
});
