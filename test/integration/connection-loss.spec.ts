import { createServer, type Server } from 'node:net';
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { ErrorCode } from '../../src/common/errors/app-error.js';
import { isDatabaseConnectionError } from '../../src/common/errors/database-unavailable.js';
import { httpStatusOf, toAppError } from '../../src/common/errors/error-mapping.js';
import { createClient, createPool } from '../../src/database/connections.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// Connection loss on a real PostgreSQL, in every shape it reaches the code (pg pool, checked-out
// client, single client, Prisma on the adapter): never an unhandled `error` event (Jest would fail
// the file), always recognised as connection loss and mapped to 503 SERVICE_UNAVAILABLE; other
// database errors are not.

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('database connection loss', () => {
  let db: TestDatabase;
  let admin: pg.Client;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = createClient(process.env.POLICYSCOPE_TEST_ADMIN_URL!);
    await admin.connect();
    pool = createPool(db.url, { max: 4, applicationName: 'connection-loss-test', context: 'test' });
  });
  afterAll(async () => {
    await pool.end();
    await admin.end();
    await db.drop();
  });

  const terminate = (pid: number) => admin.query('SELECT pg_terminate_backend($1)', [pid]);
  /** Waits until a `pg_sleep` query runs on the test database. */
  async function sleeping(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { rowCount } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE '%pg_sleep%'`, [db.name]);
      if (rowCount) return;
      await pause(25);
    }
    throw new Error('the query never started');
  }
  const terminateAll = () => admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.name]);

  it('a checked-out client whose backend is terminated between queries fails its next query, and the pool reconnects', async () => {
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await terminate(rows[0]!.pid);
    await pause(200); // the client's socket closes while nobody waits on it: the error event must be handled
    const err = await rejection(client.query('SELECT 1'));
    client.release(err as Error);
    expect(isDatabaseConnectionError(err)).toBe(true);
    const mapped = toAppError(err);
    expect(mapped.code).toBe(ErrorCode.ServiceUnavailable);
    expect(httpStatusOf(mapped.code)).toBe(503);
    expect(mapped.retryAfterSeconds).toBeGreaterThan(0);
    expect((await pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });

  it('a query running when the backend is terminated (inside a transaction) rejects as connection loss', async () => {
    const client = await pool.connect();
    await client.query('BEGIN');
    const running = rejection(client.query('SELECT pg_sleep(10)'));
    await sleeping();
    await terminateAll();
    const err = await running;
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(err as Error);
    expect(isDatabaseConnectionError(err)).toBe(true);
  });

  it('idle pooled connections and a single client terminated while idle: handled, the pool serves again', async () => {
    await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 1'), pool.query('SELECT 1')]);
    const single = createClient(db.url);
    await single.connect();
    await terminateAll();
    await pause(200);
    expect(isDatabaseConnectionError(await rejection(single.query('SELECT 1')))).toBe(true);
    await single.end();
    expect((await pool.query('SELECT 2 AS two')).rows[0].two).toBe(2);
  });

  it('Prisma on the adapter: a terminated query and a refused connection are connection loss', async () => {
    const prismaPool = createPool(db.url, { max: 2, applicationName: 'connection-loss-prisma', context: 'test' });
    const prisma = new PrismaClient({ adapter: new PrismaPg(prismaPool) });
    try {
      const running = rejection(prisma.$queryRaw`SELECT pg_sleep(10)::text`);
      await sleeping();
      await terminateAll();
      const terminated = await running;
      expect(isDatabaseConnectionError(terminated)).toBe(true);
      expect(toAppError(terminated).code).toBe(ErrorCode.ServiceUnavailable);
      // and it reconnects
      expect(await prisma.cluster.count()).toBe(0);
    } finally {
      await prisma.$disconnect();
      await prismaPool.end();
    }

    // A port where nothing listens: ECONNREFUSED through the adapter.
    const closed: Server = createServer();
    const port = await new Promise<number>((r) => closed.listen(0, '127.0.0.1', () => r((closed.address() as { port: number }).port)));
    await new Promise((r) => closed.close(r));
    const nowhere = new URL(db.url);
    nowhere.port = String(port);
    const refusedPool = createPool(nowhere.toString(), { max: 1, applicationName: 'refused', context: 'test' });
    const refusedPrisma = new PrismaClient({ adapter: new PrismaPg(refusedPool) });
    try {
      const refused = await rejection(refusedPrisma.cluster.count());
      expect(isDatabaseConnectionError(refused)).toBe(true);
      expect(toAppError(refused).code).toBe(ErrorCode.ServiceUnavailable);
    } finally {
      await refusedPrisma.$disconnect();
      await refusedPool.end();
    }
  });

  it('other database errors are not connection loss', async () => {
    expect(isDatabaseConnectionError(await rejection(pool.query('SELEC 1')))).toBe(false);
    await pool.query('CREATE TABLE unique_things (name text PRIMARY KEY)');
    await pool.query(`INSERT INTO unique_things VALUES ('a')`);
    const duplicate = await rejection(pool.query(`INSERT INTO unique_things VALUES ('a')`));
    expect((duplicate as { code: string }).code).toBe('23505');
    expect(isDatabaseConnectionError(duplicate)).toBe(false);
    expect(toAppError(duplicate).code).toBe(ErrorCode.Internal);

    const prismaPool = createPool(db.url, { max: 1, applicationName: 'connection-loss-prisma', context: 'test' });
    const prisma = new PrismaClient({ adapter: new PrismaPg(prismaPool) });
    try {
      await prisma.cluster.create({ data: { name: 'twice' } });
      const conflict = await rejection(prisma.cluster.create({ data: { name: 'twice' } }));
      expect((conflict as { code: string }).code).toBe('P2002');
      expect(isDatabaseConnectionError(conflict)).toBe(false);
    } finally {
      await prisma.$disconnect();
      await prismaPool.end();
    }
  });
});
