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
//   matches, otherwise denied; then the baseline tier the same way; then default allow;
// - ClusterNetworkPolicy objects sit in the admin or baseline tier as their `tier` says, ordered
//   with the ANPs (or the BANP) of that tier by priority, then by name;
// - hostNetwork pods (option hostNetwork 'node') are never policy subjects (both their directions
//   are unrestricted); as peers, pod and namespace selectors never match them, address blocks
//   (ipBlock, admin `networks`) match them by their own or their node's IPs whatever the options
//   say, and admin `nodes` peers match them when they select the node they run on (a node the
//   snapshot lacks counts as a node with no labels and no addresses); a rule with no
//   peer list (NetworkPolicy `from`/`to` absent) matches them like every peer;
// - admin `nodes` peers match the selected nodes' IPs as addresses;
// - the ingress controller (Ingress / Route objects) is a pseudo-pod with no labels, in a namespace
//   with no labels, never a subject, with no address: it reaches a pod on a TCP port iff some route
//   names a Service (in the route's namespace, with a non-empty selector matching the pod's labels)
//   one of whose selected TCP ports targets that port on the pod (a number as is; a name through
//   the pod's TCP container port of that name), and the pod's ingress allows it from the controller.

import type {
  AdminPeer,
  AdminPolicyModel,
  AnalysisOptions,
  IpBlockModel,
  LabelSelector,
  Labels,
  NetworkPolicyPeer,
  NodeModel,
  PodModel,
  PortMatch,
  Protocol,
  ServiceModel,
  ServicePort,
  SnapshotModel,
} from '../../../src/engine/model.js';
import { cidrRange, parseAddress, rangeContains } from './address-ranges.js';

export type ReferencePeer =
  | { kind: 'pod'; pod: PodModel }
  | { kind: 'address'; ip: string }
  /** The ingress controller pseudo-pod: a source only. */
  | { kind: 'ingress-controller' };

export interface Probe {
  protocol: Protocol;
  port: number;
}

type Direction = 'ingress' | 'egress';
type Verdict = 'allow' | 'deny' | 'no-decision';

export const METADATA_NAME = 'kubernetes.io/metadata.name';
const INGRESS_CONTROLLER_NAMESPACE = '{ingress-controller}';

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

function sameAddress(a: { family: number; value: bigint }, b: { family: number; value: bigint }): boolean {
  return a.family === b.family && a.value === b.value;
}

function addressInIpBlock(ip: string, block: IpBlockModel): boolean {
  return addressInCidr(ip, block.cidr) && !block.except.some((except) => addressInCidr(ip, except));
}

function nodeOf(snapshot: SnapshotModel, pod: PodModel): NodeModel | undefined {
  return pod.nodeName === undefined ? undefined : snapshot.nodes.find((node) => node.name === pod.nodeName);
}

/** The addresses by which a peer can be matched by address-based rules. */
function addressesOf(snapshot: SnapshotModel, peer: ReferencePeer, podsByAddress: boolean): readonly string[] {
  if (peer.kind === 'address') return [peer.ip];
  if (peer.kind === 'ingress-controller') return [];
  if (peer.pod.hostNetwork) return [...peer.pod.ips, ...(nodeOf(snapshot, peer.pod)?.ips ?? [])];
  return podsByAddress ? peer.pod.ips : [];
}

/** How namespace and pod selectors see a peer; null when they can never match it. */
function selectorView(snapshot: SnapshotModel, peer: ReferencePeer): { namespace: string; namespaceLabels: Labels; labels: Labels } | null {
  if (peer.kind === 'ingress-controller') return { namespace: INGRESS_CONTROLLER_NAMESPACE, namespaceLabels: {}, labels: {} };
  if (peer.kind === 'address' || peer.pod.hostNetwork) return null;
  return { namespace: peer.pod.namespace, namespaceLabels: namespaceLabels(snapshot, peer.pod.namespace), labels: peer.pod.labels };
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
    return addressesOf(snapshot, peer, options.ipBlockMatchesPods).some((ip) => addressInIpBlock(ip, peerRule.ipBlock));
  }
  const view = selectorView(snapshot, peer);
  if (view === null) return false;
  const namespaceOk =
    peerRule.namespaceSelector === null
      ? view.namespace === policyNamespace
      : selectorMatches(peerRule.namespaceSelector, view.namespaceLabels);
  const podOk = peerRule.podSelector === null || selectorMatches(peerRule.podSelector, view.labels);
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
    case 'namespaces': {
      const view = selectorView(snapshot, peer);
      return view !== null && selectorMatches(peerRule.namespaceSelector, view.namespaceLabels);
    }
    case 'pods': {
      const view = selectorView(snapshot, peer);
      return (
        view !== null &&
        selectorMatches(peerRule.namespaceSelector, view.namespaceLabels) &&
        selectorMatches(peerRule.podSelector, view.labels)
      );
    }
    case 'networks':
      return addressesOf(snapshot, peer, options.adminNetworksMatchPods).some((ip) =>
        peerRule.cidrs.some((cidr) => addressInCidr(ip, cidr)),
      );
    case 'nodes': {
      // The selected nodes: their IPs as addresses, and the hostNetwork pods running on them.
      const selected = snapshot.nodes.filter((node) => selectorMatches(peerRule.nodeSelector, node.labels));
      if (peer.kind === 'address') {
        const ip = parseAddress(peer.ip);
        return selected.some((node) => node.ips.some((nodeIp) => sameAddress(parseAddress(nodeIp), ip)));
      }
      if (peer.kind !== 'pod' || !peer.pod.hostNetwork) return false;
      // A node the snapshot lacks (or an unscheduled pod's) is taken as a node with no labels: an
      // empty selector selects every node, the one the pod really runs on included.
      const node = nodeOf(snapshot, peer.pod);
      return node === undefined ? selectorMatches(peerRule.nodeSelector, {}) : selected.includes(node);
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
  // hostNetwork pods are never selected as subjects: nothing restricts them.
  if (subject.hostNetwork) return true;
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
  if (dst.kind === 'ingress-controller') throw new Error('reference evaluator: the ingress controller is a source only');
  if (src.kind === 'ingress-controller') {
    return dst.kind === 'pod' && routed(snapshot, dst.pod, probe) && directionAllows(snapshot, options, dst.pod, 'ingress', src, probe);
  }
  const egressOk = src.kind === 'pod' ? directionAllows(snapshot, options, src.pod, 'egress', dst, probe) : true;
  const ingressOk = dst.kind === 'pod' ? directionAllows(snapshot, options, dst.pod, 'ingress', src, probe) : true;
  return egressOk && ingressOk;
}

// ---------------------------------------------------------------- ingress routes

/** Whether a Service selects a pod: a non-empty selector whose every label the pod carries. */
function serviceSelects(service: ServiceModel, pod: PodModel): boolean {
  if (service.selector === null) return false;
  const entries = Object.entries(service.selector);
  return entries.length > 0 && service.namespace === pod.namespace && entries.every(([key, value]) => pod.labels[key] === value);
}

/** Whether a Service port sends the probe to the pod (a named target is looked up by name and protocol). */
function targetsProbe(servicePort: ServicePort, pod: PodModel, probe: Probe): boolean {
  if (servicePort.protocol !== probe.protocol) return false;
  const target = servicePort.targetPort;
  if (typeof target === 'number') return target === probe.port;
  return pod.ports.some((p) => p.name === target && p.protocol === servicePort.protocol && p.port === probe.port);
}

/** Whether some Ingress / Route sends the probe (HTTP, so TCP only) to the pod. */
function routed(snapshot: SnapshotModel, pod: PodModel, probe: Probe): boolean {
  if (probe.protocol !== 'TCP') return false;
  return snapshot.ingressRoutes.some((route) => {
    const service = snapshot.services.find((s) => s.namespace === route.namespace && s.name === route.service);
    if (service === undefined || !serviceSelects(service, pod)) return false;
    return service.ports.some(
      (servicePort) =>
        (route.port === undefined || (typeof route.port === 'number' ? servicePort.port === route.port : servicePort.name === route.port)) &&
        targetsProbe(servicePort, pod, probe),
    );
  });
}
