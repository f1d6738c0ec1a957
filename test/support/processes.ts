import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

// For tests that run the built service as separate processes (`npm start` runs dist/src/main.js).
export const MAIN = join(process.cwd(), 'dist', 'src', 'main.js');
export const WORKER = join(process.cwd(), 'dist', 'src', 'worker.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value (not undefined); a throwing probe counts as not yet. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A bound, not a measurement: a started service on a loaded 2-core machine has needed over 20 s. */
export function waitReady(baseUrl: string, timeoutMs = 60_000): Promise<true> {
  return until('the service to be ready', timeoutMs, async () => ((await fetch(`${baseUrl}/health/ready`)).ok ? true : undefined));
}

/** Node processes started by a test file, all killed when it ends. */
export class Processes {
  private readonly children: ChildProcess[] = [];

  /** Authentication is off (loopback only) unless `env` sets AUTH. */
  start(script: string, env: Record<string, string>): ChildProcess {
    const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', AUTH: 'off', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    this.children.push(child);
    return child;
  }

  killAll(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}
