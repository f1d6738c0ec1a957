// A two-content question (a diff) loads its analyses one at a time; questions on other contents
// loading meanwhile must not push the first out before it is answered. With room for one analysis,
// the CI run's failure ("analysis of … is not loaded", the report's diff under a busy background
// precomputation) is certain; on both paths, inline (TypeScript sources) and on a worker thread.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCluster, toJsonList } from '../../bench/generate.js';
import { ExplainPool } from '../../src/modules/analysis/explain-pool.js';
import { projectRoot } from '../../src/project-root.js';

const THREAD = join(projectRoot(), 'dist', 'src', 'modules', 'analysis', 'explain.thread.js');
const contents = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
const rawJson = toJsonList(generateCluster({ pods: 40, policies: 10, namespaces: 3, seed: 3 }));
const diffOf = (a: string, b: string) => ({
  kind: 'pair' as const,
  contents: [a, b] as [string, string],
  question: 'diff' as const,
  args: { granularity: 'workload', from: { objects: [], side: { snapshot: a } }, to: { objects: [], side: { snapshot: b } } },
});

describe.each([
  ['inline', pathToFileURL(join(projectRoot(), 'no-such-thread.js'))],
  ['on a worker thread', pathToFileURL(THREAD)],
])('ExplainPool %s, keeping one analysis', (_, threadFile) => {
  let pool: ExplainPool;
  const loaded: string[] = [];

  beforeAll(() => {
    if (threadFile.pathname.endsWith('explain.thread.js') && !existsSync(THREAD)) throw new Error(`${THREAD} is missing: build first (npx tsc -p tsconfig.build.json)`);
    pool = new ExplainPool({
      threads: 1,
      capacity: 1,
      threadFile,
      // Loads finish out of order: later contents come back sooner.
      loadContent: async (contentId) => {
        loaded.push(contentId);
        await new Promise((r) => setTimeout(r, 5 * (contents.length - contents.indexOf(contentId))));
        return { rawJson, request: {} };
      },
    });
  });
  afterAll(async () => pool.close());

  it('answers every concurrent diff although each load pushes the previous analysis out', async () => {
    const asked = contents.slice(1).map((c, i) => pool.ask(diffOf(contents[i]!, c)));
    const answers = (await Promise.all(asked)) as { from: string; to: string; changes: unknown[] }[];
    expect(answers.map((a) => [a.from, a.to])).toEqual(contents.slice(1).map((c, i) => [contents[i], c]));
    for (const a of answers) expect(a.changes).toEqual([]);
    // Every content was needed, and with room for one, some were loaded more than once.
    expect(new Set(loaded)).toEqual(new Set(contents));
    expect(loaded.length).toBeGreaterThan(contents.length);
  });
});
