import { connectivity, explain } from '../../../src/engine/analysis/index.js';
import type { Explanation } from '../../../src/engine/result.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';
import {
  adminPolicy,
  baselinePolicy,
  containerPort,
  inNamespaces,
  namespace,
  namespacesPeer,
  networkPolicy,
  networksPeer,
  node,
  nodesPeer,
  pod,
  pods,
  podsPeer,
  sel,
  snapshot,
  tcp,
} from './builders.js';
import { canReach, codes, conns, run } from './helpers.js';

const namespaces = [namespace('x', { team: 'x' }), namespace('y', { team: 'y' })];
const podsXY = [pod('x/a', { app: 'a' }), pod('x/b', { app: 'b' }), pod('y/a', { app: 'a' }), pod('y/b', { app: 'b' })];
const denyAllInX = networkPolicy('x/deny', { ingress: [] });
const allowAllInX = networkPolicy('x/allow', { ingress: [{}] });

describe('admin tier against NetworkPolicies', () => {
  it('an ANP Allow lets traffic through that NetworkPolicies deny', () => {
    const anp = adminPolicy('allow-y', 10, inNamespaces({ team: 'x' }), { ingress: [{ action: 'Allow', peers: [namespacesPeer({ team: 'y' })], ports: [tcp(80)] }] });
    const a = run(snapshot({ namespaces, pods: podsXY, networkPolicies: [denyAllInX], adminPolicies: [anp] }));
    expect(conns(a, 'y/a', 'x/a').equals(PortSet.port('TCP', 80))).toBe(true);
    expect(canReach(a, 'x/b', 'x/a')).toBe(false);
  });

  it('an ANP Deny blocks traffic that NetworkPolicies allow', () => {
    const anp = adminPolicy('deny-y', 10, inNamespaces({ team: 'x' }), { ingress: [{ action: 'Deny', peers: [podsPeer({ team: 'y' }, { app: 'b' })] }] });
    const a = run(snapshot({ namespaces, pods: podsXY, networkPolicies: [allowAllInX], adminPolicies: [anp] }));
    expect(canReach(a, 'y/b', 'x/a')).toBe(false);
    expect(canReach(a, 'y/a', 'x/a')).toBe(true);
  });

  it('the lower priority number is evaluated first', () => {
    const deny = adminPolicy('z-deny', 1, inNamespaces({ team: 'x' }), { ingress: [{ action: 'Deny', peers: [namespacesPeer({ team: 'y' })] }] });
    const allow = adminPolicy('a-allow', 2, inNamespaces({ team: 'x' }), { ingress: [{ action: 'Allow', peers: [namespacesPeer({ team: 'y' })] }] });
    const a = run(snapshot({ namespaces, pods: podsXY, adminPolicies: [allow, deny] }));
    expect(canReach(a, 'y/a', 'x/a')).toBe(false);
  });

  it('Pass hands the decision to NetworkPolicies; without them the baseline decides', () => {
    const pass = adminPolicy('pass', 10, inNamespaces({}), { ingress: [{ action: 'Pass', peers: [namespacesPeer({})] }] });
    const banp = baselinePolicy(inNamespaces({}), { ingress: [{ action: 'Deny', peers: [namespacesPeer({ team: 'y' })] }] });
    const a = run(snapshot({ namespaces, pods: podsXY, networkPolicies: [allowAllInX], adminPolicies: [pass, banp] }));
    // x is isolated by a NetworkPolicy that allows all: the baseline Deny does not apply there.
    expect(canReach(a, 'y/a', 'x/a')).toBe(true);
    // y has no NetworkPolicy: the baseline Deny applies to traffic from y to y.
    expect(canReach(a, 'y/a', 'y/b')).toBe(false);
    expect(canReach(a, 'x/a', 'y/b')).toBe(true);
  });

  it('the baseline only decides what no NetworkPolicy isolates', () => {
    const banp = baselinePolicy(inNamespaces({}), { ingress: [{ action: 'Deny', peers: [namespacesPeer({})] }] });
    const a = run(snapshot({ namespaces, pods: podsXY, networkPolicies: [networkPolicy('x/a80', { podSelector: sel({ app: 'a' }), ingress: [{ ports: [tcp(80)] }] })], adminPolicies: [banp] }));
    expect(conns(a, 'y/a', 'x/a').equals(PortSet.port('TCP', 80))).toBe(true);
    expect(canReach(a, 'y/a', 'x/b')).toBe(false);
  });

  it('egress and ingress are decided independently: an ingress Allow does not lift an egress isolation', () => {
    const anp = adminPolicy('allow-in', 1, inNamespaces({ team: 'x' }), { ingress: [{ action: 'Allow', peers: [namespacesPeer({})] }] });
    const egressDeny = networkPolicy('y/no-egress', { egress: [], types: ['Egress'] });
    const a = run(snapshot({ namespaces, pods: podsXY, networkPolicies: [egressDeny], adminPolicies: [anp] }));
    expect(canReach(a, 'y/a', 'x/a')).toBe(false);
  });

  it('admin pod peers use namespaceSelector AND podSelector', () => {
    const anp = adminPolicy('deny', 1, inNamespaces({ team: 'x' }), { ingress: [{ action: 'Deny', peers: [podsPeer({ team: 'y' }, { app: 'a' })] }] });
    const a = run(snapshot({ namespaces, pods: podsXY, adminPolicies: [anp] }));
    expect(canReach(a, 'y/a', 'x/b')).toBe(false);
    expect(canReach(a, 'y/b', 'x/b')).toBe(true);
    expect(canReach(a, 'x/a', 'x/b')).toBe(true);
  });

  it('admin ports: port ranges and named ports resolved on the destination pod', () => {
    const server = pod('x/s', { app: 's' }, { ports: [containerPort(8443, 'web')] });
    const anp = adminPolicy('ports', 1, inNamespaces({ team: 'x' }), {
      ingress: [
        { action: 'Allow', peers: [namespacesPeer({})], ports: [tcp(1000, 1002), ...(['TCP', 'UDP', 'SCTP'] as const).map((protocol) => ({ kind: 'named' as const, protocol, name: 'web' }))] },
        { action: 'Deny', peers: [namespacesPeer({})] },
      ],
    });
    const a = run(snapshot({ namespaces, pods: [...podsXY, server], adminPolicies: [anp] }));
    expect(conns(a, 'y/a', 'x/s').equals(PortSet.range('TCP', 1000, 1002).union(PortSet.port('TCP', 8443)))).toBe(true);
    expect(codes(a)).toContain('port.named.unresolved'); // x/a and x/b have no port named web
  });
});

describe('admin tier: networks and nodes peers', () => {
  const withIps = podsXY.map((p, i) => ({ ...p, ips: [`10.1.0.${i + 1}`] }));

  it('networks match external addresses; pod IPs only with adminNetworksMatchPods', () => {
    const anp = adminPolicy('deny-net', 1, inNamespaces({ team: 'x' }), { egress: [{ action: 'Deny', peers: [networksPeer('10.1.0.0/16')] }] });
    const base = snapshot({ namespaces, pods: withIps, adminPolicies: [anp] });
    const off = run(base);
    expect(canReach(off, 'x/a', 'y/a')).toBe(true);
    const external = connectivity(off, 'pod', 's').connections.filter((c) => c.src.kind === 'Pod' && c.src.name === 'a' && c.src.namespace === 'x' && c.dst.kind === 'External');
    const cidrs = external.flatMap((c) => (c.dst.kind === 'External' ? (c.dst as { cidrs: string[] }).cidrs : []));
    expect(cidrs).not.toContain('10.1.0.0/16');
    const on = run(base, { adminNetworksMatchPods: true });
    expect(canReach(on, 'x/a', 'y/a')).toBe(false);
    // ipBlockMatchesPods is about NetworkPolicy ipBlocks, not admin networks.
    expect(canReach(run(base, { ipBlockMatchesPods: true }), 'x/a', 'y/a')).toBe(true);
  });

  it('nodes peers match hostNetwork pods on the selected nodes and the node IPs as addresses', () => {
    const nodes = [node('n1', ['192.168.1.1'], { role: 'infra' }), node('n2', ['192.168.1.2'])];
    const host1 = pod('y/h1', { app: 'h' }, { hostNetwork: true, nodeName: 'n1', ips: ['192.168.1.1'] });
    const host2 = pod('y/h2', { app: 'h' }, { hostNetwork: true, nodeName: 'n2', ips: ['192.168.1.2'] });
    const anp = adminPolicy('deny-infra', 1, inNamespaces({ team: 'x' }), { egress: [{ action: 'Deny', peers: [nodesPeer({ role: 'infra' })] }] });
    const a = run(snapshot({ namespaces, nodes, pods: [...podsXY, host1, host2], adminPolicies: [anp] }));
    expect(canReach(a, 'x/a', 'y/h1')).toBe(false);
    expect(canReach(a, 'x/a', 'y/h2')).toBe(true);
    expect(canReach(a, 'x/a', 'y/a')).toBe(true);
    const ex = explain(a, 'x/a', '192.168.1.1', 80, 'TCP') as Explanation;
    expect(ex.allowed).toBe(false);
    const ex2 = explain(a, 'x/a', '192.168.1.2', 80, 'TCP') as Explanation;
    expect(ex2.allowed).toBe(true);
  });
});

describe('admin tier: equal priorities', () => {
  it('warns, applies the policy first by name, and says so in explanations', () => {
    const allow = adminPolicy('a-allow', 5, inNamespaces({ team: 'x' }), { ingress: [{ action: 'Allow', peers: [namespacesPeer({ team: 'y' })] }] });
    const deny = adminPolicy('b-deny', 5, inNamespaces({ team: 'x' }), { ingress: [{ action: 'Deny', peers: [namespacesPeer({ team: 'y' })] }] });
    const a = run(snapshot({ namespaces, pods: podsXY, networkPolicies: [denyAllInX], adminPolicies: [deny, allow] }));
    expect(canReach(a, 'y/a', 'x/a')).toBe(true);
    expect(codes(a).filter((c) => c === 'anp.priority.tie')).toHaveLength(1);
    const ex = explain(a, 'y/a', 'x/a', 80, 'TCP') as Explanation;
    expect(ex.ingress.decidedBy).toEqual([{ kind: 'AdminNetworkPolicy', name: 'a-allow', rule: 'ingress[0]', tier: 'admin', action: 'Allow', priority: 5 }]);
    expect(ex.ingress.reason).toContain('a-allow was applied');
  });

  it('does not warn about equal priorities whose rules never meet', () => {
    const one = adminPolicy('one', 5, inNamespaces({ team: 'x' }), { ingress: [{ action: 'Allow', peers: [namespacesPeer({ team: 'y' })] }] });
    const two = adminPolicy('two', 5, inNamespaces({ team: 'y' }), { ingress: [{ action: 'Deny', peers: [namespacesPeer({ team: 'x' })] }] });
    const a = run(snapshot({ namespaces, pods: podsXY, adminPolicies: [one, two] }));
    expect(codes(a)).not.toContain('anp.priority.tie');
  });
});

describe('admin tier: ClusterNetworkPolicy tiers', () => {
  it('a CNP in the baseline tier acts like the BANP', () => {
    const cnp = { ...adminPolicy('baseline-deny', 3, inNamespaces({ team: 'x' }), { ingress: [{ action: 'Deny' as const, peers: [namespacesPeer({})] }] }, 'ClusterNetworkPolicy'), tier: 'baseline' as const };
    const withoutNp = run(snapshot({ namespaces, pods: podsXY, adminPolicies: [cnp] }));
    expect(canReach(withoutNp, 'y/a', 'x/a')).toBe(false);
    const withNp = run(snapshot({ namespaces, pods: podsXY, networkPolicies: [allowAllInX], adminPolicies: [cnp] }));
    expect(canReach(withNp, 'y/a', 'x/a')).toBe(true);
  });

  it('pods peers of NetworkPolicies and admin subjects never select the ingress of another namespace by mistake', () => {
    const np = networkPolicy('x/from-b', { podSelector: sel({ app: 'a' }), ingress: [{ peers: [pods(sel({ app: 'b' }))] }] });
    const a = run(snapshot({ namespaces, pods: podsXY, networkPolicies: [np] }));
    expect(canReach(a, 'x/b', 'x/a')).toBe(true);
    expect(canReach(a, 'y/b', 'x/a')).toBe(false);
    expect(canReach(a, 'y/b', 'y/a')).toBe(true);
  });
});
