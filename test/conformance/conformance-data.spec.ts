// The conformance specs must fail loudly, not pass silently, when the data is missing, and the data
// must live inside the repository: a user's fresh clone has nothing beside it.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { caseFolder, caseNames, conformanceDataProblem, conformanceRoot, diffCaseNames, resolveDiffInput } from '../support/engine/conformance-data.js';

describe('conformance data location', () => {
  it('is test/conformance/data inside the repository', () => {
    expect(conformanceRoot()).toBe(path.resolve('test/conformance/data'));
  });

  it('holds every case with its provenance, and the licence notes', () => {
    expect(caseNames('k8s-e2e').length).toBeGreaterThanOrEqual(19);
    expect(caseNames('np-guard').length).toBeGreaterThanOrEqual(46);
    expect(diffCaseNames().length).toBeGreaterThanOrEqual(16);
    for (const source of ['k8s-e2e', 'np-guard'] as const) {
      for (const name of caseNames(source)) expect(existsSync(path.join(caseFolder(source, name), 'provenance.json'))).toBe(true);
    }
    expect(existsSync(path.join(conformanceRoot(), 'README.md'))).toBe(true);
  });

  it('reports a missing folder with its path instead of finding no cases', () => {
    expect(conformanceDataProblem('cases/no-such-source')).toMatch(/conformance data folder .*cases\/no-such-source is missing/);
  });

  it('reports a missing diff input instead of skipping the case', () => {
    expect(() => resolveDiffInput(conformanceRoot(), 'diffs/inputs/none/resources.yaml')).toThrow(/not found/);
  });
});
