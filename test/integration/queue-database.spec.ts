import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { QueueDatabase } from '../../src/modules/analysis/queue-database.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// pg-boss records a finished job's outcome without awaiting it: with the database gone, a rejection
// there would end the process. The queue's `db` retries those statements instead, never rejects,
// and stops retrying at shutdown so a SIGTERM during an outage is not held up. (That the outcome is
// recorded once the database is back: test/e2e/database-outage.e2e.spec.ts, server stopped 10 s.)

const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as { completeJobs(schema: string): string; failJobsById(schema: string): string };

async function refusedUrl(db: TestDatabase): Promise<string> {
  const s = createServer();
  const port = await new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)));
  await new Promise((r) => s.close(r));
  const u = new URL(db.url);
  u.port = String(port);
  return u.toString();
}

describe('the queue database (pg-boss db)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('runs statements on its own pool', async () => {
    const q = new QueueDatabase(db.url, 'pgboss', 1000);
    try {
      expect((await q.executeSql('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await q.close();
    }
  });

  it('retries a job outcome while the database refuses, and resolves (never rejects) when it gives up', async () => {
    const q = new QueueDatabase(await refusedUrl(db), 'pgboss', 1200);
    try {
      const started = Date.now();
      const complete = await q.executeSql(plans.completeJobs('pgboss'), ['analyze_snapshot', ['00000000-0000-0000-0000-000000000000'], null]);
      const fail = await q.executeSql(plans.failJobsById('pgboss'), ['analyze_snapshot', ['00000000-0000-0000-0000-000000000000'], null]);
      expect(complete.rows).toEqual([{ count: '0' }]);
      expect(fail.rows).toEqual([{ count: '0' }]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(500); // it did wait and retry
      // Every other statement fails as usual: pg-boss awaits those and reports them.
      await expect(q.executeSql('SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await q.close();
    }
  });

  it('tries once, without retrying, once shutdown has begun', async () => {
    const q = new QueueDatabase(await refusedUrl(db), 'pgboss', 60_000);
    q.stopRetrying();
    try {
      const started = Date.now();
      const res = await q.executeSql(plans.failJobsById('pgboss'), ['analyze_snapshot', ['00000000-0000-0000-0000-000000000000'], null]);
      expect(res.rows).toEqual([{ count: '0' }]);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await q.close();
    }
  });
});
