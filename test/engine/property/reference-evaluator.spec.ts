// The oracle must be right on its own: hand-checked cases for each Kubernetes rule the reference
// evaluator applies (expected values come from the Kubernetes API reference, not from the engine).

import type {
  AdminPolicyModel,
  AnalysisOptions,
  LabelSelector,
  NetworkPolicyModel,
  PodModel,
  ServiceModel,
  SnapshotModel,
} from '../../../src/engine/model.js';
import { type ReferencePeer, referenceAllowed, selectorMatches } from '../../support/engine/reference-evaluator.js';

const OPTIONS: AnalysisOptions = { ipBlockMatchesPods: false, hostNetwork: 'node', adminNetworksMatchPods: false };
const ALL: LabelSelector = { matchLabels: {}, matchExpressions: [] };
const app = (name: string): LabelSelector => ({ matchLabels: { app: name }, matchExpressions: [] });
const TCP80 = { protocol: 'TCP' as const, port: 80 };

function pod(namespace: string, name: string, ip: string, ports: PodModel['ports'] = []): PodModel {
  return {
    namespace,
    name,
    labels: { app: name },
    ips: [ip],
    ports,
    hostNetwork: false,
    workload: { kind: 'Pod', namespace, name },
    representative: false,
  };
}

const A = pod('ns1', 'a', '10.1.0.1');
const B = pod('ns1', 'b', '10.1.0.2', [{ name: 'http', port: 8080, protocol: 'TCP' }]);
const C = pod('ns2', 'c', '10.1.0.3', [{ name: 'http', port: 80, protocol: 'TCP' }]);

function snapshot(networkPolicies: NetworkPolicyModel[] = [], adminPolicies: AdminPolicyModel[] = []): SnapshotModel {
  return {
    namespaces: [
      { name: 'ns1', labels: { 'kubernetes.io/metadata.name': 'ns1', env: 'prod' }, assumed: false },
      { name: 'ns2', labels: { 'kubernetes.io/metadata.name': 'ns2', env: 'dev' }, assumed: false },
    ],
    nodes: [],
    pods: [A, B, C],
    services: [],
    ingressRoutes: [],
    networkPolicies,
    adminPolicies,
    objectCounts: {},
  };
}

function policy(partial: Partial<NetworkPolicyModel> & Pick<NetworkPolicyModel, 'podSelector'>): NetworkPolicyModel {
  return { namespace: 'ns1', name: 'np', affectsIngress: false, affectsEgress: false, ingress: [], egress: [], ...partial };
}

function anp(name: string, priority: number, ingress: AdminPolicyModel['ingress'], egress: AdminPolicyModel['egress'] = []): AdminPolicyModel {
  return { kind: 'AdminNetworkPolicy', name, tier: 'admin', priority, subject: { kind: 'namespaces', namespaceSelector: ALL }, ingress, egress };
}

const P = (p: PodModel): ReferencePeer => ({ kind: 'pod', pod: p });
const IP = (ip: string): ReferencePeer => ({ kind: 'address', ip });

describe('reference evaluator', () => {
  it('matches label selectors as Kubernetes does (NotIn and DoesNotExist accept a missing key)', () => {
    const labels = { app: 'a' };
    expect(selectorMatches({ matchLabels: { app: 'a' }, matchExpressions: [] }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'b' }, matchExpressions: [] }, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [{ key: 'tier', operator: 'In', values: ['x'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [{ key: 'app', operator: 'Exists', values: [] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: [] }] }, labels)).toBe(false);
  });

  it('allows everything without policies', () => {
    expect(referenceAllowed(snapshot(), OPTIONS, P(A), P(C), TCP80)).toBe(true);
    expect(referenceAllowed(snapshot(), OPTIONS, IP('8.8.8.8'), P(A), TCP80)).toBe(true);
  });

  it('isolates a selected pod and allows only what some rule matches; peers default to the policy namespace', () => {
    const s = snapshot([policy({ podSelector: app('b'), affectsIngress: true, ingress: [{ index: 0, peers: [{ kind: 'pods', namespaceSelector: null, podSelector: ALL }], ports: null }] })]);
    expect(referenceAllowed(s, OPTIONS, P(A), P(B), TCP80)).toBe(true);
    expect(referenceAllowed(s, OPTIONS, P(C), P(B), TCP80)).toBe(false);
    expect(referenceAllowed(s, OPTIONS, IP('8.8.8.8'), P(B), TCP80)).toBe(false);
    // Egress of b is not isolated by an ingress-only policy.
    expect(referenceAllowed(s, OPTIONS, P(B), P(C), TCP80)).toBe(true);
  });

  it('ignores egress rules of a policy that does not affect egress', () => {
    const s = snapshot([policy({ podSelector: app('a'), affectsIngress: true, egress: [{ index: 0, peers: [], ports: null }] })]);
    expect(referenceAllowed(s, OPTIONS, P(A), P(C), TCP80)).toBe(true);
  });

  it('resolves a named port on the destination pod, by name and protocol; never towards an address', () => {
    const named = [{ kind: 'named' as const, protocol: 'TCP' as const, name: 'http' }];
    const s = snapshot([policy({ podSelector: app('a'), affectsEgress: true, egress: [{ index: 0, peers: null, ports: named }] })]);
    expect(referenceAllowed(s, OPTIONS, P(A), P(C), TCP80)).toBe(true); // c: http = 80
    expect(referenceAllowed(s, OPTIONS, P(A), P(B), TCP80)).toBe(false); // b: http = 8080
    expect(referenceAllowed(s, OPTIONS, P(A), P(B), { protocol: 'TCP', port: 8080 })).toBe(true);
    expect(referenceAllowed(s, OPTIONS, P(A), P(B), { protocol: 'UDP', port: 8080 })).toBe(false);
    expect(referenceAllowed(s, OPTIONS, P(A), IP('8.8.8.8'), TCP80)).toBe(false);
  });

  it('applies ipBlock except, and matches pod IPs only with ipBlockMatchesPods', () => {
    const s = snapshot([
      policy({
        podSelector: app('b'),
        affectsIngress: true,
        ingress: [{ index: 0, peers: [{ kind: 'ipBlock', ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.3/32'] } }], ports: null }],
      }),
    ]);
    expect(referenceAllowed(s, OPTIONS, IP('10.9.9.9'), P(B), TCP80)).toBe(true);
    expect(referenceAllowed(s, OPTIONS, IP('10.1.0.3'), P(B), TCP80)).toBe(false);
    expect(referenceAllowed(s, OPTIONS, P(A), P(B), TCP80)).toBe(false);
    expect(referenceAllowed(s, { ...OPTIONS, ipBlockMatchesPods: true }, P(A), P(B), TCP80)).toBe(true);
    expect(referenceAllowed(s, { ...OPTIONS, ipBlockMatchesPods: true }, P(C), P(B), TCP80)).toBe(false);
  });

  it('orders admin policies by priority (lower first), ties by name, rules in order', () => {
    const fromAll = [{ kind: 'namespaces' as const, namespaceSelector: ALL }];
    const deny = anp('b-deny', 5, [{ index: 0, action: 'Deny', peers: fromAll, ports: null }]);
    const allow = anp('a-allow', 5, [{ index: 0, action: 'Allow', peers: fromAll, ports: null }]);
    expect(referenceAllowed(snapshot([], [deny, allow]), OPTIONS, P(A), P(C), TCP80)).toBe(true);
    expect(referenceAllowed(snapshot([], [deny, { ...allow, priority: 6 }]), OPTIONS, P(A), P(C), TCP80)).toBe(false);
    const ordered = anp('x', 1, [
      { index: 0, action: 'Deny', peers: fromAll, ports: [{ kind: 'range', protocol: 'TCP', from: 80, to: 80 }] },
      { index: 1, action: 'Allow', peers: fromAll, ports: null },
    ]);
    expect(referenceAllowed(snapshot([], [ordered]), OPTIONS, P(A), P(C), TCP80)).toBe(false);
    expect(referenceAllowed(snapshot([], [ordered]), OPTIONS, P(A), P(C), { protocol: 'TCP', port: 81 })).toBe(true);
  });

  it('Pass hands over to NetworkPolicies, then to the baseline; admin Allow overrides a NetworkPolicy', () => {
    const fromAll = [{ kind: 'namespaces' as const, namespaceSelector: ALL }];
    const pass = anp('pass', 1, [{ index: 0, action: 'Pass', peers: fromAll, ports: null }]);
    const allow = anp('allow', 1, [{ index: 0, action: 'Allow', peers: fromAll, ports: null }]);
    const banp: AdminPolicyModel = {
      kind: 'BaselineAdminNetworkPolicy',
      name: 'default',
      tier: 'baseline',
      priority: 0,
      subject: { kind: 'namespaces', namespaceSelector: ALL },
      ingress: [{ index: 0, action: 'Deny', peers: fromAll, ports: null }],
      egress: [],
    };
    const isolateB = policy({ podSelector: app('b'), affectsIngress: true, ingress: [{ index: 0, peers: [{ kind: 'pods', namespaceSelector: null, podSelector: app('a') }], ports: null }] });
    // b is selected by a NetworkPolicy allowing a: Pass → allowed from a, denied from c (the baseline is not reached).
    expect(referenceAllowed(snapshot([isolateB], [pass, banp]), OPTIONS, P(A), P(B), TCP80)).toBe(true);
    expect(referenceAllowed(snapshot([isolateB], [pass, banp]), OPTIONS, P(C), P(B), TCP80)).toBe(false);
    // c is selected by no NetworkPolicy: Pass → baseline Deny.
    expect(referenceAllowed(snapshot([isolateB], [pass, banp]), OPTIONS, P(A), P(C), TCP80)).toBe(false);
    // Without any admin policy, the baseline alone denies c; an admin Allow wins over NetworkPolicy isolation.
    expect(referenceAllowed(snapshot([], [banp]), OPTIONS, P(A), P(C), TCP80)).toBe(false);
    expect(referenceAllowed(snapshot([isolateB], [allow]), OPTIONS, P(C), P(B), TCP80)).toBe(true);
  });

  it('never restricts hostNetwork pods; as peers only address blocks (any options) and node peers match them', () => {
    const H: PodModel = { ...pod('ns1', 'h', '10.0.0.5'), hostNetwork: true, nodeName: 'n1' };
    const withNode = (s: SnapshotModel): SnapshotModel => ({ ...s, nodes: [{ name: 'n1', labels: { role: 'infra' }, ips: ['10.0.0.5'] }], pods: [...s.pods, H] });
    const denyAllIn = policy({ podSelector: ALL, affectsIngress: true, affectsEgress: true });
    expect(referenceAllowed(withNode(snapshot([denyAllIn])), OPTIONS, P(A), P(H), TCP80)).toBe(false); // a's egress is isolated
    expect(referenceAllowed(withNode(snapshot([denyAllIn])), OPTIONS, P(H), P(H), TCP80)).toBe(true);
    const fromBlock = policy({ podSelector: app('b'), affectsIngress: true, ingress: [{ index: 0, peers: [{ kind: 'ipBlock', ipBlock: { cidr: '10.0.0.0/24', except: [] } }], ports: null }] });
    expect(referenceAllowed(withNode(snapshot([fromBlock])), OPTIONS, P(H), P(B), TCP80)).toBe(true);
    const fromAllPods = policy({ podSelector: app('b'), affectsIngress: true, ingress: [{ index: 0, peers: [{ kind: 'pods', namespaceSelector: ALL, podSelector: null }], ports: null }] });
    expect(referenceAllowed(withNode(snapshot([fromAllPods])), OPTIONS, P(H), P(B), TCP80)).toBe(false);
    expect(referenceAllowed(withNode(snapshot([fromAllPods])), OPTIONS, P(A), P(B), TCP80)).toBe(true);
    const toInfra = (role: string) =>
      anp('nodes', 1, [], [{ index: 0, action: 'Deny', peers: [{ kind: 'nodes', nodeSelector: { matchLabels: { role }, matchExpressions: [] } }], ports: null }]);
    expect(referenceAllowed(withNode(snapshot([], [toInfra('infra')])), OPTIONS, P(A), P(H), TCP80)).toBe(false);
    expect(referenceAllowed(withNode(snapshot([], [toInfra('infra')])), OPTIONS, P(A), IP('10.0.0.5'), TCP80)).toBe(false);
    expect(referenceAllowed(withNode(snapshot([], [toInfra('infra')])), OPTIONS, P(A), IP('10.0.0.6'), TCP80)).toBe(true);
    expect(referenceAllowed(withNode(snapshot([], [toInfra('worker')])), OPTIONS, P(A), P(H), TCP80)).toBe(true);
  });

  it('orders ClusterNetworkPolicies with the ANPs (admin) or the BANP (baseline) by priority, then name', () => {
    const fromAll = [{ kind: 'namespaces' as const, namespaceSelector: ALL }];
    const cnp = (name: string, tier: 'admin' | 'baseline', priority: number, action: 'Allow' | 'Deny'): AdminPolicyModel => ({
      ...anp(name, priority, [{ index: 0, action, peers: fromAll, ports: null }]),
      kind: 'ClusterNetworkPolicy',
      tier,
    });
    const isolateC = policy({ namespace: 'ns2', podSelector: ALL, affectsIngress: true });
    expect(referenceAllowed(snapshot([isolateC], [cnp('c', 'admin', 3, 'Allow')]), OPTIONS, P(A), P(C), TCP80)).toBe(true);
    expect(referenceAllowed(snapshot([], [cnp('c', 'baseline', 3, 'Deny')]), OPTIONS, P(A), P(C), TCP80)).toBe(false);
    const allow = cnp('a-allow', 'baseline', 1, 'Allow');
    const deny = cnp('b-deny', 'baseline', 1, 'Deny');
    expect(referenceAllowed(snapshot([], [deny, allow]), OPTIONS, P(A), P(C), TCP80)).toBe(true);
    expect(referenceAllowed(snapshot([], [deny, { ...allow, priority: 2 }]), OPTIONS, P(A), P(C), TCP80)).toBe(false);
  });

  it('routes the ingress controller to a Service\'s pods on its TCP target ports, then applies their ingress', () => {
    const CONTROLLER: ReferencePeer = { kind: 'ingress-controller' };
    const routed = (service: Partial<ServiceModel>, port?: number | string, networkPolicies: NetworkPolicyModel[] = []): SnapshotModel => ({
      ...snapshot(networkPolicies),
      services: [{ namespace: 'ns1', name: 'web', selector: { app: 'b' }, ports: [{ name: 'main', port: 80, protocol: 'TCP', targetPort: 'http' }], type: 'ClusterIP', ...service }],
      ingressRoutes: [{ source: { kind: 'Ingress', namespace: 'ns1', name: 'in' }, namespace: 'ns1', service: 'web', ...(port === undefined ? {} : { port }) }],
    });
    const at = (port: number, protocol: 'TCP' | 'UDP' = 'TCP') => ({ protocol, port });
    expect(referenceAllowed(routed({}), OPTIONS, CONTROLLER, P(B), at(8080))).toBe(true); // b: http = 8080
    expect(referenceAllowed(routed({}), OPTIONS, CONTROLLER, P(B), at(80))).toBe(false);
    expect(referenceAllowed(routed({}), OPTIONS, CONTROLLER, P(A), at(8080))).toBe(false); // not selected
    expect(referenceAllowed(routed({}, 80), OPTIONS, CONTROLLER, P(B), at(8080))).toBe(true); // by Service port
    expect(referenceAllowed(routed({}, 'main'), OPTIONS, CONTROLLER, P(B), at(8080))).toBe(true);
    expect(referenceAllowed(routed({}, 8080), OPTIONS, CONTROLLER, P(B), at(8080))).toBe(false); // not by target port
    expect(referenceAllowed(routed({ selector: null }), OPTIONS, CONTROLLER, P(B), at(8080))).toBe(false);
    expect(referenceAllowed(routed({ selector: {} }), OPTIONS, CONTROLLER, P(B), at(8080))).toBe(false);
    const udp = { ports: [{ port: 53, protocol: 'UDP' as const, targetPort: 53 }] };
    expect(referenceAllowed(routed(udp), OPTIONS, CONTROLLER, P(B), at(53, 'UDP'))).toBe(false);
    const numeric = { ports: [{ port: 80, protocol: 'TCP' as const, targetPort: 9000 }] };
    expect(referenceAllowed(routed(numeric), OPTIONS, CONTROLLER, P(B), at(9000))).toBe(true);
    const fromNs1 = policy({ podSelector: app('b'), affectsIngress: true, ingress: [{ index: 0, peers: [{ kind: 'pods', namespaceSelector: null, podSelector: ALL }], ports: null }] });
    const fromAnyNs = policy({ podSelector: app('b'), affectsIngress: true, ingress: [{ index: 0, peers: [{ kind: 'pods', namespaceSelector: ALL, podSelector: ALL }], ports: null }] });
    expect(referenceAllowed(routed({}, undefined, [fromNs1]), OPTIONS, CONTROLLER, P(B), at(8080))).toBe(false);
    expect(referenceAllowed(routed({}, undefined, [fromAnyNs]), OPTIONS, CONTROLLER, P(B), at(8080))).toBe(true);
  });

  it('matches admin networks peers by address, and pods only with adminNetworksMatchPods', () => {
    const toNet = anp('net', 1, [], [{ index: 0, action: 'Deny', peers: [{ kind: 'networks', cidrs: ['10.1.0.0/24'] }], ports: null }]);
    expect(referenceAllowed(snapshot([], [toNet]), OPTIONS, P(A), IP('10.1.0.200'), TCP80)).toBe(false);
    expect(referenceAllowed(snapshot([], [toNet]), OPTIONS, P(A), P(C), TCP80)).toBe(true);
    expect(referenceAllowed(snapshot([], [toNet]), { ...OPTIONS, adminNetworksMatchPods: true }, P(A), P(C), TCP80)).toBe(false);
  });
});
