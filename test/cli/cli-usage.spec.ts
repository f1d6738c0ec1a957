// Command-line handling that does not need the analysis: help, usage errors, unreadable paths.

import { FIXTURES, run } from './run.js';

describe('policyscope usage', () => {
  it.each([['analyze'], ['diff'], ['explain']])('%s --help prints usage on stdout and exits 0', async (command) => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: policyscope ${command}`);
  });

  it('--help lists the three commands', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['analyze', 'diff', 'explain']) expect(r.stdout).toContain(command);
  });

  it('exits 2 without a command', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: policyscope');
  });

  it('exits 2 on an unknown command', async () => {
    expect((await run(['analyse', FIXTURES])).code).toBe(2);
  });

  it('exits 2 on an unknown option', async () => {
    const r = await run(['analyze', '--colour', `${FIXTURES}/basic`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--colour');
  });

  it('exits 2 on a granularity or format that does not exist', async () => {
    expect((await run(['analyze', '--granularity', 'cluster', `${FIXTURES}/basic`])).code).toBe(2);
    expect((await run(['diff', '--format', 'dot', `${FIXTURES}/basic`, `${FIXTURES}/changed`])).code).toBe(2);
    expect((await run(['explain', '--format', 'csv', '--from', 'x/a', '--to', 'y/c', '--port', '80', `${FIXTURES}/basic`])).code).toBe(2);
  });

  it('exits 2 when analyze has no path or diff has not exactly two', async () => {
    expect((await run(['analyze'])).code).toBe(2);
    expect((await run(['diff', `${FIXTURES}/basic`])).code).toBe(2);
    expect((await run(['diff', `${FIXTURES}/basic`, `${FIXTURES}/basic`, `${FIXTURES}/changed`])).code).toBe(2);
  });

  it('exits 2 when explain misses --from, --to or --port', async () => {
    expect((await run(['explain', '--to', 'y/c', '--port', '80', `${FIXTURES}/basic`])).code).toBe(2);
    expect((await run(['explain', '--from', 'x/a', '--port', '80', `${FIXTURES}/basic`])).code).toBe(2);
    expect((await run(['explain', '--from', 'x/a', '--to', 'y/c', `${FIXTURES}/basic`])).code).toBe(2);
  });

  it.each([['http'], ['0'], ['70000'], ['80/ICMP'], ['80/']])('exits 2 on --port %s', async (port) => {
    const r = await run(['explain', '--from', 'x/a', '--to', 'y/c', '--port', port, `${FIXTURES}/basic`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port');
  });

  it('exits 1 with the path in the message when a path does not exist', async () => {
    const r = await run(['analyze', `${FIXTURES}/no-such-folder`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${FIXTURES}/no-such-folder: no such file or directory`);
    expect(r.stdout).toBe('');
  });
});
