// Rules for the implementation-defined options: hostNetwork pods ('node' mode) and
// adminNetworksMatchPods. (ipBlockMatchesPods is in ip-block.spec.ts.)

import { allowed, analysisCodes, anp, load, netpol, ns, pod, podConnectivity, reach } from './helpers.js';

const node = `apiVersion: v1
kind: Node
metadata:
  name: n1
status:
  addresses:
  - {type: InternalIP, address: 192.168.1.1}`;

describe('rule: hostNetwork pods', () => {
  const cluster = [ns('x'), ns('y'), node, pod('x/host', { app: 'host' }, { hostNetwork: true, nodeName: 'n1', ip: '192.168.1.1' }), pod('x/a', { app: 'a' }), pod('y/c', { app: 'c' })];

  it('are not selectable as subjects: a deny-all in their namespace leaves them open both ways', () => {
    const w = load([...cluster, netpol('x/deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]')]);
    expect(reach(w, 'y/c', 'x/host')).toBe(true);
    expect(reach(w, 'x/host', 'y/c')).toBe(true);
    expect(reach(w, 'y/c', 'x/a')).toBe(false); // the ordinary pod beside it is isolated
  });

  it('are not admin-tier subjects either', () => {
    const w = load([...cluster, anp('deny', 'priority: 1\nsubject:\n  namespaces: {}\ningress:\n- action: Deny\n  from:\n  - namespaces: {}')]);
    expect(reach(w, 'y/c', 'x/host')).toBe(true);
    expect(reach(w, 'y/c', 'x/a')).toBe(false);
  });

  it('as peers, pod selectors do not match them; an ipBlock holding their node IP does', () => {
    const bySelector = load([...cluster, netpol('y/out', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- to:\n  - namespaceSelector: {}')]);
    expect(reach(bySelector, 'y/c', 'x/a')).toBe(true);
    expect(reach(bySelector, 'y/c', 'x/host')).toBe(false);
    const byAddress = load([...cluster, netpol('y/out', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 192.168.1.0/24}')]);
    expect(reach(byAddress, 'y/c', 'x/host')).toBe(true); // even with ipBlockMatchesPods false
    expect(reach(byAddress, 'y/c', 'x/a')).toBe(false);
  });

  it('are flagged with a warning naming the pod', () => {
    const w = load(cluster);
    const flagged = w.analysis.diagnostics.filter((d) => d.code === 'pod.hostNetwork');
    expect(flagged).toHaveLength(1);
    expect(flagged[0].object).toBe('Pod x/host');
    expect(analysisCodes(load([ns('x'), pod('x/a')]))).not.toContain('pod.hostNetwork');
  });
});

describe('rule: adminNetworksMatchPods', () => {
  const docs = [
    ns('x', { team: 'x' }),
    pod('x/a', { app: 'a' }),
    pod('x/in', { app: 'in' }, { ip: '10.1.0.5' }),
    pod('x/out', { app: 'out' }, { ip: '10.2.0.5' }),
    anp('deny-net', 'priority: 1\nsubject:\n  pods:\n    podSelector: {matchLabels: {app: a}}\negress:\n- action: Deny\n  to:\n  - networks: [10.1.0.0/16]'),
  ];

  it('false (default): a networks peer matches addresses, not the pod holding one', () => {
    const w = load(docs);
    expect(reach(w, 'x/a', 'x/in')).toBe(true);
    expect(allowed(w, 'x/a', '10.1.0.9')).toBe(false);
  });

  it('true: the pod whose IP is in the network is matched, others are not', () => {
    const w = load(docs, { adminNetworksMatchPods: true });
    expect(reach(w, 'x/a', 'x/in')).toBe(false);
    expect(reach(w, 'x/a', 'x/out')).toBe(true);
  });

  it('is independent of ipBlockMatchesPods, and every result echoes the options in force', () => {
    const w = load(docs, { ipBlockMatchesPods: true });
    expect(reach(w, 'x/a', 'x/in')).toBe(true);
    expect(podConnectivity(w).options).toEqual({ ipBlockMatchesPods: true, hostNetwork: 'node', adminNetworksMatchPods: false });
  });
});
