// Small builders for SnapshotModel values, so analysis tests do not depend on the parser.

import type {
  AdminPeer,
  AdminPolicyModel,
  AdminRule,
  AdminSubject,
  ContainerPort,
  LabelSelector,
  LabelSelectorRequirement,
  Labels,
  NamespaceModel,
  NetworkPolicyModel,
  NetworkPolicyPeer,
  NetworkPolicyRule,
  NodeModel,
  PodModel,
  PortMatch,
  Protocol,
  SnapshotModel,
  TierAction,
} from '../../../src/engine/model.js';

export function sel(matchLabels: Labels = {}, matchExpressions: LabelSelectorRequirement[] = []): LabelSelector {
  return { matchLabels, matchExpressions };
}

export const ALL_SELECTOR = sel();

export function namespace(name: string, labels: Labels = {}): NamespaceModel {
  return { name, labels: { 'kubernetes.io/metadata.name': name, ...labels }, assumed: false };
}

export function node(name: string, ips: string[], labels: Labels = {}): NodeModel {
  return { name, ips, labels: { 'kubernetes.io/hostname': name, ...labels } };
}

export function pod(ref: string, labels: Labels = {}, extra: Partial<PodModel> = {}): PodModel {
  const [ns, name] = ref.split('/');
  return {
    namespace: ns,
    name,
    labels,
    ips: [],
    ports: [],
    hostNetwork: false,
    workload: { kind: 'Pod', namespace: ns, name },
    representative: false,
    ...extra,
  };
}

export function containerPort(port: number, name?: string, protocol: Protocol = 'TCP'): ContainerPort {
  return name === undefined ? { port, protocol } : { port, protocol, name };
}

export const tcp = (from: number, to = from): PortMatch => ({ kind: 'range', protocol: 'TCP', from, to });
export const udp = (from: number, to = from): PortMatch => ({ kind: 'range', protocol: 'UDP', from, to });
export const named = (name: string, protocol: Protocol = 'TCP'): PortMatch => ({ kind: 'named', protocol, name });
export const allOf = (protocol: Protocol): PortMatch => ({ kind: 'all-of-protocol', protocol });

export function pods(podSelector: LabelSelector | null, namespaceSelector: LabelSelector | null = null): NetworkPolicyPeer {
  return { kind: 'pods', podSelector, namespaceSelector };
}

export function ipBlock(cidr: string, except: string[] = []): NetworkPolicyPeer {
  return { kind: 'ipBlock', ipBlock: { cidr, except } };
}

export interface RuleSpec {
  peers?: NetworkPolicyPeer[] | null;
  ports?: PortMatch[] | null;
}

function rules(specs: RuleSpec[] | undefined): NetworkPolicyRule[] {
  return (specs ?? []).map((s, index) => ({ index, peers: s.peers ?? null, ports: s.ports ?? null }));
}

/** A NetworkPolicy; policy types follow Kubernetes inference unless given. */
export function networkPolicy(
  ref: string,
  spec: { podSelector?: LabelSelector; ingress?: RuleSpec[]; egress?: RuleSpec[]; types?: Array<'Ingress' | 'Egress'> },
): NetworkPolicyModel {
  const [ns, name] = ref.split('/');
  const types = spec.types ?? (spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress']);
  return {
    namespace: ns,
    name,
    podSelector: spec.podSelector ?? ALL_SELECTOR,
    affectsIngress: types.includes('Ingress'),
    affectsEgress: types.includes('Egress'),
    ingress: rules(spec.ingress),
    egress: rules(spec.egress),
  };
}

export interface AdminRuleSpec {
  action: TierAction;
  peers: AdminPeer[];
  ports?: PortMatch[] | null;
  name?: string;
}

function adminRules(specs: AdminRuleSpec[] | undefined): AdminRule[] {
  return (specs ?? []).map((s, index) => ({ index, name: s.name, action: s.action, peers: s.peers, ports: s.ports ?? null }));
}

export function adminPolicy(
  name: string,
  priority: number,
  subject: AdminSubject,
  spec: { ingress?: AdminRuleSpec[]; egress?: AdminRuleSpec[] },
  kind: AdminPolicyModel['kind'] = 'AdminNetworkPolicy',
): AdminPolicyModel {
  return { kind, name, tier: 'admin', priority, subject, ingress: adminRules(spec.ingress), egress: adminRules(spec.egress) };
}

export function baselinePolicy(subject: AdminSubject, spec: { ingress?: AdminRuleSpec[]; egress?: AdminRuleSpec[] }): AdminPolicyModel {
  return { kind: 'BaselineAdminNetworkPolicy', name: 'default', tier: 'baseline', priority: 0, subject, ingress: adminRules(spec.ingress), egress: adminRules(spec.egress) };
}

export const inNamespaces = (labels: Labels): AdminSubject => ({ kind: 'namespaces', namespaceSelector: sel(labels) });
export const namespacesPeer = (labels: Labels): AdminPeer => ({ kind: 'namespaces', namespaceSelector: sel(labels) });
export const podsPeer = (nsLabels: Labels, podLabels: Labels): AdminPeer => ({ kind: 'pods', namespaceSelector: sel(nsLabels), podSelector: sel(podLabels) });
export const networksPeer = (...cidrs: string[]): AdminPeer => ({ kind: 'networks', cidrs });
export const nodesPeer = (labels: Labels): AdminPeer => ({ kind: 'nodes', nodeSelector: sel(labels) });

/** A snapshot; namespaces of pods and policies are added when not given. */
export function snapshot(parts: Partial<SnapshotModel>): SnapshotModel {
  const given = parts.namespaces ?? [];
  const names = new Set(given.map((n) => n.name));
  const extra: NamespaceModel[] = [];
  for (const name of [...(parts.pods ?? []).map((p) => p.namespace), ...(parts.networkPolicies ?? []).map((p) => p.namespace)]) {
    if (!names.has(name)) {
      names.add(name);
      extra.push(namespace(name));
    }
  }
  return {
    namespaces: [...given, ...extra],
    nodes: parts.nodes ?? [],
    pods: parts.pods ?? [],
    services: parts.services ?? [],
    ingressRoutes: parts.ingressRoutes ?? [],
    networkPolicies: parts.networkPolicies ?? [],
    adminPolicies: parts.adminPolicies ?? [],
    objectCounts: parts.objectCounts ?? {},
  };
}
