// Explain-type questions never block the event loop: the ExplainPool rebuilds a 5,000-pod
// analysis on a worker thread while this thread keeps answering HTTP requests. Measured with
// perf_hooks.monitorEventLoopDelay; the bound is generous (the same rebuild inline blocks the loop
// for seconds), and the order of events is asserted, not their timing.
//
// Needs the compiled thread (`npx tsc -p tsconfig.build.json`), as the e2e tests need the build.

import { existsSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { generateCluster, toJsonList } from '../../bench/generate.js';
import { ExplainPool } from '../../src/modules/analysis/explain-pool.js';
import { projectRoot } from '../../src/project-root.js';

const THREAD = join(projectRoot(), 'dist', 'src', 'modules', 'analysis', 'explain.thread.js');

function health(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/health' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe('ExplainPool', () => {
  const cluster = generateCluster({ pods: 5000, policies: 1000, namespaces: 50, seed: 7 });
  const rawJson = toJsonList(cluster);
  const pods = cluster.objects.filter((o) => o.kind === 'Pod');
  const from = `${pods[0]!.metadata.namespace}/${pods[0]!.metadata.name}`;
  const to = `${pods[1]!.metadata.namespace}/${pods[1]!.metadata.name}`;
  let server: Server;
  let port: number;
  let pool: ExplainPool;
  let loads = 0;

  beforeAll(async () => {
    if (!existsSync(THREAD)) throw new Error(`${THREAD} is missing: build first (npx tsc -p tsconfig.build.json)`);
    server = createServer((_, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    pool = new ExplainPool({
      threads: 1,
      threadFile: pathToFileURL(THREAD),
      loadContent: async () => {
        loads++;
        return { rawJson, request: {} };
      },
    });
  });
  afterAll(async () => {
    await pool.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('rebuilds an analysis on a worker thread while the event loop keeps serving requests', async () => {
    expect(pool.threaded).toBe(true);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let answered = false;
    const answer = pool.ask({ kind: 'snapshot', contents: ['content-a'], question: 'canReach', args: { from, to, port: 80, protocol: 'TCP' } }).then((a) => {
      answered = true;
      return a;
    });
    // Health checks answered while the analysis is still being rebuilt.
    const duringRebuild: boolean[] = [];
    while (!answered) {
      expect(await health(port)).toBe(200);
      duringRebuild.push(!answered);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    delay.disable();
    const result = (await answer) as { allowed?: boolean; error?: string };
    expect(typeof result.allowed).toBe('boolean');
    expect(duringRebuild.filter(Boolean).length).toBeGreaterThan(3);
    // The longest pause of this thread's loop: far below the rebuild (seconds) when it is off the loop.
    expect(delay.max / 1e6).toBeLessThan(750);
  });

  it('keeps the analysis: a second question on the same content loads nothing', async () => {
    const before = loads;
    const result = (await pool.ask({ kind: 'snapshot', contents: ['content-a'], question: 'canReach', args: { from: to, to: from, port: 443, protocol: 'TCP' } })) as { allowed?: boolean };
    expect(typeof result.allowed).toBe('boolean');
    expect(loads).toBe(before);
  });

  it('answers a two-content question (a diff) with both analyses on the thread', async () => {
    const diff = (await pool.ask({
      kind: 'pair',
      contents: ['content-a', 'content-b'],
      question: 'diff',
      args: { granularity: 'workload', from: { objects: [], side: { snapshot: 'a' } }, to: { objects: [], side: { snapshot: 'b' } } },
    })) as { changes: unknown[]; from: string; to: string };
    expect(diff).toMatchObject({ from: 'a', to: 'b', changes: [] });
  });
});
