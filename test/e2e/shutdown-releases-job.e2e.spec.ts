// SIGTERM to a process in the middle of an analysis (issue 11): the process stops in bounded time
// (exit 0), the job it was running (20,000 pods: longer than the queue's 10 s stop grace) is released (failed as "shut down while active", so the queue
// retries it at once instead of waiting JOB_TIMEOUT_SECONDS for the lease to expire), and another
// worker process completes it. JOB_TIMEOUT_SECONDS stays at 900: only the release can explain a
// quick completion.

import pg from 'pg';
import { generateCluster, toJsonList } from '../../bench/generate.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort, MAIN, Processes, until, WORKER, waitReady } from '../support/processes.js';

describe('shutdown during an analysis', () => {
  let db: TestDatabase;
  const processes = new Processes();
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    processes.killAll();
    await db.drop();
  });

  it('releases the running job to another worker, which completes it', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'warn', JOB_MAINTENANCE_SECONDS: '1', MAX_UPLOAD_BYTES: String(200 * 1024 * 1024), RATE_LIMIT_PER_MINUTE: '0' };
    const base = `http://127.0.0.1:${port}`;
    const api = processes.start(MAIN, env);
    await waitReady(base);
    const body = toJsonList(generateCluster({ pods: 20000, policies: 4000, namespaces: 60, seed: 7 }));
    const res = await fetch(`${base}/api/v1/snapshots?cluster=release&name=large`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await until('the analysis to start', 30_000, async () => {
      const s = (await (await fetch(`${base}/api/v1/snapshots/${id}`)).json()) as { status: string };
      return s.status === 'analyzing' ? true : undefined;
    });

    // Another worker is ready to take over; then the API process is told to stop.
    processes.start(WORKER, { ...env, PORT: '0' });
    const stopping = Date.now();
    api.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => api.once('exit', r));
    expect(code).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(40_000);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const ready = await until('the other worker to complete it', 120_000, async () => {
        const { rows } = await client.query<{ status: string; analysis_runs: number }>(
          'SELECT c.status, c.analysis_runs FROM snapshots s JOIN snapshot_contents c ON c.id = s.content_id WHERE s.id = $1',
          [id],
        );
        return rows[0]?.status === 'ready' ? rows[0] : undefined;
      });
      expect(ready.analysis_runs).toBe(1);
      const { rows: jobs } = await client.query<{ state: string; retry_count: number; output: unknown }>(
        `SELECT state, retry_count, output FROM pgboss.job WHERE name = 'analyze_snapshot' AND data->>'contentId' = (SELECT content_id::text FROM snapshots WHERE id = $1)`,
        [id],
      );
      expect(jobs.map((j) => j.state)).toEqual(['completed']);
      // Released (a retry) and taken over, well before the 900 s lease would have expired; on a
      // machine fast enough to finish 20,000 pods within the queue's 10 s stop grace, the stopping
      // process finishes it itself (retry_count 0), the other graceful outcome. On the 2-core CI
      // machine it is the release (retry_count 1) in every run so far.
      expect(jobs[0]!.retry_count).toBeLessThanOrEqual(1);
      if (jobs[0]!.retry_count === 0) console.warn('shutdown-releases-job: the analysis finished within the stop grace; the release path was not exercised');
    } finally {
      await client.end();
    }
  }, 240_000);
});
