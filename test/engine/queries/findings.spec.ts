// Each finding rule against a fixture (test/fixtures/findings/<case>.yaml) holding cases where the
// rule must fire and near misses where it must not; <case>.expected.json lists exactly the findings
// of the codes the case is about, in the engine's order.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, parseDocuments } from '../../../src/engine/index.js';
import { countFindings, FINDING_RULES, FINDING_SEVERITIES, findings, findingsAtOrAbove, type Finding } from '../../../src/engine/queries/findings.js';

const DIR = join(process.cwd(), 'test', 'fixtures', 'findings');
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();

interface Expected {
  codes: string[];
  findings: Pick<Finding, 'severity' | 'code' | 'objects'>[];
}

function findingsOf(name: string): Finding[] {
  const parsed = parseDocuments([{ name: `${name}.yaml`, content: readFileSync(join(DIR, `${name}.yaml`), 'utf8') }]);
  expect(parsed.diagnostics.filter((d) => d.severity === 'fatal')).toEqual([]);
  return findings(analyze(parsed.snapshot));
}

describe('findings', () => {
  it.each(CASES)('%s', (name) => {
    const expected = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as Expected;
    for (const code of expected.codes) expect(Object.keys(FINDING_RULES)).toContain(code);
    const all = findingsOf(name);
    const got = all.filter((f) => expected.codes.includes(f.code));
    expect(got.map(({ severity, code, objects }) => ({ severity, code, objects }))).toEqual(expected.findings);
    for (const f of all) {
      expect(f.message).toMatch(/^\S.*\S$/);
      expect(f.message).not.toContain('\n');
    }
  });

  it('every rule has a fixture where it fires', () => {
    const fired = new Set(CASES.flatMap((name) => findingsOf(name).map((f) => f.code)));
    expect([...fired].filter((c) => c in FINDING_RULES).sort()).toEqual(Object.keys(FINDING_RULES).sort());
  });

  it('orders by severity, most severe first', () => {
    const ranks = findingsOf('overly-broad').map((f) => FINDING_SEVERITIES.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('filters at or above a threshold and counts per severity', () => {
    const list = findingsOf('overly-broad');
    expect(findingsAtOrAbove(list, 'high').map((f) => f.severity)).toEqual(['high']);
    expect(findingsAtOrAbove(list, 'info')).toHaveLength(list.length);
    const counts = countFindings(list);
    expect(Object.keys(counts)).toEqual([...FINDING_SEVERITIES]);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(list.length);
    expect(counts.high).toBe(1);
  });

  it('a not-enforcing plugin set by option is critical too, and enforced mode drops it', () => {
    const content = readFileSync(join(DIR, 'not-enforcing.yaml'), 'utf8');
    const snapshot = parseDocuments([{ name: 'x.yaml', content }]).snapshot;
    expect(findings(analyze(snapshot, { enforcement: 'enforced' })).some((f) => f.code === 'network-plugin.not-enforcing')).toBe(false);
    const calico = parseDocuments([{ name: 'y.yaml', content: readFileSync(join(DIR, 'enforcing-plugin.yaml'), 'utf8') }]).snapshot;
    const forced = findings(analyze(calico, { enforcement: 'not-enforced' })).filter((f) => f.code === 'network-plugin.not-enforcing');
    expect(forced).toHaveLength(1);
    expect(forced[0]!.message).toContain('not-enforced');
  });
});
