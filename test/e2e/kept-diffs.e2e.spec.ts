// Diffs are computed once and kept (issue 10): a diff asked twice is read back from snapshot_diffs,
// the history chain's counts from content_steps (one row per distinct consecutive content pair),
// and a kept entry does not survive its snapshot. Entries are keyed by the engine version and both
// contents' analysis options, so a result computed otherwise is never served.

import pg from 'pg';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';

const BASE = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
status: {podIP: 10.1.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, image: pg, ports: [{containerPort: 5432}]}]}
status: {podIP: 10.1.0.2}
`;

const DB_ONLY_FROM_WEB = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
`;

describe('kept diffs and history steps', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  let sql: pg.Client;
  const ids: string[] = [];

  async function upload(name: string, capturedAt: string, body: string): Promise<string> {
    const res = await request(server).post(`/api/v1/snapshots?cluster=prod&name=${name}&capturedAt=${capturedAt}`).set('content-type', 'application/yaml').send(body).expect(202);
    const started = Date.now();
    for (;;) {
      const s = await request(server).get(`/api/v1/snapshots/${res.body.id}`).expect(200);
      if (s.body.status === 'ready') return res.body.id as string;
      if (s.body.status === 'failed' || Date.now() - started > 120_000) throw new Error(`snapshot is ${s.body.status}: ${s.body.error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const count = async (table: string) => Number((await sql.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    sql = new pg.Client({ connectionString: t.db.url });
    await sql.connect();
    // open, closed, closed again (same content), open again (a revert)
    ids.push(await upload('s1', '2026-11-01T00:00:00.000Z', BASE));
    ids.push(await upload('s2', '2026-11-02T00:00:00.000Z', BASE + DB_ONLY_FROM_WEB));
    ids.push(await upload('s3', '2026-11-03T00:00:00.000Z', BASE + DB_ONLY_FROM_WEB));
    ids.push(await upload('s4', '2026-11-04T00:00:00.000Z', BASE));
  }, 180_000);
  afterAll(async () => {
    await sql?.end();
    await t?.close();
  });

  it('keeps a diff once computed and serves the kept one afterwards', async () => {
    expect(await count('snapshot_diffs')).toBe(0);
    const first = await request(server).get(`/api/v1/diff?from=${ids[0]}&to=${ids[1]}`).expect(200);
    expect(await count('snapshot_diffs')).toBe(1);
    // Tamper with the kept copy: a second request must serve what is kept, not recompute.
    const kept = await sql.query('SELECT data FROM snapshot_diffs');
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const diff = JSON.parse(gunzipSync(kept.rows[0].data).toString('utf8'));
    expect(diff).toEqual(first.body);
    await sql.query('UPDATE snapshot_diffs SET data = $1', [gzipSync(JSON.stringify({ ...diff, unexplainedChanges: 12345 }))]);
    const second = await request(server).get(`/api/v1/diff?from=${ids[0]}&to=${ids[1]}`).expect(200);
    expect(second.body.unexplainedChanges).toBe(12345);
    await sql.query('UPDATE snapshot_diffs SET data = $1', [kept.rows[0].data]);
    // Another granularity is another diff.
    await request(server).get(`/api/v1/diff?from=${ids[0]}&to=${ids[1]}&granularity=namespace`).expect(200);
    expect(await count('snapshot_diffs')).toBe(2);
  });

  it('the history chain reads kept steps: one per distinct consecutive content pair, none for an identical re-upload', async () => {
    const res = await request(server).get('/api/v1/clusters/prod/history/changes').expect(200);
    const steps = res.body.steps ?? res.body;
    expect(steps.map((s: { sameContent: boolean }) => s.sameContent)).toEqual([false, true, false]);
    // s1 -> s2 was kept by the workload diff above; s3 -> s4 computed and kept by this request.
    const rows = await sql.query('SELECT before_content_id, after_content_id, counts FROM content_steps');
    expect(rows.rowCount).toBe(2);
    const [closing, reopening] = [steps[0], steps[2]];
    expect(closing.counts.policiesAdded).toBe(1);
    expect(reopening.counts.policiesRemoved).toBe(1);
    expect(reopening.counts.connectionsAdded).toBe(closing.counts.connectionsRemoved);
    // A second read changes nothing kept and gives the same chain.
    const again = await request(server).get('/api/v1/clusters/prod/history/changes').expect(200);
    expect(again.body).toEqual(res.body);
    expect(await count('content_steps')).toBe(2);
  });

  it('forgets what belonged to a deleted snapshot', async () => {
    expect(Number((await sql.query('SELECT count(*) AS n FROM snapshot_diffs WHERE from_snapshot_id = $1', [ids[0]])).rows[0].n)).toBe(2);
    await request(server).delete(`/api/v1/snapshots/${ids[0]}`).expect((r) => expect([200, 204]).toContain(r.status));
    expect(Number((await sql.query('SELECT count(*) AS n FROM snapshot_diffs WHERE from_snapshot_id = $1', [ids[0]])).rows[0].n)).toBe(0);
  });
});
