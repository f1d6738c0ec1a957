import pg from 'pg';
import { generateCluster, toJsonList } from '../../bench/generate.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort, MAIN, Processes, until, waitReady } from '../support/processes.js';

// A process dies while it analyses a large snapshot; after a restart the job is picked up again
// (its lease expires and the queue retries it) and the snapshot becomes ready, analysed exactly once.
describe('durable analysis across a crash', () => {
  let db: TestDatabase;
  const processes = new Processes();
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    processes.killAll();
    await db.drop();
  });

  it('finishes the analysis after a restart, running it to completion once', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'warn', JOB_TIMEOUT_SECONDS: '10', JOB_MAINTENANCE_SECONDS: '1', MAX_UPLOAD_BYTES: String(200 * 1024 * 1024) };
    const base = `http://127.0.0.1:${port}`;

    const first = processes.start(MAIN, env);
    await waitReady(base);
    const body = toJsonList(generateCluster({ pods: 6000, policies: 1200, namespaces: 30, seed: 7 }));
    const res = await fetch(`${base}/api/v1/snapshots?cluster=crash&name=large`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };

    await until('the analysis to start', 30_000, async () => {
      const s = (await (await fetch(`${base}/api/v1/snapshots/${id}`)).json()) as { status: string };
      return s.status === 'analyzing' ? true : undefined;
    });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const during = await client.query('SELECT c.status, c.analysis_runs FROM snapshots s JOIN snapshot_contents c ON c.id = s.content_id WHERE s.id = $1', [id]);
      expect(during.rows[0]).toEqual({ status: 'analyzing', analysis_runs: 0 });

      processes.start(MAIN, env);
      await waitReady(base);
      const final = await until('the snapshot to be ready', 60_000, async () => {
        const s = (await (await fetch(`${base}/api/v1/snapshots/${id}`)).json()) as { status: string; metrics: Record<string, number> };
        return s.status === 'ready' ? s : undefined;
      });
      expect(final.metrics.pods_modelled).toBeGreaterThan(5000);
      const after = await client.query('SELECT c.status, c.analysis_runs FROM snapshots s JOIN snapshot_contents c ON c.id = s.content_id WHERE s.id = $1', [id]);
      expect(after.rows[0]).toEqual({ status: 'ready', analysis_runs: 1 });
      const states = await until('the job to be marked completed', 20_000, async () => {
        const jobs = await client.query(`SELECT state FROM pgboss.job WHERE data->>'contentId' = (SELECT content_id::text FROM snapshots WHERE id = $1)`, [id]);
        const s = jobs.rows.map((r) => r.state);
        return s.includes('completed') ? s : undefined;
      });
      expect(states).toEqual(['completed']);
    } finally {
      await client.end();
    }
  }, 120_000);
});
