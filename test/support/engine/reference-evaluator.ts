// A deliberately plain reference evaluator: one connection (source, destination, protocol, port)
// at a time, by applying the Kubernetes rules directly to the snapshot model. It shares no code
// with the engine (own selector matching, own port and address logic) so that the property test
// can use it as an oracle. Quadratic and slow by design; only for small snapshots.
//
// Rules applied (docs/engine-design.md "Semantics decisions", the Kubernetes API reference):
// - allowed iff the source's egress verdict AND the destination's ingress verdict allow; towards or
//   from an address only the pod side's direction is evaluated;
// - per direction: admin tier (ANP / CNP Admin) policies selecting the pod, by ascending priority
//   (ties: by name), rules in order, the first rule matching peer and port decides; Allow / Deny
//   end the evaluation, Pass skips the rest of the admin tier; then NetworkPolicies: if any policy
//   selecting the pod affects the direction, the traffic is allowed iff some rule of one of them
//   matches, otherwise denied; then the baseline tier the same way; then default allow.

import type {
  AdminPeer,
  AdminPolicyModel,
  AnalysisOptions,
  IpBlockModel,
  LabelSelector,
  Labels,
  NetworkPolicyPeer,
  PodModel,
  PortMatch,
  Protocol,
  SnapshotModel,
} from '../../../src/engine/model.js';
import { cidrRange, parseAddress, rangeContains } from './address-ranges.js';

export type ReferencePeer = { kind: 'pod'; pod: PodModel } | { kind: 'address'; ip: string };

export interface Probe {
  protocol: Protocol;
  port: number;
}

type Direction = 'ingress' | 'egress';
type Verdict = 'allow' | 'deny' | 'no-decision';

export const METADATA_NAME = 'kubernetes.io/metadata.name';

// ---------------------------------------------------------------- selectors and addresses

export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (labels[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    const value = labels[requirement.key];
    switch (requirement.operator) {
      case 'In':
        if (!has || !requirement.values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && requirement.values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

function namespaceLabels(snapshot: SnapshotModel, name: string): Labels {
  return snapshot.namespaces.find((ns) => ns.name === name)?.labels ?? { [METADATA_NAME]: name };
}

function addressInCidr(ip: string, cidr: string): boolean {
  const address = parseAddress(ip);
  return rangeContains(cidrRange(cidr), address.family, address.value);
}

function addressInIpBlock(ip: string, block: IpBlockModel): boolean {
  return addressInCidr(ip, block.cidr) && !block.except.some((except) => addressInCidr(ip, except));
}

/** The addresses by which a peer can be matched by address-based rules. */
function addressesOf(peer: ReferencePeer, podsByAddress: boolean): readonly string[] {
  if (peer.kind === 'address') return [peer.ip];
  return podsByAddress ? peer.pod.ips : [];
}

// ---------------------------------------------------------------- ports

/**
 * Whether a rule's port list admits the probe. A named port resolves against the destination pod
 * of the connection (the subject for ingress, the peer for egress): a container port with that
 * name and protocol whose number is the probed port. Towards an address it never resolves.
 */
function portsMatch(ports: readonly PortMatch[] | null, probe: Probe, destination: ReferencePeer): boolean {
  if (ports === null) return true;
  return ports.some((entry) => {
    if (entry.protocol !== probe.protocol) return false;
    switch (entry.kind) {
      case 'all-of-protocol':
        return true;
      case 'range':
        return entry.from <= probe.port && probe.port <= entry.to;
      case 'named':
        return (
          destination.kind === 'pod' &&
          destination.pod.ports.some(
            (p) => p.name === entry.name && p.protocol === probe.protocol && p.port === probe.port,
          )
        );
    }
  });
}

// ---------------------------------------------------------------- NetworkPolicy tier

function networkPolicyPeerMatches(
  snapshot: SnapshotModel,
  options: AnalysisOptions,
  policyNamespace: string,
  peerRule: NetworkPolicyPeer,
  peer: ReferencePeer,
): boolean {
  if (peerRule.kind === 'ipBlock') {
    return addressesOf(peer, options.ipBlockMatchesPods).some((ip) => addressInIpBlock(ip, peerRule.ipBlock));
  }
  if (peer.kind !== 'pod') return false;
  const namespaceOk =
    peerRule.namespaceSelector === null
      ? peer.pod.namespace === policyNamespace
      : selectorMatches(peerRule.namespaceSelector, namespaceLabels(snapshot, peer.pod.namespace));
  const podOk = peerRule.podSelector === null || selectorMatches(peerRule.podSelector, peer.pod.labels);
  return namespaceOk && podOk;
}

function networkPolicyVerdict(
  snapshot: SnapshotModel,
  options: AnalysisOptions,
  subject: PodModel,
  direction: Direction,
  peer: ReferencePeer,
  destination: ReferencePeer,
  probe: Probe,
): Verdict {
  const selecting = snapshot.networkPolicies.filter(
    (policy) =>
      policy.namespace === subject.namespace &&
      (direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress) &&
      selectorMatches(policy.podSelector, subject.labels),
  );
  if (selecting.length === 0) return 'no-decision';
  const allowed = selecting.some((policy) =>
    (direction === 'ingress' ? policy.ingress : policy.egress).some(
      (rule) =>
        (rule.peers === null ||
          rule.peers.some((p) => networkPolicyPeerMatches(snapshot, options, policy.namespace, p, peer))) &&
        portsMatch(rule.ports, probe, destination),
    ),
  );
  return allowed ? 'allow' : 'deny';
}

// ---------------------------------------------------------------- admin and baseline tiers

function adminSubjectSelects(snapshot: SnapshotModel, policy: AdminPolicyModel, pod: PodModel): boolean {
  const namespaceOk = selectorMatches(policy.subject.namespaceSelector, namespaceLabels(snapshot, pod.namespace));
  if (policy.subject.kind === 'namespaces') return namespaceOk;
  return namespaceOk && selectorMatches(policy.subject.podSelector, pod.labels);
}

function adminPeerMatches(
  snapshot: SnapshotModel,
  options: AnalysisOptions,
  peerRule: AdminPeer,
  peer: ReferencePeer,
): boolean {
  switch (peerRule.kind) {
    case 'namespaces':
      return (
        peer.kind === 'pod' &&
        selectorMatches(peerRule.namespaceSelector, namespaceLabels(snapshot, peer.pod.namespace))
      );
    case 'pods':
      return (
        peer.kind === 'pod' &&
        selectorMatches(peerRule.namespaceSelector, namespaceLabels(snapshot, peer.pod.namespace)) &&
        selectorMatches(peerRule.podSelector, peer.pod.labels)
      );
    case 'networks':
      return addressesOf(peer, options.adminNetworksMatchPods).some((ip) =>
        peerRule.cidrs.some((cidr) => addressInCidr(ip, cidr)),
      );
    case 'nodes': {
      // A node peer matches the addresses of the selected nodes (pods here never run on host network).
      const nodeIps = snapshot.nodes
        .filter((node) => selectorMatches(peerRule.nodeSelector, node.labels))
        .flatMap((node) => node.ips);
      return peer.kind === 'address' && nodeIps.includes(peer.ip);
    }
  }
}

type TierOutcome = 'allow' | 'deny' | 'pass' | 'no-decision';

function tierVerdict(
  snapshot: SnapshotModel,
  options: AnalysisOptions,
  tier: 'admin' | 'baseline',
  subject: PodModel,
  direction: Direction,
  peer: ReferencePeer,
  destination: ReferencePeer,
  probe: Probe,
): TierOutcome {
  const policies = snapshot.adminPolicies
    .filter((policy) => policy.tier === tier && adminSubjectSelects(snapshot, policy, subject))
    .sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const policy of policies) {
    for (const rule of direction === 'ingress' ? policy.ingress : policy.egress) {
      if (!rule.peers.some((p) => adminPeerMatches(snapshot, options, p, peer))) continue;
      if (!portsMatch(rule.ports, probe, destination)) continue;
      if (rule.action === 'Allow') return 'allow';
      if (rule.action === 'Deny') return 'deny';
      return 'pass';
    }
  }
  return 'no-decision';
}

// ---------------------------------------------------------------- one direction, one connection

/** The verdict of `subject`'s policies for traffic in `direction` with `peer` on the other end. */
export function directionAllows(
  snapshot: SnapshotModel,
  options: AnalysisOptions,
  subject: PodModel,
  direction: Direction,
  peer: ReferencePeer,
  probe: Probe,
): boolean {
  const destination: ReferencePeer = direction === 'ingress' ? { kind: 'pod', pod: subject } : peer;
  const admin = tierVerdict(snapshot, options, 'admin', subject, direction, peer, destination, probe);
  if (admin === 'allow') return true;
  if (admin === 'deny') return false;
  const networkPolicy = networkPolicyVerdict(snapshot, options, subject, direction, peer, destination, probe);
  if (networkPolicy !== 'no-decision') return networkPolicy === 'allow';
  const baseline = tierVerdict(snapshot, options, 'baseline', subject, direction, peer, destination, probe);
  if (baseline === 'deny') return false;
  return true;
}

/** Whether `src` may open a connection to `dst` on the probe; at least one side is a pod. */
export function referenceAllowed(
  snapshot: SnapshotModel,
  options: AnalysisOptions,
  src: ReferencePeer,
  dst: ReferencePeer,
  probe: Probe,
): boolean {
  if (src.kind !== 'pod' && dst.kind !== 'pod') throw new Error('reference evaluator: one side must be a pod');
  const egressOk = src.kind === 'pod' ? directionAllows(snapshot, options, src.pod, 'egress', dst, probe) : true;
  const ingressOk = dst.kind === 'pod' ? directionAllows(snapshot, options, dst.pod, 'ingress', src, probe) : true;
  return egressOk && ingressOk;
}
