import { createHash } from 'node:crypto';
import pg from 'pg';
import { migrate, pendingMigrations, readMigrations, type Migration } from '../../src/database/migrator.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('migrator', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterEach(async () => {
    await db.drop();
  });

  const rows = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query('SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name')).rows;
    } finally {
      await client.end();
    }
  };

  it('records each migration as Prisma does (checksum = sha256 of the file)', async () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const report = await migrate(db.url);
    expect(report.applied).toEqual(migrations.map((m) => m.name));
    const recorded = await rows(db.url);
    expect(recorded.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, r] of recorded.entries()) {
      expect(r.checksum).toBe(createHash('sha256').update(migrations[i]!.sql).digest('hex'));
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.rolled_back_at).toBeNull();
      expect(r.applied_steps_count).toBe(1);
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(await migrate(db.url)).toEqual({ applied: [], alreadyApplied: migrations.map((m) => m.name) });
  });

  it('applies each migration exactly once when several instances start together', async () => {
    const reports = await Promise.all(Array.from({ length: 5 }, () => migrate(db.url)));
    const appliedCounts = new Map<string, number>();
    for (const r of reports) for (const name of r.applied) appliedCounts.set(name, (appliedCounts.get(name) ?? 0) + 1);
    for (const m of readMigrations()) expect(appliedCounts.get(m.name)).toBe(1);
    expect((await rows(db.url)).length).toBe(readMigrations().length);
  });

  it('rolls back a failing migration completely and records the attempt as rolled back', async () => {
    const good: Migration = { name: '00000000000001_good', sql: 'CREATE TABLE good (id int);', checksum: 'x'.repeat(64) };
    const bad: Migration = { name: '00000000000002_bad', sql: 'CREATE TABLE half (id int); SELECT no_such_function();', checksum: 'y'.repeat(64) };
    await expect(migrate(db.url, [good, bad])).rejects.toThrow(/00000000000002_bad failed/);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      expect((await client.query(`SELECT to_regclass('half') IS NULL AS absent`)).rows[0].absent).toBe(true);
      expect((await client.query(`SELECT to_regclass('good') IS NOT NULL AS present`)).rows[0].present).toBe(true);
      expect(await pendingMigrations(client, [good, bad])).toEqual(['00000000000002_bad']);
    } finally {
      await client.end();
    }
    const recorded = await rows(db.url);
    const failed = recorded.find((r) => r.migration_name === '00000000000002_bad');
    expect(failed.rolled_back_at).toBeInstanceOf(Date);
    expect(failed.logs).toMatch(/no_such_function/);
  });
});
