import { adminPolicy, inNamespaces, ipBlock, namespacesPeer, networkPolicy, node, pod, pods, sel, snapshot } from './builders.js';
import { canReach, codes, run } from './helpers.js';

const nodes = [node('n1', ['192.168.0.1'])];
const host = pod('x/host', { app: 'host' }, { hostNetwork: true, nodeName: 'n1', ips: ['192.168.0.1'] });
const regular = [pod('x/a', { app: 'a' }, { ips: ['10.0.0.1'] }), pod('y/b', { app: 'b' }, { ips: ['10.0.0.2'] })];

describe('hostNetwork pods', () => {
  it('are not selected as subjects: a default deny in their namespace does not restrict them', () => {
    const a = run(snapshot({ nodes, pods: [host, ...regular], networkPolicies: [networkPolicy('x/deny', { ingress: [], egress: [] })] }));
    expect(canReach(a, 'y/b', 'x/host')).toBe(true);
    expect(canReach(a, 'x/host', 'y/b')).toBe(true);
    expect(canReach(a, 'y/b', 'x/a')).toBe(false);
  });

  it('are not selected as admin-tier subjects either', () => {
    const anp = adminPolicy('deny', 1, inNamespaces({}), { ingress: [{ action: 'Deny', peers: [namespacesPeer({})] }] });
    const a = run(snapshot({ nodes, pods: [host, ...regular], adminPolicies: [anp] }));
    expect(canReach(a, 'y/b', 'x/host')).toBe(true);
    expect(canReach(a, 'y/b', 'x/a')).toBe(false);
  });

  it('are not matched by pod selectors, only by address blocks holding their node IP', () => {
    const bySelector = networkPolicy('y/from-x', { ingress: [{ peers: [pods(null, sel())] }] });
    const a = run(snapshot({ nodes, pods: [host, ...regular], networkPolicies: [bySelector] }));
    expect(canReach(a, 'x/host', 'y/b')).toBe(false);
    expect(canReach(a, 'x/a', 'y/b')).toBe(true);

    const byAddress = networkPolicy('y/from-node', { ingress: [{ peers: [ipBlock('192.168.0.0/24')] }] });
    const b = run(snapshot({ nodes, pods: [host, ...regular], networkPolicies: [byAddress] }));
    expect(canReach(b, 'x/host', 'y/b')).toBe(true);
    expect(canReach(b, 'x/a', 'y/b')).toBe(false);
  });

  it('match through their node IP even when the pod lists no IP', () => {
    const noIp = pod('x/host', { app: 'host' }, { hostNetwork: true, nodeName: 'n1' });
    const byAddress = networkPolicy('y/from-node', { ingress: [{ peers: [ipBlock('192.168.0.1/32')] }] });
    const a = run(snapshot({ nodes, pods: [noIp, ...regular], networkPolicies: [byAddress] }));
    expect(canReach(a, 'x/host', 'y/b')).toBe(true);
  });

  it('are flagged with one warning per pod', () => {
    const second = pod('x/host2', { app: 'host' }, { hostNetwork: true, nodeName: 'n1', ips: ['192.168.0.1'] });
    const a = run(snapshot({ nodes, pods: [host, second, ...regular] }));
    const warnings = a.diagnostics.filter((d) => d.code === 'pod.hostNetwork');
    expect(warnings.map((d) => d.object)).toEqual(['Pod x/host', 'Pod x/host2']);
    expect(warnings.every((d) => d.severity === 'warning')).toBe(true);
    expect(codes(run(snapshot({ pods: regular })))).not.toContain('pod.hostNetwork');
  });
});
