// `analyze --format json` is written in pieces; the text must be exactly the JSON renderer's.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze, connectivity, parseDocuments, renderConnectivity } from '../../src/engine/index.js';
import { connectivityJsonChunks } from '../../src/cli/json-stream.js';
import { listInputFiles, readDocuments } from '../../src/cli/read-inputs.js';
import { FIXTURES, run } from './run.js';

const FOLDERS = [`${FIXTURES}/basic`, `${FIXTURES}/changed`];
const GRANULARITIES = ['pod', 'workload', 'namespace'] as const;

function resultFor(folder: string, granularity: (typeof GRANULARITIES)[number]) {
  const snapshot = parseDocuments(readDocuments(listInputFiles([folder]).files)).snapshot;
  return connectivity(analyze(snapshot), granularity, folder);
}

describe('JSON written in pieces', () => {
  it.each(FOLDERS.flatMap((folder) => GRANULARITIES.map((granularity) => [folder, granularity] as const)))(
    'equals the renderer for %s at %s granularity, in small pieces',
    (folder, granularity) => {
      const result = resultFor(folder, granularity);
      expect(result.connections.length).toBeGreaterThan(1);
      const pieces = [...connectivityJsonChunks(result, 64)];
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.join('')).toBe(renderConnectivity(result, 'json'));
    },
  );

  it('equals the renderer for a result without connections', () => {
    const result = { ...resultFor(FOLDERS[0], 'pod'), connections: [] };
    expect([...connectivityJsonChunks(result, 64)].join('')).toBe(renderConnectivity(result, 'json'));
  });

  it('writes the same text to -o FILE, and fails with exit 1 where the file cannot be written', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'policyscope-json-'));
    try {
      const file = path.join(folder, 'out.json');
      const r = await run(['analyze', '--format', 'json', '--granularity', 'pod', '-o', file, FOLDERS[0]]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(readFileSync(file, 'utf8')).toBe(renderConnectivity(resultFor(FOLDERS[0], 'pod'), 'json'));
      const bad = await run(['analyze', '--format', 'json', '-o', folder, FOLDERS[0]]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(folder);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('is what analyze --format json prints', async () => {
    const r = await run(['analyze', '--format', 'json', '--granularity', 'pod', FOLDERS[0]]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(renderConnectivity(resultFor(FOLDERS[0], 'pod'), 'json'));
  });
});
