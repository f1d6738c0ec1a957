// Property: on random small clusters the engine's reachability equals the plain reference
// evaluator's (test/support/engine/reference-evaluator.ts), for every ordered pod pair, every probe
// port and protocol, a few external addresses in both directions, and the ingress controller
// pseudo-source towards every pod (connectivity list and `explain`).

import fc from 'fast-check';
import {
  type AnalysisOptions,
  type ConnectivityResult,
  type LabelSelector,
  type PortSet as PortSetType,
  type SnapshotModel,
  analyze,
  connectivity,
  explain,
  podConnections,
} from '../../../src/engine/index.js';
import { cidrRange, parseAddress, rangeContains } from '../../support/engine/address-ranges.js';
import { connectionPorts } from '../../support/engine/conformance-compare.js';
import { INGRESS_CONTROLLER, podText } from '../../support/engine/np-guard-format.js';
import { type ReferencePeer, referenceAllowed } from '../../support/engine/reference-evaluator.js';
import { PROBES, SAMPLED_ADDRESSES, optionsArb, snapshotArb } from './snapshot-arbitrary.js';

const RUNS = 150;

/** Pod-to-pod port sets from the connectivity list, keyed `src dst`. */
function podPairPorts(result: ConnectivityResult): Map<string, PortSetType> {
  const pairs = new Map<string, PortSetType>();
  for (const connection of result.connections) {
    const src = podText(connection.src);
    const dst = podText(connection.dst);
    if (src && dst) pairs.set(`${src} ${dst}`, connectionPorts(connection));
  }
  return pairs;
}

/** The ports the engine reports between a pod and the external block holding `ip` (either direction). */
function externalPorts(result: ConnectivityResult, pod: string, ip: string, podIsSource: boolean): PortSetType[] {
  const address = parseAddress(ip);
  return result.connections
    .filter((connection) => {
      const podSide = podIsSource ? connection.src : connection.dst;
      const external = podIsSource ? connection.dst : connection.src;
      return (
        podText(podSide) === pod &&
        external.kind === 'External' &&
        (external as { cidrs: string[] }).cidrs.some((cidr) => rangeContains(cidrRange(cidr), address.family, address.value))
      );
    })
    .map(connectionPorts);
}

/** Ports from the ingress controller to each pod, keyed `ns/pod`. */
function controllerPorts(result: ConnectivityResult): Map<string, PortSetType> {
  const ports = new Map<string, PortSetType>();
  for (const connection of result.connections) {
    const dst = podText(connection.dst);
    if (connection.src.kind === 'IngressController' && dst) ports.set(dst, connectionPorts(connection));
  }
  return ports;
}

/** Every disagreement between engine and reference, as readable lines. */
function disagreements(snapshot: SnapshotModel, options: AnalysisOptions): string[] {
  const analysis = analyze(snapshot, options);
  const result = connectivity(analysis, 'pod', 'property');
  const pairs = podPairPorts(result);
  const lines: string[] = [];
  const name = (pod: { namespace: string; name: string }): string => `${pod.namespace}/${pod.name}`;

  for (const src of snapshot.pods) {
    for (const dst of snapshot.pods) {
      if (src === dst) continue;
      const listed = pairs.get(`${name(src)} ${name(dst)}`);
      const queried = podConnections(analysis, src, dst);
      for (const probe of PROBES) {
        const expected = referenceAllowed(snapshot, options, { kind: 'pod', pod: src }, { kind: 'pod', pod: dst }, probe);
        const fromList = listed?.has(probe.protocol, probe.port) ?? false;
        const fromQuery = queried.has(probe.protocol, probe.port);
        if (fromList !== expected || fromQuery !== expected) {
          lines.push(
            `${name(src)} -> ${name(dst)} ${probe.protocol}/${probe.port}: reference ${expected}, connectivity ${fromList}, podConnections ${fromQuery}`,
          );
        }
      }
    }
  }

  for (const pod of snapshot.pods) {
    for (const ip of SAMPLED_ADDRESSES) {
      for (const podIsSource of [true, false]) {
        const podPeer: ReferencePeer = { kind: 'pod', pod };
        const addressPeer: ReferencePeer = { kind: 'address', ip };
        const blocks = externalPorts(result, name(pod), ip, podIsSource);
        if (blocks.length > 1) lines.push(`${name(pod)} / ${ip}: address in ${blocks.length} external blocks`);
        for (const probe of PROBES) {
          const expected = podIsSource
            ? referenceAllowed(snapshot, options, podPeer, addressPeer, probe)
            : referenceAllowed(snapshot, options, addressPeer, podPeer, probe);
          const actual = blocks[0]?.has(probe.protocol, probe.port) ?? false;
          if (actual !== expected) {
            const arrow = podIsSource ? `${name(pod)} -> ${ip}` : `${ip} -> ${name(pod)}`;
            lines.push(`${arrow} ${probe.protocol}/${probe.port}: reference ${expected}, engine ${actual}`);
          }
        }
      }
    }
  }

  const fromController = controllerPorts(result);
  for (const pod of snapshot.pods) {
    for (const probe of PROBES) {
      const expected = referenceAllowed(snapshot, options, { kind: 'ingress-controller' }, { kind: 'pod', pod }, probe);
      const fromList = fromController.get(name(pod))?.has(probe.protocol, probe.port) ?? false;
      const explained = explain(analysis, INGRESS_CONTROLLER, name(pod), probe.port, probe.protocol);
      const fromExplain = 'error' in explained ? explained.error : explained.allowed;
      if (fromList !== expected || fromExplain !== expected) {
        lines.push(
          `${INGRESS_CONTROLLER} -> ${name(pod)} ${probe.protocol}/${probe.port}: reference ${expected}, connectivity ${fromList}, explain ${String(fromExplain)}`,
        );
      }
    }
  }
  return lines;
}

/** How often the generated clusters exercise each feature (so that a generator regression shows). */
const coverage = {
  hostNetworkPods: 0,
  nodePeers: 0,
  clusterNetworkPolicies: 0,
  baselineCnps: 0,
  routedPods: 0,
};

function count(snapshot: SnapshotModel): void {
  if (snapshot.pods.some((p) => p.hostNetwork)) coverage.hostNetworkPods++;
  const admin = snapshot.adminPolicies;
  if (admin.some((p) => p.egress.some((r) => r.peers.some((peer) => peer.kind === 'nodes')))) coverage.nodePeers++;
  if (admin.some((p) => p.kind === 'ClusterNetworkPolicy')) coverage.clusterNetworkPolicies++;
  if (admin.some((p) => p.kind === 'ClusterNetworkPolicy' && p.tier === 'baseline')) coverage.baselineCnps++;
  // Routed at all (whatever the policies then allow).
  const unrestricted: SnapshotModel = { ...snapshot, networkPolicies: [], adminPolicies: [] };
  const routed = snapshot.pods.some((pod) =>
    PROBES.some((probe) => referenceAllowed(unrestricted, DEFAULTS, { kind: 'ingress-controller' }, { kind: 'pod', pod }, probe)),
  );
  if (routed) coverage.routedPods++;
}

const DEFAULTS: AnalysisOptions = { ipBlockMatchesPods: false, hostNetwork: 'node', adminNetworksMatchPods: false };

/** Pods ns1/a and ns1/b, no policies. */
function twoPodSnapshot(): SnapshotModel {
  return {
    namespaces: [{ name: 'ns1', labels: { 'kubernetes.io/metadata.name': 'ns1' }, assumed: false }],
    nodes: [],
    pods: ['a', 'b'].map((name, i) => ({
      namespace: 'ns1',
      name,
      labels: { app: name },
      ips: [`10.1.0.${i + 1}`],
      ports: [],
      hostNetwork: false,
      workload: { kind: 'Pod', namespace: 'ns1', name },
      representative: false,
    })),
    services: [],
    ingressRoutes: [],
    networkPolicies: [],
    adminPolicies: [],
    objectCounts: {},
  };
}

describe('engine reachability equals the reference evaluator', () => {
  it(`agrees on ${RUNS} random clusters (pods, hostNetwork pods, nodes, NetworkPolicies, ANPs, CNPs, BANP, routes, options)`, () => {
    fc.assert(
      fc.property(snapshotArb, optionsArb, (snapshot, options) => {
        count(snapshot);
        const lines = disagreements(snapshot, options);
        expect(lines.slice(0, 20)).toEqual([]);
      }),
      { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? 20250101), endOnFailure: false },
    );
    // Shrinking runs count too; a tenth of the runs is a loose floor for each feature.
    for (const [feature, runs] of Object.entries(coverage)) {
      expect([feature, runs >= RUNS / 10]).toEqual([feature, true]);
    }
  });

  it('breaks equal admin priorities by policy name, as documented, and warns', () => {
    const snapshot = twoPodSnapshot();
    const everyone = [{ kind: 'namespaces' as const, namespaceSelector: { matchLabels: {}, matchExpressions: [] } }];
    const subject = { kind: 'namespaces' as const, namespaceSelector: { matchLabels: {}, matchExpressions: [] } };
    const withTie: SnapshotModel = {
      ...snapshot,
      adminPolicies: [
        { kind: 'AdminNetworkPolicy', name: 'b-deny', tier: 'admin', priority: 7, subject, ingress: [{ index: 0, action: 'Deny', peers: everyone, ports: null }], egress: [] },
        { kind: 'AdminNetworkPolicy', name: 'a-allow', tier: 'admin', priority: 7, subject, ingress: [{ index: 0, action: 'Allow', peers: everyone, ports: null }], egress: [] },
      ],
    };
    expect(disagreements(withTie, DEFAULTS)).toEqual([]);
    expect(analyze(withTie, DEFAULTS).diagnostics.some((d) => d.severity === 'warning')).toBe(true);
    const [a, b] = withTie.pods.map((pod): ReferencePeer => ({ kind: 'pod', pod }));
    expect(referenceAllowed(withTie, DEFAULTS, a!, b!, { protocol: 'TCP', port: 80 })).toBe(true);
  });

  it('treats the ingress controller as a label-less pod in a label-less namespace (engine and reference)', () => {
    const base = twoPodSnapshot();
    const b = base.pods[1]!;
    const peers = (namespaceSelector: LabelSelector | null, podSelector: LabelSelector | null): SnapshotModel => ({
      ...base,
      services: [{ namespace: 'ns1', name: 'web', selector: { app: 'b' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], type: 'ClusterIP' }],
      ingressRoutes: [{ source: { kind: 'Ingress', namespace: 'ns1', name: 'in' }, namespace: 'ns1', service: 'web' }],
      networkPolicies: [
        {
          namespace: 'ns1',
          name: 'only',
          podSelector: { matchLabels: { app: 'b' }, matchExpressions: [] },
          affectsIngress: true,
          affectsEgress: false,
          ingress: [{ index: 0, peers: [{ kind: 'pods', namespaceSelector, podSelector }], ports: null }],
          egress: [],
        },
      ],
    });
    const metadataName = (operator: 'Exists' | 'DoesNotExist'): LabelSelector => ({
      matchLabels: {},
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator, values: [] }],
    });
    const cases: Array<[SnapshotModel, boolean]> = [
      [peers({ matchLabels: {}, matchExpressions: [] }, null), true],
      [peers(metadataName('DoesNotExist'), null), true],
      [peers(metadataName('Exists'), null), false],
      [peers(null, { matchLabels: {}, matchExpressions: [] }), false],
      [peers({ matchLabels: {}, matchExpressions: [] }, { matchLabels: { app: 'x' }, matchExpressions: [] }), false],
    ];
    for (const [snapshot, allowed] of cases) {
      const controller: ReferencePeer = { kind: 'ingress-controller' };
      expect(referenceAllowed(snapshot, DEFAULTS, controller, { kind: 'pod', pod: b }, { protocol: 'TCP', port: 8080 })).toBe(allowed);
      // The route targets 8080 only.
      expect(referenceAllowed(snapshot, DEFAULTS, controller, { kind: 'pod', pod: b }, { protocol: 'TCP', port: 80 })).toBe(false);
      expect(disagreements(snapshot, DEFAULTS)).toEqual([]);
    }
  });

  it('agrees with the reference on a default-deny ingress policy (and the reference denies it)', () => {
    // Guards the oracle too: an ingress policy with no rules isolates the pods it selects.
    const snapshot: SnapshotModel = {
      ...twoPodSnapshot(),
      networkPolicies: [
        {
          namespace: 'ns1',
          name: 'deny',
          podSelector: { matchLabels: { app: 'b' }, matchExpressions: [] },
          affectsIngress: true,
          affectsEgress: false,
          ingress: [],
          egress: [],
        },
      ],
    };
    const [a, b] = snapshot.pods.map((pod): ReferencePeer => ({ kind: 'pod', pod }));
    const probe = { protocol: 'TCP' as const, port: 80 };
    expect(referenceAllowed(snapshot, DEFAULTS, a!, b!, probe)).toBe(false);
    expect(referenceAllowed(snapshot, DEFAULTS, b!, a!, probe)).toBe(true);
    expect(disagreements(snapshot, DEFAULTS)).toEqual([]);
  });
});
