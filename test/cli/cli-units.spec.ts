// The CLI's own small pieces: folder walking, diagnostic lines, --port and --focus parsing.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diagnosticLines, diagnosticText } from '../../src/cli/diagnostic-text.js';
import { parsePortArgument } from '../../src/cli/port-argument.js';
import { focusResult } from '../../src/cli/focus.js';
import { listInputFiles } from '../../src/cli/read-inputs.js';
import { progressFor } from '../../src/cli/progress.js';
import { DEFAULT_OPTIONS } from '../../src/engine/model.js';
import type { ConnectivityResult } from '../../src/engine/result.js';

describe('listInputFiles', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'policyscope-cli-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function touch(relative: string): string {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
    return file;
  }

  it('walks folders recursively, keeps .yaml/.yml/.json only, in sorted order', () => {
    touch('b/z.yaml');
    touch('b/a.JSON');
    touch('a.yml');
    touch('c.txt');
    touch('b/deep/er/p.yaml');
    const { files } = listInputFiles([root]);
    expect(files.map((f) => path.relative(root, f))).toEqual(['a.yml', 'b/a.JSON', 'b/deep/er/p.yaml', 'b/z.yaml']);
  });

  it('takes a file argument as it is, whatever its extension, and several paths in order', () => {
    const text = touch('manifest.txt');
    const yaml = touch('dir/one.yaml');
    expect(listInputFiles([text, path.join(root, 'dir')]).files).toEqual([text, yaml]);
  });

  it('reports a folder without manifests and survives a symlink loop', () => {
    mkdirSync(path.join(root, 'empty'));
    touch('loop/x.yaml');
    symlinkSync(path.join(root, 'loop'), path.join(root, 'loop', 'self'));
    const result = listInputFiles([path.join(root, 'empty'), path.join(root, 'loop')]);
    expect(result.emptyFolders).toEqual([path.join(root, 'empty')]);
    expect(result.files).toEqual([path.join(root, 'loop', 'x.yaml')]);
  });

  it('fails with exit code 1 and the path for a missing path', () => {
    const missing = path.join(root, 'missing');
    expect(() => listInputFiles([missing])).toThrow(`${missing}: no such file or directory`);
  });
});

describe('diagnostic lines', () => {
  it('writes path: document N: field.path: message', () => {
    expect(
      diagnosticText({ severity: 'fatal', code: 'x', message: 'must be a number', file: 'a.yaml', document: 3, path: 'spec.ports[0].port' }),
    ).toBe('a.yaml: document 3: spec.ports[0].port: must be a number');
  });

  it('leaves out what the diagnostic does not know', () => {
    expect(diagnosticText({ severity: 'warning', code: 'x', message: 'm' })).toBe('m');
    expect(diagnosticText({ severity: 'warning', code: 'x', message: 'm', file: 'f.yaml', document: 0, item: 2 })).toBe(
      'f.yaml: document 0: item 2: m',
    );
  });

  it('does not repeat a location the message already starts with', () => {
    const message = 'a.yaml: document 2 (line 7): bad indentation';
    expect(diagnosticText({ severity: 'fatal', code: 'yaml.syntax', message, file: 'a.yaml', document: 2 })).toBe(message);
  });

  it('prefixes warnings, prints fatal ones as they are, and skips info', () => {
    expect(
      diagnosticLines([
        { severity: 'fatal', code: 'a', message: 'bad', file: 'f' },
        { severity: 'warning', code: 'b', message: 'odd', file: 'f' },
        { severity: 'info', code: 'c', message: 'fyi', file: 'f' },
      ]),
    ).toEqual(['f: bad\n', 'warning: f: odd\n']);
  });
});

describe('--port', () => {
  it('defaults to TCP and accepts a protocol in any case', () => {
    expect(parsePortArgument('80')).toEqual({ port: 80, protocol: 'TCP' });
    expect(parsePortArgument('53/udp')).toEqual({ port: 53, protocol: 'UDP' });
    expect(parsePortArgument('9000/SCTP')).toEqual({ port: 9000, protocol: 'SCTP' });
  });

  it('rejects names, out-of-range ports and unknown protocols', () => {
    for (const text of ['http', '0', '65536', '80/icmp', '80/', '/TCP', '-1']) expect(parsePortArgument(text)).toBeUndefined();
  });
});

describe('--focus', () => {
  const result: ConnectivityResult = {
    snapshot: 's',
    granularity: 'workload',
    options: { ...DEFAULT_OPTIONS },
    connections: [
      { src: { kind: 'Deployment', namespace: 'shop', name: 'web' }, dst: { kind: 'StatefulSet', namespace: 'shop', name: 'db' }, allPorts: true, ports: [] },
      { src: { kind: 'External', cidrs: ['0.0.0.0/0'] }, dst: { kind: 'Deployment', namespace: 'shop', name: 'web' }, allPorts: true, ports: [] },
      { src: { kind: 'Pod', namespace: 'ops', name: 'debug' }, dst: { kind: 'StatefulSet', namespace: 'shop', name: 'db' }, allPorts: true, ports: [] },
    ],
  };

  it('keeps the connections from or to the named workload', () => {
    const focused = focusResult(result, 'shop/web');
    expect(focused.matched).toBe(true);
    expect(focused.result.connections).toEqual(result.connections.slice(0, 2));
  });

  it('accepts the kind in the name', () => {
    expect(focusResult(result, 'ops/debug[Pod]').result.connections).toEqual([result.connections[2]]);
  });

  it('says when nothing matches', () => {
    const focused = focusResult(result, 'shop/nothing');
    expect(focused.matched).toBe(false);
    expect(focused.result.connections).toEqual([]);
  });
});

describe('progress', () => {
  function capture(isTTY: boolean, inputBytes: number, largeInputBytes?: number): string {
    let err = '';
    const p = progressFor({ stdout: () => undefined, stderr: (t) => (err += t), isTTY, largeInputBytes }, inputBytes);
    p.step('parsing');
    p.done();
    return err;
  }

  it('shows on a terminal for large input only', () => {
    expect(capture(true, 6 * 1024 * 1024)).toContain('parsing');
    expect(capture(true, 1024)).toBe('');
    expect(capture(false, 6 * 1024 * 1024)).toBe('');
    expect(capture(true, 10, 5)).toContain('parsing');
  });
});
