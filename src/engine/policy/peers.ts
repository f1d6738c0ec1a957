// What a rule's peer selects, in one normalised shape for NetworkPolicy and admin-tier peers:
// a pod scope (namespaces × pods), node labels, or an address set. The analysis evaluates these
// against pod classes and address atoms (with caching); `podScopeMatches` is the plain rule.

import type { AdminPeer, IpBlockModel, LabelSelector, Labels, NetworkPolicyPeer } from '../model.js';
import { IpSet, parseCidr } from '../sets/ip-set.js';
import { selectorMatches } from './selectors.js';

export interface PodScope {
  kind: 'pods';
  /** 'own' = the NetworkPolicy's namespace (namespaceSelector absent). */
  namespaces: LabelSelector | 'own';
  /** null = every pod of the selected namespaces. */
  pods: LabelSelector | null;
}

export interface NodeScope {
  kind: 'nodes';
  nodes: LabelSelector;
}

export interface AddressScope {
  kind: 'addresses';
  addresses: IpSet;
  /** Which option lets this peer match ordinary pods by their IPs. */
  podOption: 'ipBlockMatchesPods' | 'adminNetworksMatchPods';
}

export type PeerScope = PodScope | NodeScope | AddressScope;

/** A pod (or pod class) as peer selectors see it. */
export interface PodView {
  namespace: string;
  namespaceLabels: Labels;
  labels: Labels;
}

export function podScopeMatches(scope: PodScope, policyNamespace: string | undefined, pod: PodView): boolean {
  const inNamespace =
    scope.namespaces === 'own' ? pod.namespace === policyNamespace : selectorMatches(scope.namespaces, pod.namespaceLabels);
  return inNamespace && (scope.pods === null || selectorMatches(scope.pods, pod.labels));
}

export interface ScopeProblem {
  cidr: string;
  error: string;
}

function cidrSet(cidr: string, problems: ScopeProblem[]): IpSet {
  const parsed = parseCidr(cidr);
  if ('error' in parsed) {
    problems.push({ cidr, error: parsed.error });
    return IpSet.EMPTY;
  }
  return IpSet.fromIntervals([parsed]);
}

/** `cidr` minus every `except` (an invalid cidr matches nothing; an invalid except is ignored). */
export function ipBlockAddresses(block: IpBlockModel, problems: ScopeProblem[]): IpSet {
  let addresses = cidrSet(block.cidr, problems);
  for (const except of block.except) addresses = addresses.subtract(cidrSet(except, problems));
  return addresses;
}

export function networkPolicyPeerScope(peer: NetworkPolicyPeer, problems: ScopeProblem[]): PodScope | AddressScope {
  if (peer.kind === 'ipBlock') {
    return { kind: 'addresses', addresses: ipBlockAddresses(peer.ipBlock, problems), podOption: 'ipBlockMatchesPods' };
  }
  return { kind: 'pods', namespaces: peer.namespaceSelector ?? 'own', pods: peer.podSelector };
}

export function adminPeerScope(peer: AdminPeer, problems: ScopeProblem[]): PeerScope {
  switch (peer.kind) {
    case 'namespaces':
      return { kind: 'pods', namespaces: peer.namespaceSelector, pods: null };
    case 'pods':
      return { kind: 'pods', namespaces: peer.namespaceSelector, pods: peer.podSelector };
    case 'nodes':
      return { kind: 'nodes', nodes: peer.nodeSelector };
    case 'networks': {
      let addresses = IpSet.EMPTY;
      for (const cidr of peer.cidrs) addresses = addresses.union(cidrSet(cidr, problems));
      return { kind: 'addresses', addresses, podOption: 'adminNetworksMatchPods' };
    }
  }
}
