import pg from 'pg';
import { migrate, readMigrations } from '../../src/database/migrator.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// The migration to shared snapshot contents keeps data stored before it: each snapshot becomes its
// own content under the same id, with its objects, results, metrics and analysis state.
const MIGRATION = '20261129120000_shared_snapshot_contents';

describe(`migration ${MIGRATION}`, () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    const all = readMigrations();
    const index = all.findIndex((m) => m.name === MIGRATION);
    expect(index).toBeGreaterThan(0);
    await migrate(db.url, all.slice(0, index));
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('moves objects, results and analysis state of existing snapshots to contents of the same id', async () => {
    const cluster = (await client.query(`INSERT INTO clusters (id, name, updated_at) VALUES (gen_random_uuid(), 'old', now()) RETURNING id`)).rows[0].id as string;
    const snapshot = (
      await client.query(
        `INSERT INTO snapshots (id, cluster_id, name, captured_at, source, content_sha256, status, diagnostics, timings, analysis_runs, analysis_finished_at)
         VALUES (gen_random_uuid(), $1, 'before', '2026-11-01T00:00:00Z', 'upload', $2, 'ready', $3, '{"parseMs": 3, "analyzeMs": 40}', 1, now()) RETURNING id`,
        [cluster, 'a'.repeat(64), JSON.stringify([{ severity: 'warning', code: 'kind.unknown', message: 'x' }, { severity: 'warning', code: 'port.named', message: 'y', analysis: true }])],
      )
    ).rows[0].id as string;
    await client.query(`INSERT INTO kubernetes_objects (snapshot_id, kind, api_version, name, raw) VALUES ($1, 'Namespace', 'v1', 'shop', '{}')`, [snapshot]);
    await client.query(`INSERT INTO analysis_artifacts (snapshot_id, name, data) VALUES ($1, 'connectivity:workload', '\\x00')`, [snapshot]);
    await client.query(`INSERT INTO snapshot_metrics (snapshot_id, cluster_id, captured_at, metric, value) VALUES ($1, $2, '2026-11-01T00:00:00Z', 'pods', 4)`, [snapshot, cluster]);

    // Up to this migration only: a later one (stored results) puts ready contents back to pending.
    const all = readMigrations();
    const report = await migrate(db.url, all.slice(0, all.findIndex((m) => m.name === MIGRATION) + 1));
    expect(report.applied).toContain(MIGRATION);

    const content = (await client.query('SELECT * FROM snapshot_contents WHERE id = $1', [snapshot])).rows[0];
    expect(content).toMatchObject({ cluster_id: cluster, content_sha256: 'a'.repeat(64), status: 'ready', analysis_runs: 1, analyze_ms: 40, metrics: { pods: 4 }, engine_version: null });
    expect(content.analysis_diagnostics).toEqual([{ severity: 'warning', code: 'port.named', message: 'y', analysis: true }]);
    const migrated = (await client.query('SELECT content_id, diagnostics, timings FROM snapshots WHERE id = $1', [snapshot])).rows[0];
    expect(migrated).toEqual({ content_id: snapshot, diagnostics: [{ severity: 'warning', code: 'kind.unknown', message: 'x' }], timings: { parseMs: 3 } });
    expect((await client.query('SELECT count(*)::int AS n FROM kubernetes_objects WHERE content_id = $1', [snapshot])).rows[0].n).toBe(1);
    expect((await client.query('SELECT count(*)::int AS n FROM analysis_artifacts WHERE content_id = $1', [snapshot])).rows[0].n).toBe(1);
    expect((await client.query('SELECT count(*)::int AS n FROM snapshot_metrics WHERE snapshot_id = $1', [snapshot])).rows[0].n).toBe(1);
  });

  it('then the later migrations: the stored-results one puts the ready content back to pending, to be analysed again', async () => {
    const report = await migrate(db.url);
    expect(report.applied).toContain('20261129200000_stored_results');
    const content = (await client.query("SELECT status FROM snapshot_contents WHERE content_sha256 = $1", ['a'.repeat(64)])).rows[0];
    expect(content.status).toBe('pending');
  });
});
