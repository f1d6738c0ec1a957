import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCluster, toJsonList } from '../../bench/generate.js';
import { freePort, MAIN, until } from '../support/processes.js';

// Issue 14, embedded case: `npm start` without DATABASE_URL runs its own PostgreSQL. When that
// server dies (here: its postmaster is killed), the service says so, keeps answering liveness,
// reports the database down, starts the server again and carries on: no restart of the service.
describe('embedded PostgreSQL killed under a running service', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'policyscope-embedded-'));
  chmodSync(dataDir, 0o755); // the server runs as the postgres user when we are root
  let service: ChildProcess;
  const output: string[] = [];
  let base: string;

  afterAll(async () => {
    if (service && service.exitCode === null && service.signalCode === null) {
      service.kill('SIGTERM'); // stops its embedded server too
      await new Promise((r) => service.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs the exit, restarts the server, and serves and analyses again', async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    service = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(port), LOG_LEVEL: 'warn', JOB_POLL_SECONDS: '1', JOB_MAINTENANCE_SECONDS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    service.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    await until('the service to be ready', 90_000, async () => ((await fetch(`${base}/health/ready`)).ok ? true : undefined));

    const postmaster = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmaster, 'SIGKILL');

    await until('the exit to be reported', 10_000, async () => (output.join('').includes('embedded PostgreSQL') && output.join('').includes('stopped unexpectedly') ? true : undefined));
    expect((await fetch(`${base}/health`)).status).toBe(200);
    await until('the database to be back', 30_000, async () => ((await fetch(`${base}/health/ready`)).ok ? true : undefined));
    expect(output.join('')).toContain('is running again');

    // Started as `npm start` starts it (AUTH required): the first start wrote an admin key to DATA_DIR.
    const authorization = `Bearer ${readFileSync(join(dataDir, 'admin-key'), 'utf8').trim()}`;
    const res = await fetch(`${base}/api/v1/snapshots?cluster=embedded`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: toJsonList(generateCluster({ pods: 30, policies: 8, namespaces: 2, seed: 5 })) });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const status = await until('the snapshot to be analysed', 30_000, async () => {
      const s = (await (await fetch(`${base}/api/v1/snapshots/${id}`, { headers: { authorization } })).json()) as { status: string };
      return s.status === 'ready' ? s.status : undefined;
    });
    expect(status).toBe('ready');
    expect(service.exitCode).toBeNull();
    expect(service.signalCode).toBeNull();
  }, 180_000);
});
