// np-guard/netpol-analyzer golden connectivity lists (see test/conformance/data/README.md),
// compared at workload granularity with default options (ipBlocks never match pod IPs, as there).
//
// Translation, not imitation: names are compared as `ns/name[Kind]`; external addresses per
// address atom (their ranges are split at every CIDR boundary, ours are maximal blocks); conns as
// port sets. np-guard models IPv4 only, so by default only the IPv4 address space is compared.
// Where our model legitimately differs (IPv6, ANP `nodes` peers, hostNetwork pods, Kubernetes
// rules np-guard relaxes) the case has ./overrides/<case>.json: a reason, a patch of the upstream
// list, and checks pinning our own answers (see test/support/engine/overrides.ts).

import path from 'node:path';
import { type Analysis, type ParseResult, PortSet, analyze, connectivity, podConnections } from '../../src/engine/index.js';
import { atomsOf, cidrRange, formatRange, parseRangeText, rangeCovers } from '../support/engine/address-ranges.js';
import {
  PORT_SET_VALUE,
  connectionPorts,
  engineRows,
  fatalDiagnostics,
  npGuardRows,
  parseFiles,
} from '../support/engine/conformance-compare.js';
import {
  type NpGuardEdge,
  type NpGuardExpectation,
  type Provenance,
  caseFolder,
  caseNames,
  conformanceDataProblem,
  readJson,
} from '../support/engine/conformance-data.js';
import { compareRows, firstLines, podText } from '../support/engine/np-guard-format.js';
import { asPodNetwork, failedChecks, patchExpected, readOverride } from '../support/engine/overrides.js';

const SOURCE = 'np-guard';

function expectNoMismatches(name: string, what: string, lines: string[]): void {
  const report = (found: string[]): object => ({ case: name, what, mismatches: firstLines(found), count: found.length });
  expect(report(lines)).toEqual(report([]));
}

function podRef(text: string): { namespace: string; name: string } {
  const [namespace, name] = text.split('/');
  return { namespace: namespace!, name: name! };
}

/** np-guard eval peers are `ns/pod` or an address / CIDR. */
function isAddress(text: string): boolean {
  return /^[0-9.]+(\/\d+)?$/.test(text) || /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(\/\d+)?$/.test(text);
}

/**
 * One eval check: pod to pod through podConnections; from an address or CIDR (np-guard's IP
 * peers) every IPv4 atom of it must have exactly the expected connections towards the pod.
 */
function evalCheckMismatch(analysis: Analysis, caseName: string, check: NpGuardEdge): string | null {
  const expected = PortSet.parse(check.conn);
  if (!isAddress(check.src) && !isAddress(check.dst)) {
    const actual = podConnections(analysis, podRef(check.src), podRef(check.dst));
    return actual.equals(expected) ? null : `${check.src} => ${check.dst}: expected "${expected}", engine "${actual}"`;
  }
  const addressIsSource = isAddress(check.src);
  const queried = parseRangeText(addressIsSource ? check.src : check.dst);
  const pod = addressIsSource ? check.dst : check.src;
  const blocks = connectivity(analysis, 'pod', caseName).connections.flatMap((connection) => {
    const external = addressIsSource ? connection.src : connection.dst;
    const other = podText(addressIsSource ? connection.dst : connection.src);
    if (external.kind !== 'External' || other !== pod) return [];
    const ports = connectionPorts(connection);
    return (external as { cidrs: string[] }).cidrs.map((cidr) => ({ range: cidrRange(cidr), ports }));
  });
  const atoms = atomsOf([queried, ...blocks.map((b) => b.range)]).filter((atom) => rangeCovers(queried, atom));
  const wrong = atoms.filter((atom) => {
    const ports = blocks.find((b) => rangeCovers(b.range, atom))?.ports ?? PortSet.EMPTY;
    return !ports.equals(expected);
  });
  return wrong.length === 0
    ? null
    : `${check.src} => ${check.dst}: expected "${expected}" for every address, engine differs on ${wrong.map(formatRange).join(', ')}`;
}

describe('np-guard conformance', () => {
  it('finds the conformance data', () => {
    expect(conformanceDataProblem(path.join('cases', SOURCE))).toBeNull();
  });

  const names = caseNames(SOURCE);
  if (names.length === 0) return;

  describe.each(names)('%s', (name) => {
    const folder = caseFolder(SOURCE, name);
    const expectation = readJson<NpGuardExpectation>(path.join(folder, 'expected.json'));
    const provenance = readJson<Provenance>(path.join(folder, 'provenance.json'));
    const override = readOverride(name);
    let parsedResult: ParseResult | null = null;
    const parsed = (): ParseResult => {
      if (!parsedResult) {
        parsedResult = parseFiles([path.join(folder, 'resources.yaml')]);
        expect({ case: name, fatal: fatalDiagnostics(parsedResult) }).toEqual({ case: name, fatal: [] });
      }
      return parsedResult;
    };
    const cache = new Map<string, Analysis>();
    /** `real`: the snapshot as given; `compared`: under np-guard's model where the override says so. */
    const analysis = (which: 'real' | 'compared'): Analysis => {
      const key = which === 'compared' && override?.hostNetworkAsPodNetwork ? 'pod-network' : 'real';
      let cached = cache.get(key);
      if (!cached) {
        const snapshot = parsed().snapshot;
        cached = analyze(key === 'pod-network' ? asPodNetwork(snapshot) : snapshot);
        cache.set(key, cached);
      }
      return cached;
    };

    const scope = override ? ' (with override)' : ' (IPv4)';
    it(`lists the same workload connections as np-guard${scope}`, () => {
      const result = connectivity(analysis('compared'), 'workload', name);
      const expected = patchExpected(expectation.edges, override);
      const lines = compareRows(npGuardRows(expected), engineRows(result), PORT_SET_VALUE, {
        families: override?.families ?? [4],
      });
      expectNoMismatches(name, 'workload connectivity', lines);
    });

    if ((provenance.tags ?? []).includes('np-guard-limitation')) {
      it('has an override explaining where our richer model differs (np-guard-limitation)', () => {
        expect({ case: name, reason: override?.reason ?? null }).toEqual({ case: name, reason: expect.stringMatching(/^.{40,}$/s) });
      });
    }

    if (override?.checks?.length || override?.diagnosticCodes?.length) {
      it('answers the override checks by our own model', () => {
        const reported = new Set([...parsed().diagnostics, ...analysis('real').diagnostics].map((d) => d.code));
        const missingCodes = (override.diagnosticCodes ?? [])
          .flatMap(({ codes }) => codes)
          .filter((code) => !reported.has(code))
          .map((code) => `diagnostic ${code} not reported`);
        expectNoMismatches(name, 'override checks', [...missingCodes, ...failedChecks(override.checks ?? [], () => analysis('real'))]);
      });
    }

    const checks = expectation.eval_checks ?? [];
    if (checks.length > 0) {
      it.each(checks.map((check) => [`${check.src} => ${check.dst}: ${check.conn}`, check] as const))(
        'eval check %s',
        (_label, check) => {
          expect({ case: name, mismatch: evalCheckMismatch(analysis('compared'), name, check) }).toEqual({
            case: name,
            mismatch: null,
          });
        },
      );
    }
  });
});
