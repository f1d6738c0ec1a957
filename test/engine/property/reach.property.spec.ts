// Property: on random small clusters, whoCanReach and reachableFrom equal filtering the reference
// evaluator's pairs (test/support/engine/reference-evaluator.ts): for every pod as target or source,
// every other pod, the sampled external addresses, the ingress controller, and every probe; at
// workload granularity a row is the union over the workload's pods; with a port, exactly the rows
// whose pairs allow it.

import fc from 'fast-check';
import { analyze, reachableFrom, whoCanReach, type AnalysisOptions, type PodModel, type ReachEntry, type ReachResult, type SnapshotModel } from '../../../src/engine/index.js';
import { cidrRange, parseAddress, rangeContains } from '../../support/engine/address-ranges.js';
import { connectionPorts } from '../../support/engine/conformance-compare.js';
import { referenceAllowed, type Probe, type ReferencePeer } from '../../support/engine/reference-evaluator.js';
import { PROBES, SAMPLED_ADDRESSES, optionsArb, snapshotArb } from './snapshot-arbitrary.js';

const RUNS = 50;

const podName = (pod: { namespace: string; name: string }): string => `${pod.namespace}/${pod.name}`;

function rowsOf(result: ReachResult | { error: string }, side: 'sources' | 'destinations'): ReachEntry[] {
  if ('error' in result) throw new Error(result.error);
  return result[side] ?? [];
}

function podRow(rows: readonly ReachEntry[], pod: PodModel): ReachEntry | undefined {
  return rows.find((r) => r.endpoint.kind === 'Pod' && podName(r.endpoint as { namespace: string; name: string }) === podName(pod));
}

function externalRow(rows: readonly ReachEntry[], ip: string): ReachEntry[] {
  const address = parseAddress(ip);
  return rows.filter((r) => r.endpoint.kind === 'External' && (r.endpoint as { cidrs: string[] }).cidrs.some((c) => rangeContains(cidrRange(c), address.family, address.value)));
}

const allows = (row: ReachEntry | undefined, probe: Probe): boolean => row !== undefined && connectionPorts(row).has(probe.protocol, probe.port);

function disagreements(snapshot: SnapshotModel, options: AnalysisOptions): string[] {
  const analysis = analyze(snapshot, options);
  const lines: string[] = [];
  const ref = (src: ReferencePeer, dst: ReferencePeer, probe: Probe) => referenceAllowed(snapshot, options, src, dst, probe);
  for (const subject of snapshot.pods) {
    const self: ReferencePeer = { kind: 'pod', pod: subject };
    const sources = rowsOf(whoCanReach(analysis, podName(subject), { granularity: 'pod' }), 'sources');
    const destinations = rowsOf(reachableFrom(analysis, podName(subject), { granularity: 'pod' }), 'destinations');
    const filtered = rowsOf(whoCanReach(analysis, podName(subject), { granularity: 'pod', port: 80, protocol: 'TCP' }), 'sources');
    for (const other of snapshot.pods) {
      if (other === subject) continue;
      const peer: ReferencePeer = { kind: 'pod', pod: other };
      for (const probe of PROBES) {
        const inward = ref(peer, self, probe);
        const outward = ref(self, peer, probe);
        if (allows(podRow(sources, other), probe) !== inward) lines.push(`whoCanReach ${podName(subject)} <- ${podName(other)} ${probe.protocol}/${probe.port}: reference ${inward}`);
        if (allows(podRow(destinations, other), probe) !== outward) lines.push(`reachableFrom ${podName(subject)} -> ${podName(other)} ${probe.protocol}/${probe.port}: reference ${outward}`);
      }
      const on80 = ref(peer, self, { protocol: 'TCP', port: 80 });
      if ((podRow(filtered, other) !== undefined) !== on80) lines.push(`whoCanReach ${podName(subject)} port 80 lists ${podName(other)}: reference ${on80}`);
    }
    for (const ip of SAMPLED_ADDRESSES) {
      const address: ReferencePeer = { kind: 'address', ip };
      const inRows = externalRow(sources, ip);
      const outRows = externalRow(destinations, ip);
      if (inRows.length > 1 || outRows.length > 1) lines.push(`${ip} in several blocks`);
      for (const probe of PROBES) {
        if (allows(inRows[0], probe) !== ref(address, self, probe)) lines.push(`whoCanReach ${podName(subject)} <- ${ip} ${probe.protocol}/${probe.port}`);
        if (allows(outRows[0], probe) !== ref(self, address, probe)) lines.push(`reachableFrom ${podName(subject)} -> ${ip} ${probe.protocol}/${probe.port}`);
      }
    }
    const controller = sources.find((r) => r.endpoint.kind === 'IngressController');
    for (const probe of PROBES) {
      if (allows(controller, probe) !== ref({ kind: 'ingress-controller' }, self, probe)) lines.push(`whoCanReach ${podName(subject)} <- controller ${probe.protocol}/${probe.port}`);
    }
    // Workload rows: the union over the workload's pods (the subject itself left out).
    const byWorkload = rowsOf(whoCanReach(analysis, podName(subject), { granularity: 'workload' }), 'sources');
    const workloads = new Map<string, PodModel[]>();
    for (const pod of snapshot.pods) {
      const key = `${pod.workload.namespace}/${pod.workload.name}[${pod.workload.kind}]`;
      workloads.set(key, [...(workloads.get(key) ?? []), pod]);
    }
    for (const [key, pods] of workloads) {
      const row = byWorkload.find((r) => {
        const e = r.endpoint as { kind: string; namespace?: string; name?: string };
        return `${e.namespace}/${e.name}[${e.kind}]` === key;
      });
      for (const probe of PROBES) {
        const expected = pods.some((p) => p !== subject && ref({ kind: 'pod', pod: p }, self, probe));
        if (allows(row, probe) !== expected) lines.push(`whoCanReach ${podName(subject)} <- workload ${key} ${probe.protocol}/${probe.port}: reference ${expected}`);
      }
    }
  }
  return lines;
}

describe('whoCanReach / reachableFrom equal the reference evaluator', () => {
  it(`agrees on ${RUNS} random clusters, per pod, per workload, from addresses and the ingress controller, with and without a port`, () => {
    fc.assert(
      fc.property(snapshotArb, optionsArb, (snapshot, options) => {
        expect(disagreements(snapshot, options).slice(0, 20)).toEqual([]);
      }),
      { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? 20250107), endOnFailure: false },
    );
  });
});
