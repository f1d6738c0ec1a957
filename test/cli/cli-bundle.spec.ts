// The launcher (bin/policyscope.js) runs the CLI bundle (scripts/bundle-cli.mjs) only while no
// `tsc` build came after it, and the bundle answers as the compiled modules do.
// Needs a build: `npx tsc -p tsconfig.build.json` (as the other process-level tests).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = process.cwd();

function node(args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI bundle', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'policyscope-launcher-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  /** A tree with the real launcher and stand-ins for the two builds, with the given ages. */
  function launcherTree(ages: { bundle?: number; tsbuildinfo?: number }): string {
    mkdirSync(path.join(scratch, 'bin'));
    copyFileSync(path.join(ROOT, 'bin/policyscope.js'), path.join(scratch, 'bin/policyscope.js'));
    writeFileSync(path.join(scratch, 'package.json'), '{"type":"module"}');
    mkdirSync(path.join(scratch, 'dist/src/cli'), { recursive: true });
    writeFileSync(path.join(scratch, 'dist/src/cli/main.js'), "console.log('modules');\n");
    const now = Date.now() / 1000;
    if (ages.bundle !== undefined) {
      mkdirSync(path.join(scratch, 'dist/src/cli-bundle'));
      const file = path.join(scratch, 'dist/src/cli-bundle/main.js');
      writeFileSync(file, "console.log('bundle');\n");
      utimesSync(file, now - ages.bundle, now - ages.bundle);
    }
    if (ages.tsbuildinfo !== undefined) {
      const file = path.join(scratch, 'dist/.tsbuildinfo');
      writeFileSync(file, '{}');
      utimesSync(file, now - ages.tsbuildinfo, now - ages.tsbuildinfo);
    }
    return path.join(scratch, 'bin/policyscope.js');
  }

  it.each([
    ['a bundle made after the last tsc build', { bundle: 10, tsbuildinfo: 60 }, 'bundle'],
    ['a bundle older than the last tsc build (stale)', { bundle: 60, tsbuildinfo: 10 }, 'modules'],
    ['no bundle', { tsbuildinfo: 10 }, 'modules'],
    ['no tsc build record', { bundle: 10 }, 'modules'],
  ])('launches the right build: %s', (_what, ages, expected) => {
    const result = node([launcherTree(ages)]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(expected);
  });

  it('answers as the compiled modules do', () => {
    const bundled = node(['scripts/bundle-cli.mjs']);
    expect(bundled.status).toBe(0);
    const args = ['analyze', 'examples/shop-v1', '--format', 'json', '--granularity', 'pod'];
    const fromBundle = node(['dist/src/cli-bundle/main.js', ...args]);
    const fromModules = node(['dist/src/cli/main.js', ...args]);
    expect(fromBundle.status).toBe(0);
    expect(fromBundle.stdout.length).toBeGreaterThan(100);
    expect(fromBundle).toEqual(fromModules);
    const stats = node(['dist/src/cli-bundle/main.js', 'analyze', 'examples/shop-v1', '--format', 'stats']);
    expect(JSON.parse(stats.stdout).pods).toBeGreaterThan(0);
  });
});
