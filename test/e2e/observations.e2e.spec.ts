import pg from 'pg';
import request from 'supertest';
import { ENGINE_VERSION } from '../../src/engine/index.js';
import { AnalysisRunner } from '../../src/modules/analysis/analysis-runner.service.js';
import { graphql, startTestApp, type TestApp } from '../support/app.js';

// Issue 7 §3: every upload is an observation at a time; equal content is stored and analysed once.

const STATE_A = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, image: pg}]}
`;
// B: the database is closed to everything but web.
const STATE_B =
  STATE_A +
  `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
`;

describe('observations: history follows capture time, equal content is shared', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let sql: pg.Pool;
  beforeAll(async () => {
    t = await startTestApp({ JOB_MAINTENANCE_SECONDS: '2' });
    server = t.app.getHttpServer();
    sql = new pg.Pool({ connectionString: t.db.url, max: 2 });
  });
  afterAll(async () => {
    await sql.end();
    await t.close();
  });

  const upload = (cluster: string, name: string, capturedAt: string, body: string, extra = '') =>
    request(server).post(`/api/v1/snapshots?cluster=${cluster}&name=${name}&capturedAt=${capturedAt}${extra}`).set('content-type', 'application/yaml').send(body);

  async function waitReady(id: string, timeoutMs = 30_000) {
    const started = Date.now();
    for (;;) {
      const res = await request(server).get(`/api/v1/snapshots/${id}`).expect(200);
      if (res.body.status === 'ready') return res.body;
      if (res.body.status === 'failed' || Date.now() - started > timeoutMs) throw new Error(`snapshot ${id} is ${res.body.status}: ${res.body.error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const one = async <T>(text: string, values: unknown[] = []) => (await sql.query(text, values)).rows[0] as T;

  /** Analysis runs and jobs of a cluster's contents: one run, one job per distinct content. */
  async function analysisWork(cluster: string) {
    const contents = await sql.query<{ id: string; analysis_runs: number }>(
      'SELECT c.id, c.analysis_runs FROM snapshot_contents c JOIN clusters k ON k.id = c.cluster_id WHERE k.name = $1 ORDER BY c.created_at',
      [cluster],
    );
    const jobs = await one<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'analyze_snapshot' AND data->>'contentId' = ANY($1::text[])`, [contents.rows.map((c) => c.id)]);
    return { contents: contents.rows.length, runs: contents.rows.map((c) => c.analysis_runs), jobs: jobs.n };
  }

  it('A, then B, then A again: three history points, latest is A, one analysis per distinct content', async () => {
    const a1 = (await upload('abba', 'a1', '2026-11-01T00:00:00Z', STATE_A).expect(202)).body;
    await waitReady(a1.id);
    const b = (await upload('abba', 'b', '2026-11-02T00:00:00Z', STATE_B).expect(202)).body;
    await waitReady(b.id);
    const a2res = await upload('abba', 'a2', '2026-11-03T00:00:00Z', STATE_A).expect(202);
    // Content already analysed: the new observation is ready at once and says it shares content.
    expect(a2res.body).toMatchObject({ status: 'ready', contentShared: true });
    expect(a2res.body.duplicate).toBeUndefined();
    const a2 = await waitReady(a2res.body.id);
    expect(a2.contentId).toBe((await waitReady(a1.id)).contentId);
    expect(a2.contentId).not.toBe((await waitReady(b.id)).contentId);

    const history = await request(server).get('/api/v1/clusters/abba/history').expect(200);
    expect(history.body.snapshots.map((p: { name: string }) => p.name)).toEqual(['a1', 'b', 'a2']);
    expect(history.body.snapshots.map((p: { metrics: Record<string, number> }) => p.metrics.policies)).toEqual([0, 1, 0]);

    const list = await request(server).get('/api/v1/clusters/abba/snapshots').expect(200);
    expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(['a2', 'b', 'a1']);
    const gql = await graphql(t.app, '{ cluster(name: "abba") { latestSnapshot { id name metrics { name value } } } }');
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.cluster.latestSnapshot).toMatchObject({ id: a2.id, name: 'a2' });
    expect(gql.body.data.cluster.latestSnapshot.metrics).toContainEqual({ name: 'policies', value: 0 });

    // The shared result answers for the snapshot asked about.
    const conn = await request(server).get(`/api/v1/snapshots/${a2.id}/connectivity`).expect(200);
    expect(conn.body.snapshot).toBe(a2.id);

    expect(await analysisWork('abba')).toEqual({ contents: 2, runs: [1, 1], jobs: 2 });
    const objects = await one<{ n: number }>(
      'SELECT count(*)::int AS n FROM kubernetes_objects o JOIN snapshot_contents c ON c.id = o.content_id JOIN clusters k ON k.id = c.cluster_id WHERE k.name = $1',
      ['abba'],
    );
    expect(objects.n).toBe(3 + 4); // A's three objects and B's four, each stored once
  });

  it('runs that race on one content (a job retried after its lease expired) store it once', async () => {
    const s = (await upload('race', 'r', '2026-11-01T00:00:00Z', STATE_B + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: race}\n').expect(202)).body;
    const { contentId } = (await request(server).get(`/api/v1/snapshots/${s.id}`).expect(200)).body;
    const runner = t.app.get(AnalysisRunner);
    await Promise.all([runner.run(contentId), runner.run(contentId), runner.run(contentId)]);
    await waitReady(s.id);
    expect(await analysisWork('race')).toMatchObject({ contents: 1, runs: [1] });
    // A run after the results are stored does nothing, and leaves the content ready.
    await runner.run(contentId);
    expect(await one('SELECT status, analysis_runs FROM snapshot_contents WHERE id = $1', [contentId])).toEqual({ status: 'ready', analysis_runs: 1 });
  });

  it('simultaneous uploads of the same new content: two snapshots, one content, one job, one run', async () => {
    const body = STATE_A + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: twins}\n';
    const [x, y] = await Promise.all([upload('twins', 'x', '2026-11-01T00:00:00Z', body), upload('twins', 'y', '2026-11-01T00:00:01Z', body)]);
    expect([x.status, y.status]).toEqual([202, 202]);
    const [sx, sy] = [await waitReady(x.body.id), await waitReady(y.body.id)];
    expect(sx.contentId).toBe(sy.contentId);
    expect(await analysisWork('twins')).toEqual({ contents: 1, runs: [1], jobs: 1 });
  });

  it('latest follows capture time, not upload order', async () => {
    const newer = (await upload('late', 'newer', '2026-11-05T00:00:00Z', STATE_B).expect(202)).body;
    await upload('late', 'older', '2026-11-04T00:00:00Z', STATE_A).expect(202);
    const gql = await graphql(t.app, '{ cluster(name: "late") { latestSnapshot { id } } }');
    expect(gql.body.data.cluster.latestSnapshot.id).toBe(newer.id);
  });

  it('dedupe=true keeps the old behaviour: the same content answers duplicate and stores nothing', async () => {
    const first = (await upload('dd', 'first', '2026-11-01T00:00:00Z', STATE_A).expect(202)).body;
    await upload('dd', 'other', '2026-11-02T00:00:00Z', STATE_B).expect(202);
    const again = await upload('dd', 'again', '2026-11-03T00:00:00Z', STATE_A, '&dedupe=true').expect(200);
    expect(again.body).toMatchObject({ id: first.id, duplicate: true });
    expect((await request(server).get('/api/v1/clusters/dd/snapshots').expect(200)).body.items).toHaveLength(2);
    // GraphQL: the same opt-in.
    const gql = await graphql(t.app, 'mutation($m: String!) { importSnapshot(input: {cluster: "dd", manifests: $m, dedupe: true}) { duplicate contentShared snapshot { id } } }', { m: STATE_A });
    expect(gql.body.data.importSnapshot).toEqual({ duplicate: true, contentShared: true, snapshot: { id: first.id } });
    const shared = await graphql(t.app, 'mutation($m: String!) { importSnapshot(input: {cluster: "dd", manifests: $m}) { duplicate contentShared snapshot { id } } }', { m: STATE_A });
    expect(shared.body.data.importSnapshot).toMatchObject({ duplicate: false, contentShared: true });
    expect((await request(server).get('/api/v1/clusters/dd/snapshots').expect(200)).body.items).toHaveLength(3);
    // A new content with dedupe is stored as usual.
    await upload('dd', 'third', '2026-11-04T00:00:00Z', STATE_A + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: extra}\n', '&dedupe=true').expect(202);
  });

  it('deleting one snapshot of shared content keeps the other intact; deleting the last removes the content', async () => {
    const one1 = (await upload('del', 'one', '2026-11-01T00:00:00Z', STATE_B).expect(202)).body;
    await waitReady(one1.id);
    const two = (await upload('del', 'two', '2026-11-02T00:00:00Z', STATE_B).expect(202)).body;
    const contentId = (await waitReady(two.id)).contentId;
    await request(server).delete(`/api/v1/snapshots/${one1.id}`).expect(204);
    await request(server).get(`/api/v1/snapshots/${one1.id}`).expect(404);
    const still = await waitReady(two.id);
    expect(still.contentId).toBe(contentId);
    const conn = await request(server).get(`/api/v1/snapshots/${two.id}/connectivity`).expect(200);
    expect(conn.body.connections.length).toBeGreaterThan(0);
    const yes = await request(server).get(`/api/v1/snapshots/${two.id}/can-reach?from=shop/web&to=shop/db&port=80`).expect(200);
    expect(yes.body.allowed).toBe(true);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM kubernetes_objects WHERE content_id = $1', [contentId])).n).toBe(4);

    await request(server).delete(`/api/v1/snapshots/${two.id}`).expect(204);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM snapshot_contents WHERE id = $1', [contentId])).n).toBe(0);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM kubernetes_objects WHERE content_id = $1', [contentId])).n).toBe(0);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM analysis_artifacts WHERE content_id = $1', [contentId])).n).toBe(0);
  });

  it('records the engine version and options with the results; another version is recomputed by a job before it is served', async () => {
    const s = (await upload('stale', 's', '2026-11-01T00:00:00Z', STATE_B).expect(202)).body;
    const ready = await waitReady(s.id);
    expect(ready.engineVersion).toBe(ENGINE_VERSION);
    const stored = await one<{ engine_version: string; analysis_options: Record<string, unknown>; analysis_runs: number }>(
      'SELECT engine_version, analysis_options, analysis_runs FROM snapshot_contents WHERE id = $1',
      [ready.contentId],
    );
    // The service asks for no option: each defaults from the detected network plugin, then the
    // engine's default. The stored request says so; the served result names each effective value
    // and where it came from.
    expect(stored).toEqual({ engine_version: ENGINE_VERSION, analysis_options: {}, analysis_runs: 1 });
    const served = await request(server).get(`/api/v1/snapshots/${s.id}/connectivity`).expect(200);
    expect(served.body.options).toMatchObject({ ipBlockMatchesPods: false, hostNetwork: 'node', adminNetworksMatchPods: false });
    expect(served.body.optionSources).toMatchObject({ ipBlockMatchesPods: 'default', hostNetwork: 'default', adminNetworksMatchPods: 'default' });

    // As if computed by an older engine: never served, recomputed.
    await sql.query(`UPDATE snapshot_contents SET engine_version = 'old' WHERE id = $1`, [ready.contentId]);
    const res = await request(server).get(`/api/v1/snapshots/${s.id}/connectivity`).expect(409);
    expect(res.body.error.code).toBe('NOT_READY');
    expect(res.body.error.message).toContain('engine version old');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const recomputed = await waitReady(s.id);
    expect(recomputed.engineVersion).toBe(ENGINE_VERSION);
    expect((await one<{ analysis_runs: number }>('SELECT analysis_runs FROM snapshot_contents WHERE id = $1', [ready.contentId])).analysis_runs).toBe(2);
    await request(server).get(`/api/v1/snapshots/${s.id}/connectivity`).expect(200);

    // History does not mix versions: a stale point is left out and queued, and comes back recomputed.
    await sql.query(`UPDATE snapshot_contents SET engine_version = 'old' WHERE id = $1`, [ready.contentId]);
    const during = await request(server).get('/api/v1/clusters/stale/history').expect(200);
    expect(during.body.snapshots).toEqual([]);
    await waitReady(s.id);
    const after = await request(server).get('/api/v1/clusters/stale/history').expect(200);
    expect(after.body.snapshots.map((p: { name: string }) => p.name)).toEqual(['s']);
  });
});
