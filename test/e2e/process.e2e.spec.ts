import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, MAIN, waitReady } from '../support/processes.js';

// The built service as a user starts it (`npm start` runs `node dist/src/main.js` after the build,
// which `npm test` performs first). Nothing here uses DATABASE_URL from the test environment.
const baseEnv = () => {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'warn' };
  return env;
};

function postgresProcessesFor(dataDir: string): string[] {
  const out = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter((l) => l.includes(dataDir) && /postgres/.test(l));
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

// A first start runs initdb; on a loaded 2-core machine (CI runs the suite twice) that alone has
// taken over 20 s. This bounds a wait, it measures nothing.
const READY_TIMEOUT_MS = 60_000;

describe('the service process', () => {
  it('exits non-zero with a one-line reason on a bad PORT', () => {
    const r = spawnSync(process.execPath, [MAIN], { env: { ...baseEnv(), PORT: 'abc' }, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual(['policyscope: invalid configuration: PORT must be a whole number (got "abc")']);
  });

  it('exits non-zero with a one-line reason on an unreachable DATABASE_URL', async () => {
    const port = await freePort(); // nothing listens there
    const r = spawnSync(process.execPath, [MAIN], { env: { ...baseEnv(), DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/x` }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^policyscope: cannot reach DATABASE_URL \\(127\\.0\\.0\\.1:${port}/x\\)`));
  });

  it('starts an embedded PostgreSQL without DATABASE_URL, keeps its data across restarts and stops it on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policyscope-start-'));
    chmodSync(dir, 0o755);
    const dataDir = join(dir, 'data');
    const env = { ...baseEnv(), DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()) };
    try {
      const first = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      await waitReady(`http://127.0.0.1:${env.PORT}`, READY_TIMEOUT_MS);
      const db = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/policyscope` });
      await db.connect();
      await db.query(`INSERT INTO clusters (id, name, updated_at) VALUES (gen_random_uuid(), 'kept', now())`);
      await db.end();
      first.kill('SIGINT');
      expect(await exited(first)).toBe(0);
      expect(postgresProcessesFor(dataDir)).toEqual([]);

      const second = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      await waitReady(`http://127.0.0.1:${env.PORT}`, READY_TIMEOUT_MS);
      const again = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/policyscope` });
      await again.connect();
      const { rows } = await again.query(`SELECT name FROM clusters`);
      await again.end();
      expect(rows).toEqual([{ name: 'kept' }]);
      second.kill('SIGTERM');
      expect(await exited(second)).toBe(0);
      expect(postgresProcessesFor(dataDir)).toEqual([]);
    } finally {
      for (const line of postgresProcessesFor(dataDir)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
