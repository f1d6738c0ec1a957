// `analyze --format stats`: the counts must agree with the pairs the list formats print, at pod
// and workload level and per protocol, on the CLI fixtures.

import { parseDocuments } from '../../src/engine/index.js';
import { listInputFiles, readDocuments } from '../../src/cli/read-inputs.js';
import { FIXTURES, run } from './run.js';

const BASIC = `${FIXTURES}/basic`;
const CHANGED = `${FIXTURES}/changed`;

interface Row {
  src: { kind: string };
  dst: { kind: string };
  allPorts: boolean;
  ports: { protocol: string }[];
}

/** The counts a stats report should hold, from the JSON list (pairs between cluster endpoints only). */
function countsFromList(rows: Row[]): Record<string, number> {
  const between = rows.filter((r) => r.src.kind !== 'External' && r.dst.kind !== 'External' && r.src.kind !== 'IngressController');
  const withProtocol = (protocol: string) => between.filter((r) => r.allPorts || r.ports.some((p) => p.protocol === protocol)).length;
  return {
    any: between.length,
    TCP: withProtocol('TCP'),
    UDP: withProtocol('UDP'),
    SCTP: withProtocol('SCTP'),
    allPorts: between.filter((r) => r.allPorts).length,
  };
}

describe('policyscope analyze --format stats', () => {
  it.each([BASIC, CHANGED])('counts the pairs the pod and workload lists hold (%s)', async (fixture) => {
    const stats = await run(['analyze', '--format', 'stats', fixture]);
    expect(stats.code).toBe(0);
    const report = JSON.parse(stats.stdout);
    for (const granularity of ['pod', 'workload'] as const) {
      const list = await run(['analyze', '--format', 'json', '--granularity', granularity, fixture]);
      const counts = countsFromList(JSON.parse(list.stdout).connections);
      expect(counts.any).toBeGreaterThan(0);
      expect(report[`${granularity}Pairs`]).toEqual(counts);
    }
  });

  it('reports sizes, isolation shares and a timing per phase', async () => {
    const r = await run(['analyze', '--format', 'stats', BASIC]);
    const report = JSON.parse(r.stdout);
    const snapshot = parseDocuments(readDocuments(listInputFiles([BASIC]).files)).snapshot;
    expect(report.snapshot).toBe(BASIC);
    expect(report.pods).toBe(snapshot.pods.length);
    expect(report.networkPolicies).toBe(snapshot.networkPolicies.length);
    expect(report.classes).toBeGreaterThan(0);
    expect(report.classes).toBeLessThanOrEqual(report.pods);
    // y/c alone is isolated for ingress, by y's default deny.
    expect(report.isolation.ingressIsolatedPodShare).toBeCloseTo(1 / report.pods);
    expect(report.isolation.egressIsolatedPodShare).toBe(0);
    for (const phase of ['readAndParse', 'compile', 'classes', 'selectors', 'egress', 'ingress', 'pairs', 'stats', 'total']) {
      expect(report.timingsMs[phase]).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses --focus, which only filters lists', async () => {
    const r = await run(['analyze', '--format', 'stats', '--focus', 'x/a', BASIC]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--focus');
  });
});
