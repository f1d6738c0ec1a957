// A DATA_DIR that cannot take writes (a file in its place, a path under /proc, a read-only or full
// file system) ends the start at once with one line naming the directory and the reason, exit 1,
// before the embedded PostgreSQL is started: not a failure deep in initdb, and not a hang (a
// DATA_DIR under /proc used to spin forever in Node's recursive mkdir, deaf even to SIGTERM).
// The read-only and full cases mount real tmpfs file systems when the test may mount (root with
// CAP_SYS_ADMIN, as in our CI container); elsewhere it says so and checks the other cases only.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, MAIN } from '../support/processes.js';

async function start(dataDir: string) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', AUTH: 'off', DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'error' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, signal: r.signal, stderr: r.stderr.trim().split('\n'), ms: Date.now() - started };
}

function tryMount(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('DATA_DIR that cannot be written', () => {
  let root: string;
  const mounted: string[] = [];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'policyscope-datadir-'));
  });
  afterAll(() => {
    for (const dir of mounted) spawnSync('umount', [dir]);
    rmSync(root, { recursive: true, force: true });
  });

  it('a file where the directory should be: exit 1 with one line', async () => {
    const file = join(root, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await start(join(file, 'data'));
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual([`policyscope: DATA_DIR ${join(file, 'data')} cannot be used: ${join(file, 'data')}: a file stands where a directory should be (ENOTDIR)`]);
    const itself = await start(file);
    expect(itself.stderr).toEqual([`policyscope: DATA_DIR ${file} cannot be used: ${file} is a file, not a directory`]);
  });

  it('a path under /proc: exit 1 at once, no hang', async () => {
    const r = await start('/proc/policyscope-data');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual([expect.stringMatching(/^policyscope: DATA_DIR \/proc\/policyscope-data cannot be created: .*\(ENOENT\)$/)]);
    expect(r.ms).toBeLessThan(20_000);
  });

  it('a read-only and a full file system: exit 1 naming the reason (real tmpfs mounts)', async () => {
    const readOnly = join(root, 'ro');
    const full = join(root, 'full');
    mkdirSync(readOnly);
    mkdirSync(full);
    if (!tryMount(readOnly, 'ro,size=1m') || !tryMount(full, 'size=32k')) {
      console.warn('data-dir.e2e: cannot mount tmpfs here (needs root with CAP_SYS_ADMIN): read-only and full DATA_DIR not exercised');
      return;
    }
    mounted.push(readOnly, full);
    const ro = await start(join(readOnly, 'data'));
    expect(ro.status).toBe(1);
    expect(ro.stderr).toEqual([`policyscope: DATA_DIR ${join(readOnly, 'data')} cannot be created: ${join(readOnly, 'data')}: the file system is read-only (EROFS)`]);
    const existing = await start(readOnly);
    expect(existing.stderr).toEqual([expect.stringContaining(`DATA_DIR ${readOnly} is not writable: the file system is read-only (EROFS)`)]);
    const noSpace = await start(full);
    expect(noSpace.status).toBe(1);
    expect(noSpace.stderr).toEqual([expect.stringContaining(`DATA_DIR ${full} is not writable: the disk is full (ENOSPC)`)]);
  });
});
