// Kubernetes NetworkPolicy e2e conformance cases (see test/conformance/data/README.md): for every
// probe and every ordered pair of distinct pods, the engine must allow exactly the listed tuples.

import path from 'node:path';
import { analyze, connectivity } from '../../src/engine/index.js';
import {
  type PodTruthTable,
  type Provenance,
  caseFolder,
  caseNames,
  conformanceDataProblem,
  readJson,
} from '../support/engine/conformance-data.js';
import { fatalDiagnostics, parseFiles, truthTableMismatches } from '../support/engine/conformance-compare.js';
import { firstLines } from '../support/engine/np-guard-format.js';

const SOURCE = 'k8s-e2e';

/** Cases whose expectations only hold when ipBlocks match pod IPs (the e2e suite runs on such CNIs). */
function needsIpBlockMatchingPods(provenance: Provenance): boolean {
  return provenance.depends_on_pod_ips === true || (provenance.tags ?? []).includes('ipblock-pod-ip');
}

describe('k8s-e2e conformance', () => {
  it('finds the conformance data', () => {
    expect(conformanceDataProblem(path.join('cases', SOURCE))).toBeNull();
  });

  const names = caseNames(SOURCE);
  if (names.length === 0) return;

  describe.each(names)('%s', (name) => {
    it('allows exactly the expected pod pairs per probe', () => {
      const folder = caseFolder(SOURCE, name);
      const table = readJson<PodTruthTable>(path.join(folder, 'expected.json'));
      const provenance = readJson<Provenance>(path.join(folder, 'provenance.json'));
      const parsed = parseFiles([path.join(folder, 'resources.yaml')]);
      expect({ case: name, fatal: fatalDiagnostics(parsed) }).toEqual({ case: name, fatal: [] });

      const analysis = analyze(parsed.snapshot, { ipBlockMatchesPods: needsIpBlockMatchingPods(provenance) });
      const result = connectivity(analysis, 'pod', name);
      const mismatches = truthTableMismatches(result, table);
      expect({ case: name, mismatches: firstLines(mismatches), count: mismatches.length }).toEqual({
        case: name,
        mismatches: [],
        count: 0,
      });
    });
  });
});
