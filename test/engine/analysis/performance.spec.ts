// Performance targets (1,000 pods / 200 policies < 150 ms; 10,000 / 2,000 < 2 s on 2 cores).
// Jest with ts-jest and a shared machine are slower and noisier than `npm run bench`, so the
// bounds here are looser guards against a complexity regression, best of a few runs.

import { analyze, connectivity } from '../../../src/engine/analysis/index.js';
import { syntheticCluster } from './synthetic.js';

function bestOf(runs: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('analysis performance', () => {
  it('1,000 pods and 200 policies', () => {
    const snapshot = syntheticCluster(1000, 200);
    const ms = bestOf(3, () => analyze(snapshot));
    expect(ms).toBeLessThan(600);
  });

  it('10,000 pods and 2,000 policies, with workload connectivity', () => {
    const snapshot = syntheticCluster(10000, 2000);
    let connections = 0;
    const ms = bestOf(2, () => {
      connections = connectivity(analyze(snapshot), 'workload', 'bench').connections.length;
    });
    expect(connections).toBeGreaterThan(0);
    expect(ms).toBeLessThan(12000);
  });
});
