import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, connectivity, connectivityRules, connectivityRulesTxt, expandRules, parseDocuments, type Connection, type ConnectivityResult, type Granularity } from '../../../src/engine/index.js';
import { endpointText } from '../../../src/engine/render/endpoint-text.js';
import { snapshotArb } from '../property/snapshot-arbitrary.js';

// `--format rules`: grouped rules (source group => destination group : ports) whose expansion is
// exactly the connection list, on the examples and on random snapshots.

const GRANULARITIES: readonly Granularity[] = ['pod', 'workload', 'namespace'];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

function resultOf(folder: string, granularity: Granularity): ConnectivityResult {
  const parsed = parseDocuments(yamlFiles(join(process.cwd(), folder)).map((path) => ({ name: path, content: readFileSync(path, 'utf8') })));
  expect(parsed.fatal).toBe(false);
  return connectivity(analyze(parsed.snapshot), granularity, folder);
}

function pairKeys(connections: readonly Connection[], granularity: Granularity): string[] {
  return connections
    .map((c) => `${endpointText(c.src, granularity)} -> ${endpointText(c.dst, granularity)} : ${c.allPorts ? '*' : JSON.stringify(c.ports)}`)
    .sort();
}

function expectExactExpansion(result: ConnectivityResult): void {
  const rules = connectivityRules(result);
  const expanded = pairKeys(expandRules(rules), result.granularity);
  // Exactly the pairs: same multiset (so no pair twice, none missing, none added).
  expect(expanded).toEqual(pairKeys(result.connections, result.granularity));
  expect(rules.length).toBeLessThanOrEqual(result.connections.length);
}

describe('connectivity as grouped rules', () => {
  for (const folder of ['examples/shop-v1', 'examples/shop-v2', 'test/fixtures/cli/basic']) {
    for (const granularity of GRANULARITIES) {
      it(`expands to exactly the connections of ${folder} at ${granularity} granularity`, () => {
        expectExactExpansion(resultOf(folder, granularity));
      });
    }
  }

  it('groups sources that reach the same destinations on the same ports', () => {
    const result = resultOf('examples/shop-v1', 'workload');
    const rules = connectivityRules(result);
    expect(rules.length).toBeLessThan(result.connections.length);
    expect(rules.some((r) => r.from.length > 1 || r.to.length > 1)).toBe(true);
    const text = connectivityRulesTxt(result);
    expect(text.split('\n')[0]).toBe(`# ${rules.length} rules for ${result.connections.length} connections (workload granularity)`);
    expect(text).toContain(' => ');
  });

  it('expands to exactly the connections of random snapshots, at every granularity', () => {
    fc.assert(
      fc.property(snapshotArb, fc.constantFrom(...GRANULARITIES), (snapshot, granularity) => {
        expectExactExpansion(connectivity(analyze(snapshot), granularity, 'random'));
      }),
      { numRuns: 60 },
    );
  });

  it('says so when nothing is allowed', () => {
    const empty: ConnectivityResult = { ...resultOf('examples/shop-v1', 'pod'), connections: [] };
    expect(connectivityRules(empty)).toEqual([]);
    expect(connectivityRulesTxt(empty)).toBe('No Connections\n');
  });
});
