import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// The API without in-process workers, and two separate `npm run worker` processes on the same
// database: every snapshot is analysed, each exactly once.
const MAIN = join(process.cwd(), 'dist', 'src', 'main.js');
const WORKER = join(process.cwd(), 'dist', 'src', 'worker.js');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('separate worker processes', () => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await db.drop();
  });

  it('share the queue: every job runs once, on one of them', async () => {
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'warn', WORKERS_IN_PROCESS: 'false' };
    children.push(spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (i > 200) throw new Error('API not ready');
      const ok = await fetch(`${base}/health/ready`).then((r) => r.ok).catch(() => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const body = `apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-${i}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns-${i}, labels: {app: a}}\nspec: {containers: [{name: c, image: x}]}\n`;
      const res = await fetch(`${base}/api/v1/snapshots?cluster=workers`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    // Nothing analyses them until a worker runs.
    await new Promise((r) => setTimeout(r, 1500));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const pending = await client.query(`SELECT count(*)::int AS n FROM snapshots WHERE status = 'pending'`);
      expect(pending.rows[0].n).toBe(8);
      for (let w = 0; w < 2; w++) children.push(spawn(process.execPath, [WORKER], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
      for (let i = 0; ; i++) {
        if (i > 600) throw new Error('snapshots not analysed');
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM snapshots WHERE status = 'ready'`);
        if (rows[0].n === 8) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const runs = await client.query(`SELECT analysis_runs FROM snapshots`);
      expect(runs.rows.map((r) => r.analysis_runs)).toEqual(Array(8).fill(1));
      const jobs = await client.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'analyze_snapshot' AND state = 'completed'`);
      expect(jobs.rows[0].n).toBe(8);
    } finally {
      await client.end();
    }
  }, 120_000);
});
