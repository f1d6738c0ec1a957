// Diffs are computed once and kept (issue 10): each new ready snapshot is diffed against its
// cluster's previous one in the background and kept per pair of contents (content_diffs), so any
// two snapshots with those contents share it; the history chain's counts are kept per content pair
// (content_steps); a kept entry goes with its content. Entries are keyed by the engine version and
// both contents' analysis options, so a result computed otherwise is never served.

import { readFileSync } from 'node:fs';
import pg from 'pg';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';

const BASE = readFileSync('test/fixtures/shop-db/base.yaml', 'utf8');

const DB_ONLY_FROM_WEB = `\n---\n${readFileSync('test/fixtures/shop-db/db-only-from-web.yaml', 'utf8')}`;

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

  async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > 60_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('diffs each new snapshot against the previous one in the background: one kept diff per distinct content step', async () => {
    // s1 -> s2 and s3 -> s4 change content; s2 -> s3 is an identical re-upload (nothing to diff).
    await waitFor('two kept diffs', async () => (await count('content_diffs')) >= 2);
    await new Promise((r) => setTimeout(r, 1500)); // a further round would add nothing
    expect(await count('content_diffs')).toBe(2);
    expect(await count('content_steps')).toBe(2);
  });

  it('serves the kept diff, with the sides of the snapshots asked about', async () => {
    const kept = await sql.query('SELECT before_content_id, data FROM content_diffs');
    const { gunzipSync, gzipSync } = await import('node:zlib');
    // Tamper with the kept copies: the answers must be what is kept, not recomputed.
    for (const row of kept.rows) {
      const diff = JSON.parse(gunzipSync(row.data).toString('utf8'));
      await sql.query('UPDATE content_diffs SET data = $1 WHERE before_content_id = $2', [gzipSync(JSON.stringify({ ...diff, unexplainedChanges: 12345 })), row.before_content_id]);
    }
    const first = await request(server).get(`/api/v1/diff?from=${ids[0]}&to=${ids[1]}`).expect(200);
    expect(first.body.unexplainedChanges).toBe(12345);
    expect(first.body.policies.added).toEqual(['NetworkPolicy shop/db']);
    // s2 -> s4 was never asked for, but s2 has s3's content and s4 has s1's: the kept s3 -> s4 diff answers, about s2 and s4.
    const shared = await request(server).get(`/api/v1/diff?from=${ids[1]}&to=${ids[3]}`).expect(200);
    expect(shared.body.unexplainedChanges).toBe(12345);
    expect(shared.body.policies.removed).toEqual(['NetworkPolicy shop/db']);
    expect([shared.body.from, shared.body.to]).toEqual([ids[1], ids[3]]);
    expect(shared.body.sides.from).toMatchObject({ snapshot: ids[1], name: 's2', cluster: 'prod' });
    expect(shared.body.sides.to).toMatchObject({ snapshot: ids[3], name: 's4', cluster: 'prod' });
    for (const row of kept.rows) await sql.query('UPDATE content_diffs SET data = $1 WHERE before_content_id = $2', [row.data, row.before_content_id]);
    const restored = await request(server).get(`/api/v1/diff?from=${ids[0]}&to=${ids[1]}`).expect(200);
    expect(restored.body.unexplainedChanges).toBe(0);
    // Another granularity is another diff, computed on request and kept.
    await request(server).get(`/api/v1/diff?from=${ids[0]}&to=${ids[1]}&granularity=namespace`).expect(200);
    expect(await count('content_diffs')).toBe(3);
  });

  it('the history chain reads the kept steps; a second read changes nothing', async () => {
    const res = await request(server).get('/api/v1/clusters/prod/history/changes').expect(200);
    const steps = res.body.steps;
    expect(steps.map((s: { sameContent: boolean }) => s.sameContent)).toEqual([false, true, false]);
    const [closing, reopening] = [steps[0], steps[2]];
    expect(closing.counts.policiesAdded).toBe(1);
    expect(reopening.counts.policiesRemoved).toBe(1);
    expect(closing.counts.connectionsRemoved).toBeGreaterThan(0);
    expect(reopening.counts.connectionsAdded).toBe(closing.counts.connectionsRemoved);
    const again = await request(server).get('/api/v1/clusters/prod/history/changes').expect(200);
    expect(again.body).toEqual(res.body);
    expect(await count('content_steps')).toBe(2);
  });

  it('keeps what a remaining snapshot still shares, and forgets a content with its last snapshot', async () => {
    const ok = (r: request.Response) => expect([200, 204]).toContain(r.status);
    await request(server).delete(`/api/v1/snapshots/${ids[0]}`).expect(ok); // s4 still has s1's content
    expect(await count('content_diffs')).toBe(3);
    await request(server).delete(`/api/v1/snapshots/${ids[3]}`).expect(ok); // s1's content is gone now
    expect(await count('content_diffs')).toBe(0);
    expect(await count('content_steps')).toBe(0);
  });
});
