// The conformance specs must fail loudly, not pass silently, when the shared data is missing.

import { conformanceDataProblem, conformanceRoot, resolveDiffInput } from '../support/engine/conformance-data.js';

describe('conformance data location', () => {
  it('is ../shared/conformance relative to the project root', () => {
    expect(conformanceRoot()).toBe(`${process.cwd().replace(/\/[^/]+$/, '')}/shared/conformance`);
  });

  it('reports a missing folder with its path instead of finding no cases', () => {
    expect(conformanceDataProblem('cases/no-such-source')).toMatch(/conformance data folder .*cases\/no-such-source is missing/);
  });

  it('reports a missing diff input instead of skipping the case', () => {
    expect(() => resolveDiffInput(conformanceRoot(), 'diffs/inputs/none/resources.yaml')).toThrow(/not found/);
  });
});
