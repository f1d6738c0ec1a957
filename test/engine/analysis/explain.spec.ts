import { explain } from '../../../src/engine/analysis/index.js';
import type { IngressRouteModel, ServiceModel } from '../../../src/engine/model.js';
import type { Explanation } from '../../../src/engine/result.js';
import { adminPolicy, baselinePolicy, inNamespaces, ipBlock, namespace, namespacesPeer, networkPolicy, pod, pods, sel, snapshot, tcp } from './builders.js';
import { run } from './helpers.js';

const namespaces = [namespace('x', { team: 'x' }), namespace('y', { team: 'y' })];
const podList = [
  pod('x/a', { app: 'a' }, { workload: { kind: 'Deployment', namespace: 'x', name: 'alpha' } }),
  pod('x/b', { app: 'b' }),
  pod('y/c', { app: 'c' }),
];

function ok(value: Explanation | { error: string }): Explanation {
  if ('error' in value) throw new Error(value.error);
  return value;
}

describe('explain', () => {
  it('default allow: kind Default on both sides', () => {
    const e = ok(explain(run(snapshot({ namespaces, pods: podList })), 'x/a', 'x/b', 80, 'TCP'));
    expect(e.allowed).toBe(true);
    expect(e.egress.decidedBy).toEqual([{ kind: 'Default', tier: 'default', action: 'Allow' }]);
    expect(e.ingress.reason).toBe('no policy selects x/b for ingress: allowed by default');
    expect(e.src).toEqual({ kind: 'Pod', namespace: 'x', name: 'a' });
    expect(e.options).toEqual({ ipBlockMatchesPods: false, hostNetwork: 'node', adminNetworksMatchPods: false });
  });

  it('denial by NetworkPolicy isolation names the isolating policies', () => {
    const policies = [networkPolicy('x/deny', { podSelector: sel({ app: 'b' }), ingress: [] }), networkPolicy('x/only-c', { podSelector: sel({ app: 'b' }), ingress: [{ peers: [pods(sel({ app: 'c' }))] }] })];
    const e = ok(explain(run(snapshot({ namespaces, pods: podList, networkPolicies: policies })), 'x/a', 'x/b', 80, 'TCP'));
    expect(e.allowed).toBe(false);
    expect(e.egress.allowed).toBe(true);
    expect(e.ingress.decidedBy).toEqual([
      { kind: 'NetworkPolicy', namespace: 'x', name: 'deny', tier: 'networkpolicy', action: 'Isolate' },
      { kind: 'NetworkPolicy', namespace: 'x', name: 'only-c', tier: 'networkpolicy', action: 'Isolate' },
    ]);
    expect(e.ingress.reason).toContain('x/b is isolated for ingress by NetworkPolicy x/deny, x/only-c');
    expect(e.decidedBy).toEqual(e.ingress.decidedBy);
  });

  it('an allowing NetworkPolicy rule is named with its index', () => {
    const policies = [networkPolicy('x/web', { podSelector: sel({ app: 'b' }), ingress: [{ ports: [tcp(443)] }, { ports: [tcp(80)] }] })];
    const e = ok(explain(run(snapshot({ namespaces, pods: podList, networkPolicies: policies })), 'x/a', 'x/b', 80, 'TCP'));
    expect(e.allowed).toBe(true);
    expect(e.ingress.decidedBy).toEqual([{ kind: 'NetworkPolicy', namespace: 'x', name: 'web', rule: 'ingress[1]', tier: 'networkpolicy', action: 'Allow' }]);
  });

  it('an admin Deny is named with rule index and name, tier and priority', () => {
    const anp = adminPolicy('no-y', 7, inNamespaces({ team: 'y' }), { egress: [{ action: 'Allow', peers: [namespacesPeer({ team: 'y' })] }, { name: 'block-x', action: 'Deny', peers: [namespacesPeer({ team: 'x' })] }] });
    const e = ok(explain(run(snapshot({ namespaces, pods: podList, adminPolicies: [anp] })), 'y/c', 'x/b', 80, 'TCP'));
    expect(e.allowed).toBe(false);
    expect(e.egress.decidedBy).toEqual([{ kind: 'AdminNetworkPolicy', name: 'no-y', rule: 'egress[1] (name: block-x)', tier: 'admin', action: 'Deny', priority: 7 }]);
    expect(e.decidedBy).toEqual(e.egress.decidedBy);
  });

  it('Pass followed by the baseline names both decisions in order', () => {
    const pass = adminPolicy('pass', 3, inNamespaces({}), { ingress: [{ action: 'Pass', peers: [namespacesPeer({})] }] });
    const banp = baselinePolicy(inNamespaces({}), { ingress: [{ action: 'Deny', peers: [namespacesPeer({ team: 'y' })] }] });
    const e = ok(explain(run(snapshot({ namespaces, pods: podList, adminPolicies: [pass, banp] })), 'y/c', 'x/a', 80, 'TCP'));
    expect(e.allowed).toBe(false);
    expect(e.ingress.decidedBy.map((d) => [d.kind, d.action, d.tier])).toEqual([
      ['AdminNetworkPolicy', 'Pass', 'admin'],
      ['BaselineAdminNetworkPolicy', 'Deny', 'baseline'],
    ]);
  });

  it('explanations agree with the connectivity matrix on the port asked', () => {
    const policies = [networkPolicy('x/web', { podSelector: sel({ app: 'b' }), ingress: [{ ports: [tcp(80)] }] })];
    const a = run(snapshot({ namespaces, pods: podList, networkPolicies: policies }));
    expect(ok(explain(a, 'x/a', 'x/b', 80, 'TCP')).allowed).toBe(true);
    expect(ok(explain(a, 'x/a', 'x/b', 81, 'TCP')).allowed).toBe(false);
    expect(ok(explain(a, 'x/a', 'x/b', 80, 'UDP')).allowed).toBe(false);
  });

  it('a workload name stands for its first pod, with or without [Kind]', () => {
    const a = run(snapshot({ namespaces, pods: podList }));
    expect(ok(explain(a, 'x/alpha', 'x/b', 80, 'TCP')).src).toEqual({ kind: 'Pod', namespace: 'x', name: 'a' });
    expect(ok(explain(a, 'x/alpha[Deployment]', 'x/b', 80, 'TCP')).src).toEqual({ kind: 'Pod', namespace: 'x', name: 'a' });
  });

  it('towards an address only the source egress applies', () => {
    const policies = [networkPolicy('x/out', { podSelector: sel({ app: 'a' }), egress: [{ peers: [ipBlock('10.0.0.0/8')] }], types: ['Egress'] })];
    const a = run(snapshot({ namespaces, pods: podList, networkPolicies: policies }));
    const inside = ok(explain(a, 'x/a', '10.1.2.3', 443, 'TCP'));
    expect(inside.allowed).toBe(true);
    expect(inside.dst).toEqual({ kind: 'External', cidrs: ['10.1.2.3/32'] });
    expect(inside.ingress.allowed).toBe(true);
    expect(ok(explain(a, 'x/a', '8.8.8.8', 53, 'UDP')).allowed).toBe(false);
    expect(ok(explain(a, '8.8.8.8', 'x/a', 53, 'UDP')).allowed).toBe(true);
  });

  it('accepts a CIDR that policies treat as one block, and refuses one they split', () => {
    const policies = [networkPolicy('x/out', { podSelector: sel({ app: 'a' }), egress: [{ peers: [ipBlock('10.0.0.0/8')] }], types: ['Egress'] })];
    const a = run(snapshot({ namespaces, pods: podList, networkPolicies: policies }));
    expect(ok(explain(a, 'x/a', '10.2.0.0/16', 80, 'TCP')).allowed).toBe(true);
    expect(explain(a, 'x/a', '0.0.0.0/0', 80, 'TCP')).toHaveProperty('error');
  });

  it('from the ingress controller: the route decides the egress side, ingress policies the other', () => {
    const service: ServiceModel = { namespace: 'x', name: 'b', selector: { app: 'b' }, type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] };
    const route: IngressRouteModel = { source: { kind: 'Ingress', namespace: 'x', name: 'ing' }, namespace: 'x', service: 'b' };
    const a = run(snapshot({ namespaces, pods: podList, services: [service], ingressRoutes: [route] }));
    const e = ok(explain(a, '{ingress-controller}', 'x/b', 8080, 'TCP'));
    expect(e.allowed).toBe(true);
    expect(e.src).toEqual({ kind: 'IngressController' });
    expect(e.egress.reason).toContain('Ingress x/ing');
    expect(ok(explain(a, '{ingress-controller}', 'x/b', 80, 'TCP')).allowed).toBe(false);
    expect(ok(explain(a, '{ingress-controller}', 'x/a', 8080, 'TCP')).allowed).toBe(false);
  });

  it('a pod and itself is always allowed', () => {
    const a = run(snapshot({ namespaces, pods: podList, networkPolicies: [networkPolicy('x/deny', { ingress: [], egress: [] })] }));
    expect(ok(explain(a, 'x/a', 'x/a', 80, 'TCP')).allowed).toBe(true);
  });

  it('bad questions come back as errors', () => {
    const a = run(snapshot({ namespaces, pods: podList }));
    expect(explain(a, 'x/nope', 'x/b', 80, 'TCP')).toHaveProperty('error');
    expect(explain(a, 'x/a', 'x/b', 0, 'TCP')).toHaveProperty('error');
    expect(explain(a, 'x/a', 'x/b', 80, 'ICMP' as never)).toHaveProperty('error');
    expect(explain(a, 'x/a', '{ingress-controller}', 80, 'TCP')).toHaveProperty('error');
    expect(explain(a, '1.2.3.4', '5.6.7.8', 80, 'TCP')).toHaveProperty('error');
    expect(explain(a, 'not an address', 'x/b', 80, 'TCP')).toHaveProperty('error');
  });
});
