// Graceful shutdown of the built service (issue 11): SIGTERM while an upload is still being sent.
// The upload finishes (202) and its snapshot is stored; new connections are refused meanwhile; the
// process closes HTTP first, then the application (workers, queue, pools), then stops the
// embedded PostgreSQL last (its log lines in that order), exits 0 and leaves no PostgreSQL behind;
// a restart on the same DATA_DIR finds the snapshot.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, MAIN, waitReady } from '../support/processes.js';

const SHOP = readFileSync('examples/shop-v1/shop.yaml');
const READY_TIMEOUT_MS = 90_000;

function postgresProcessesFor(dataDir: string): string[] {
  const out = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter((l) => l.includes(dataDir) && /postgres/.test(l));
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

/** An upload whose body goes out in two halves; `sendRest` sends the second. */
function slowUpload(port: number): { answer: Promise<{ status: number; body: string }>; sendRest: () => void } {
  let sendRest = () => undefined as void;
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/v1/snapshots?cluster=draining', headers: { 'content-type': 'application/yaml', 'content-length': String(SHOP.length) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    const half = Math.floor(SHOP.length / 2);
    req.write(SHOP.subarray(0, half));
    sendRest = () => void req.end(SHOP.subarray(half));
  });
  return { answer, sendRest };
}

function connectionRefused(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/health`).then(
    () => false,
    (err: Error & { cause?: { code?: string } }) => err.cause?.code === 'ECONNREFUSED',
  );
}

describe('graceful shutdown', () => {
  it('SIGTERM: the request in flight finishes, then the application closes, then the embedded PostgreSQL stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policyscope-shutdown-'));
    chmodSync(dir, 0o755);
    const dataDir = join(dir, 'data');
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', AUTH: 'off', LOG_LEVEL: 'info', DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()) };
    let service: ChildProcess | undefined;
    try {
      service = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      service.stdout!.on('data', (c: Buffer) => (log += c.toString('utf8')));
      await waitReady(`http://127.0.0.1:${port}`, READY_TIMEOUT_MS);

      const upload = slowUpload(port);
      await new Promise((r) => setTimeout(r, 300));
      service.kill('SIGTERM');
      // Draining: the listener is closed, new connections are refused, the upload still has its connection.
      for (let i = 0; i < 40 && !(await connectionRefused(port)); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await connectionRefused(port)).toBe(true);
      upload.sendRest();
      const answer = await upload.answer;
      expect(answer.status).toBe(202);
      const { id } = JSON.parse(answer.body) as { id: string };

      expect(await exited(service)).toBe(0);
      expect(postgresProcessesFor(dataDir)).toEqual([]);
      const messages = log
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => (JSON.parse(l) as { msg: string }).msg);
      const order = ['stopping', 'http drained', 'application closed', 'embedded PostgreSQL stopped'].map((m) => messages.indexOf(m));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);

      // The upload that finished during the shutdown was stored.
      service = spawn(process.execPath, [MAIN], { env: { ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
      await waitReady(`http://127.0.0.1:${port}`, READY_TIMEOUT_MS);
      const stored = await fetch(`http://127.0.0.1:${port}/api/v1/snapshots/${id}`);
      expect(stored.status).toBe(200);
      expect(((await stored.json()) as { cluster?: string; id: string }).id).toBe(id);
      service.kill('SIGTERM');
      expect(await exited(service)).toBe(0);
    } finally {
      if (service && service.exitCode === null) service.kill('SIGKILL');
      for (const line of postgresProcessesFor(dataDir)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
