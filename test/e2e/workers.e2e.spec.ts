import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort, MAIN, Processes, until, waitReady, WORKER } from '../support/processes.js';

// The API without in-process workers, and two separate `npm run worker` processes on the same
// database: every snapshot is analysed, each exactly once.
describe('separate worker processes', () => {
  let db: TestDatabase;
  const processes = new Processes();
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    processes.killAll();
    await db.drop();
  });

  it('share the queue: every job runs once, on one of them', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'warn', WORKERS_IN_PROCESS: 'false' };
    const base = `http://127.0.0.1:${port}`;
    processes.start(MAIN, env);
    await waitReady(base);
    for (let i = 0; i < 8; i++) {
      const body = `apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-${i}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns-${i}, labels: {app: a}}\nspec: {containers: [{name: c, image: x}]}\n`;
      const res = await fetch(`${base}/api/v1/snapshots?cluster=workers`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body });
      expect(res.status).toBe(202);
    }
    // Nothing analyses them until a worker runs.
    await new Promise((r) => setTimeout(r, 1500));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const count = async (sql: string) => (await client.query(sql)).rows[0].n as number;
    try {
      expect(await count(`SELECT count(*)::int AS n FROM snapshot_contents WHERE status = 'pending'`)).toBe(8);
      processes.start(WORKER, env);
      processes.start(WORKER, env);
      await until('every snapshot to be analysed', 60_000, async () => ((await count(`SELECT count(*)::int AS n FROM snapshot_contents WHERE status = 'ready'`)) === 8 ? true : undefined));
      const runs = await client.query(`SELECT analysis_runs FROM snapshot_contents`);
      expect(runs.rows.map((r) => r.analysis_runs)).toEqual(Array(8).fill(1));
      expect(await count(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'analyze_snapshot' AND state = 'completed'`)).toBe(8);
    } finally {
      await client.end();
    }
  }, 120_000);
});
