// np-guard/netpol-analyzer golden semantic diffs (test/conformance/data/diffs/np-guard): both
// inputs go through parse → analyze → workload connectivity, then diffAnalyses; every change
// (type, before, after, workload note) must match, external addresses compared per IPv4 atom
// (np-guard models IPv4 only and splits ranges at every CIDR boundary; we report maximal blocks).
// Overrides (./overrides/<case>.json) work as for the connectivity lists (see np-guard.spec.ts).
// Each change must also name a cause that is found (not `unknown`).

import path from 'node:path';
import { type Analysis, type ParseResult, analyze, diffAnalyses, endpointText } from '../../src/engine/index.js';
import {
  CHANGE_VALUE,
  engineDiffRows,
  fatalDiagnostics,
  npGuardDiffRows,
  parseFiles,
} from '../support/engine/conformance-compare.js';
import {
  type NpGuardDiffCase,
  conformanceDataProblem,
  diffCaseFolder,
  diffCaseNames,
  readJson,
  resolveDiffInput,
} from '../support/engine/conformance-data.js';
import { compareRows, firstLines } from '../support/engine/np-guard-format.js';
import { asPodNetwork, failedChecks, patchExpected, readOverride } from '../support/engine/overrides.js';

type Input = 'before' | 'after';

function expectNoMismatches(name: string, what: string, lines: string[]): void {
  const report = (found: string[]): object => ({ case: name, what, mismatches: firstLines(found), count: found.length });
  expect(report(lines)).toEqual(report([]));
}

describe('np-guard diff conformance', () => {
  it('finds the conformance data', () => {
    expect(conformanceDataProblem(path.join('diffs', 'np-guard'))).toBeNull();
  });

  const names = diffCaseNames();
  if (names.length === 0) return;

  describe.each(names)('%s', (name) => {
    const folder = diffCaseFolder(name);
    const spec = readJson<NpGuardDiffCase>(path.join(folder, 'diff.json'));
    const override = readOverride(name);
    const parsedInputs = new Map<Input, ParseResult>();
    const parsed = (input: Input): ParseResult => {
      let result = parsedInputs.get(input);
      if (!result) {
        result = parseFiles([resolveDiffInput(folder, spec[input])]);
        expect({ case: name, input, fatal: fatalDiagnostics(result) }).toEqual({ case: name, input, fatal: [] });
        parsedInputs.set(input, result);
      }
      return result;
    };

    it(`reports the same changes as np-guard${override ? ' (with override)' : ' (IPv4)'}`, () => {
      const translate = override?.hostNetworkAsPodNetwork ? asPodNetwork : <T>(snapshot: T): T => snapshot;
      const before = parsed('before');
      const after = parsed('after');
      const diff = diffAnalyses(
        { analysis: analyze(translate(before.snapshot)), objects: before.objects, side: { snapshot: 'before' } },
        { analysis: analyze(translate(after.snapshot)), objects: after.objects, side: { snapshot: 'after' } },
        'workload',
      );
      const expected = patchExpected(spec.expected.entries, override);
      const lines = compareRows(npGuardDiffRows(expected), engineDiffRows(diff), CHANGE_VALUE, {
        families: override?.families ?? [4],
      });
      expectNoMismatches(name, 'diff', lines);
      // Past MAX_EXPLAINED_CHANGES a change carries no causes; every explained one has a known cause.
      expect(diff.changes.filter((c) => (c.causes ?? []).length === 0)).toHaveLength(diff.unexplainedChanges);
      const unexplained = diff.changes
        .filter((c) => c.causes?.some((cause) => cause.kind === 'unknown'))
        .map((c) => `${c.type} ${endpointText(c.src, 'workload')} => ${endpointText(c.dst, 'workload')}`);
      expectNoMismatches(name, 'causes', unexplained);
    });

    if (override?.checks?.length || override?.diagnosticCodes?.length) {
      it('answers the override checks by our own model', () => {
        const analyses = new Map<Input, Analysis>();
        const analysisOf = (input: Input): Analysis => {
          if (!analyses.has(input)) analyses.set(input, analyze(parsed(input).snapshot));
          return analyses.get(input)!;
        };
        const missingCodes = (override.diagnosticCodes ?? []).flatMap(({ input = 'after', codes }) => {
          const reported = new Set([...parsed(input).diagnostics, ...analysisOf(input).diagnostics].map((d) => d.code));
          return codes.filter((code) => !reported.has(code)).map((code) => `${input}: diagnostic ${code} not reported`);
        });
        expectNoMismatches(name, 'override checks', [...missingCodes, ...failedChecks(override.checks ?? [], analysisOf)]);
      });
    }
  });
});
