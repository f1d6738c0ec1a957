// Analysis threads are kept between jobs (starting one per job compiled the engine again each
// time), end after a large input or when idle, and a failing job fails alone. On the compiled
// thread, as the service runs it: needs `npx tsc -p tsconfig.build.json` (the e2e tests need it too).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCluster, toJsonList } from '../../bench/generate.js';
import { computeAnalysis } from '../../src/modules/analysis/analysis-computation.js';
import { AnalysisThreads } from '../../src/modules/analysis/analysis-threads.js';
import { projectRoot } from '../../src/project-root.js';

const THREAD = join(projectRoot(), 'dist', 'src', 'modules', 'analysis', 'analysis.thread.js');
const small = toJsonList(generateCluster({ pods: 60, policies: 12, namespaces: 3, seed: 5 }));
const other = toJsonList(generateCluster({ pods: 80, policies: 16, namespaces: 4, seed: 6 }));

describe('AnalysisThreads', () => {
  beforeAll(() => {
    if (!existsSync(THREAD)) throw new Error(`${THREAD} is missing: build first (npx tsc -p tsconfig.build.json)`);
  });

  it('runs jobs one after another on one kept thread, with the same results as inline', async () => {
    const threads = new AnalysisThreads(pathToFileURL(THREAD));
    try {
      const first = await threads.run('c1', small, {});
      const second = await threads.run('c2', other, {});
      expect(threads.started).toBe(1);
      const { analyzeMs: _a, ...threaded } = first;
      const { analyzeMs: _b, ...inline } = computeAnalysis('c1', small, {});
      // Every metric but the analysis's own time.
      const timeless = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'analysis_ms'));
      expect(timeless(threaded.metrics)).toEqual(timeless(inline.metrics));
      expect(threaded.findings).toEqual(inline.findings);
      expect(Buffer.from(threaded.stored).equals(Buffer.from(inline.stored))).toBe(true);
      expect(timeless(second.metrics)).toEqual(timeless(computeAnalysis('c2', other, {}).metrics));
    } finally {
      await threads.close();
    }
  });

  it('starts a thread per concurrent job, and keeps them for the next ones', async () => {
    const threads = new AnalysisThreads(pathToFileURL(THREAD));
    try {
      await Promise.all([threads.run('a', small, {}), threads.run('b', other, {})]);
      expect(threads.started).toBe(2);
      await Promise.all([threads.run('a', small, {}), threads.run('b', other, {})]);
      expect(threads.started).toBe(2);
    } finally {
      await threads.close();
    }
  });

  it('ends a thread after an input above the recycling size, and an idle one after its time', async () => {
    const threads = new AnalysisThreads(pathToFileURL(THREAD), { recycleAboveChars: small.length, idleMs: 200 });
    try {
      await threads.run('small', small, {});
      await threads.run('small', small, {});
      expect(threads.started).toBe(1);
      await threads.run('large', other, {}); // above the size: this thread ends after it
      await threads.run('small', small, {});
      expect(threads.started).toBe(2);
      await new Promise((r) => setTimeout(r, 400)); // idle past idleMs: ended
      await threads.run('small', small, {});
      expect(threads.started).toBe(3);
    } finally {
      await threads.close();
    }
  });

  it('fails a job whose input does not parse, and keeps serving the next', async () => {
    const threads = new AnalysisThreads(pathToFileURL(THREAD));
    try {
      await expect(threads.run('broken', '[{"kind": ', {})).rejects.toThrow(/no longer parse/);
      await expect(threads.run('fine', small, {})).resolves.toMatchObject({ metrics: expect.any(Object) });
      expect(threads.started).toBe(1);
    } finally {
      await threads.close();
    }
  });
});
