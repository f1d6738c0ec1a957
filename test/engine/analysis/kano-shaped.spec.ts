// On workloads of Kano's shape (bench/generate.ts `generateKanoShaped`, fixed seeds: random
// labels from a small alphabet, one namespace, policies isolating a random label set in both
// directions), the engine's pod matrix equals the reference evaluator's pair for pair, and the
// stats report counts the same allowed pairs. Without ports such workloads take the class-bits
// path; with ports on some rules, the port-set matrix: both are pinned to the plain definition.

import { PortSet, analysisStats, analyze, connectivity, parseDocuments, podConnections, type Protocol } from '../../../src/engine/index.js';
import { stateOf } from '../../../src/engine/analysis/state.js';
import { generateKanoShaped, toJsonList, type KubeObject } from '../../../bench/generate.js';
import { referenceAllowed } from '../../support/engine/reference-evaluator.js';

const PROBES: { protocol: Protocol; port: number }[] = [
  { protocol: 'TCP', port: 80 },
  { protocol: 'TCP', port: 443 },
  { protocol: 'UDP', port: 53 },
  { protocol: 'SCTP', port: 9999 },
];

/** Every third policy's rule allows TCP 80 only. */
function withPortsOnSomeRules(objects: KubeObject[]): KubeObject[] {
  let policy = 0;
  return objects.map((object) => {
    if (object.kind !== 'NetworkPolicy' || policy++ % 3 !== 0) return object;
    const spec = { ...(object.spec as Record<string, Array<Record<string, unknown>> | undefined>) };
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = spec[direction];
      if (rules !== undefined) spec[direction] = rules.map((rule) => ({ ...rule, ports: [{ protocol: 'TCP', port: 80 }] }));
    }
    return { ...object, spec };
  });
}

describe.each([
  { pods: 300, policies: 12, seed: 2020, ports: false, form: 'bits' },
  { pods: 250, policies: 40, seed: 7, ports: false, form: 'bits' },
  { pods: 150, policies: 30, seed: 11, ports: true, form: 'ids' },
])('Kano-shaped workload ($pods pods, $policies policies, seed $seed, ports on some rules: $ports)', (params) => {
  const cluster = generateKanoShaped(params);
  const objects = params.ports ? withPortsOnSomeRules(cluster.objects) : cluster.objects;
  const parsed = parseDocuments([{ name: 'kano-shaped.json', content: toJsonList({ ...cluster, objects }) }]);
  const snapshot = parsed.snapshot;
  const analysis = analyze(snapshot);

  it('parses without errors into the requested sizes, and takes the expected path', () => {
    expect(parsed.fatal).toBe(false);
    expect(snapshot.pods).toHaveLength(params.pods);
    expect(snapshot.networkPolicies).toHaveLength(params.policies);
    expect(stateOf(analysis).parts.pairs.form).toBe(params.form);
  });

  it('has the pod matrix of the reference evaluator, pair for pair', () => {
    const listed = new Map(
      connectivity(analysis, 'pod', 'kano')
        .connections.filter((c) => c.src.kind === 'Pod' && c.dst.kind === 'Pod')
        .map((c) => [`${(c.src as { name: string }).name} ${(c.dst as { name: string }).name}`, c]),
    );
    const mismatches: string[] = [];
    let allowed = 0;
    let allowedEverywhere = 0;
    for (const src of snapshot.pods) {
      for (const dst of snapshot.pods) {
        if (src === dst) continue;
        // Without ports the reference gives one answer for every port: one call per pair will do.
        const first = referenceAllowed(snapshot, analysis.options, { kind: 'pod', pod: src }, { kind: 'pod', pod: dst }, PROBES[0]);
        const reference = PROBES.map((probe, i) =>
          i === 0 || !params.ports ? first : referenceAllowed(snapshot, analysis.options, { kind: 'pod', pod: src }, { kind: 'pod', pod: dst }, probe),
        );
        const ports = podConnections(analysis, src, dst);
        const engine = PROBES.map((probe) => ports.has(probe.protocol, probe.port));
        const row = listed.get(`${src.name} ${dst.name}`);
        const rowPorts = row === undefined ? PortSet.EMPTY : row.allPorts ? PortSet.ALL : PortSet.fromEntries(row.ports);
        const inList = PROBES.map((probe) => rowPorts.has(probe.protocol, probe.port));
        if (reference.some(Boolean)) allowed++;
        if (reference.every(Boolean)) allowedEverywhere++;
        if (engine.some((e, i) => e !== reference[i]) || inList.some((e, i) => e !== reference[i])) {
          mismatches.push(`${src.name} -> ${dst.name}: engine ${engine.join('/')}, listed ${inList.join('/')}, reference ${reference.join('/')}`);
        }
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    // Neither everything nor nothing: the workload exercises isolation and allowed peers.
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThan(params.pods * (params.pods - 1));
    expect(listed.size).toBe(allowed);
    const stats = analysisStats(analysis).podPairs;
    expect(stats.any).toBe(allowed);
    if (!params.ports) expect(stats).toEqual({ any: allowed, TCP: allowed, UDP: allowed, SCTP: allowed, allPorts: allowed });
    else expect(stats.allPorts).toBeLessThanOrEqual(allowedEverywhere);
  });
});
