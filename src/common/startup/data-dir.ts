import { closeSync, fsyncSync, mkdirSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** DATA_DIR cannot be used: the process stops at start with this one-line reason, before anything is started. */
export class DataDirError extends Error {}

const REASONS: Record<string, string> = {
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a file stands where a directory should be',
  EEXIST: 'a file stands where the directory should be',
  ENOENT: 'a parent directory cannot hold it (no such directory)',
};

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code ?? '';
  return `${REASONS[code] ?? (err as Error)?.message ?? String(err)}${code ? ` (${code})` : ''}`;
}

/**
 * Makes sure DATA_DIR exists and takes writes: creates it (one level at a time: Node's recursive
 * mkdir loops forever under /proc, blocking even the signal handlers), then writes, syncs and
 * removes a probe file. A read-only, full or misplaced DATA_DIR thus ends the start with a clear
 * reason instead of a failure deep inside PostgreSQL's initdb, or a hang.
 */
export function checkDataDir(dataDir: string): void {
  const dir = resolve(dataDir);
  const missing: string[] = [];
  for (let p = dir; ; p = dirname(p)) {
    let stat;
    try {
      stat = statSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) throw new DataDirError(`DATA_DIR ${dir} cannot be used: ${p}: ${reason(err)}`);
      missing.unshift(p);
      continue;
    }
    if (!stat.isDirectory()) throw new DataDirError(`DATA_DIR ${dir} cannot be used: ${p} is a file, not a directory`);
    break;
  }
  for (const p of missing) {
    try {
      // Default mode (umask applies): run as root, the embedded PostgreSQL's initdb runs as another user and must get in.
      mkdirSync(p);
    } catch (err) {
      throw new DataDirError(`DATA_DIR ${dir} cannot be created: ${p}: ${reason(err)}`);
    }
  }
  const probe = join(dir, `.write-probe-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = openSync(probe, 'w', 0o600);
    // Enough to notice a full disk: PostgreSQL needs far more than this to start.
    const block = Buffer.alloc(64 * 1024);
    // A nearly full disk takes part of a write without an error: only a write of nothing is the end.
    for (let written = 0; written < block.length; ) {
      const n = writeSync(fd, block, written);
      if (n === 0) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
      written += n;
    }
    fsyncSync(fd);
  } catch (err) {
    throw new DataDirError(`DATA_DIR ${dir} is not writable: ${reason(err)}; PolicyScope keeps its embedded PostgreSQL and first admin key there`);
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(probe);
    } catch {
      // never created
    }
  }
}
