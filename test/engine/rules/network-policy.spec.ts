// Rules of networking.k8s.io/v1 NetworkPolicy, end to end from YAML. Every test checks the
// allowed side and the denied side, so a wrong rule in either direction fails it.

import { allowed, conns, load, netpol, ns, pod, reach, why } from './helpers.js';

const EXTERNAL = '203.0.113.7';
const base = [ns('x', { team: 'x' }), ns('y', { team: 'y' }), pod('x/a', { app: 'a' }), pod('x/b', { app: 'b' }), pod('y/a', { app: 'a' }), pod('y/b', { app: 'b' })];

describe('rule: podSelector {} selects every pod of the policy namespace, and only those', () => {
  it('a deny-all in x isolates x/a and x/b but leaves y/a and y/b open', () => {
    const w = load([...base, netpol('x/deny', 'podSelector: {}\npolicyTypes: [Ingress]')]);
    expect(reach(w, 'y/b', 'x/a')).toBe(false);
    expect(reach(w, 'x/a', 'x/b')).toBe(false);
    expect(reach(w, 'x/a', 'y/a')).toBe(true);
    expect(reach(w, 'x/b', 'y/b')).toBe(true);
  });
});

describe('rule: policyTypes inferred when absent', () => {
  it('no policyTypes and no ingress field: the pod is isolated for ingress (deny all ingress)', () => {
    const w = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}')]);
    expect(reach(w, 'x/b', 'x/a')).toBe(false);
    expect(reach(w, 'x/a', 'x/b')).toBe(true); // egress not affected
  });

  it('no policyTypes and a non-empty egress list: Egress is inferred (and Ingress too)', () => {
    const w = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}\negress:\n- to:\n  - podSelector: {matchLabels: {app: b}}')]);
    expect(reach(w, 'x/a', 'x/b')).toBe(true);
    expect(reach(w, 'x/a', 'y/b')).toBe(false); // egress isolated: only x/b allowed
    expect(reach(w, 'x/b', 'x/a')).toBe(false); // Ingress always inferred: no ingress rules = deny
  });

  it('no policyTypes and `egress: []`: Egress is NOT inferred, the pod keeps all egress', () => {
    const w = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}\negress: []')]);
    expect(reach(w, 'x/a', 'y/b')).toBe(true);
    expect(allowed(w, 'x/a', EXTERNAL)).toBe(true);
    expect(reach(w, 'x/b', 'x/a')).toBe(false); // still ingress-isolated
  });
});

describe('rule: policyTypes honoured when present', () => {
  it('[Egress] with ingress rules present: the ingress rules are ignored, the pod is not ingress-isolated', () => {
    const w = load([
      ...base,
      netpol('x/p', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]\ningress:\n- from:\n  - podSelector: {matchLabels: {app: b}}\negress: []'),
    ]);
    expect(reach(w, 'y/a', 'x/a')).toBe(true); // would be denied if the ingress rule applied
    expect(reach(w, 'x/a', 'x/b')).toBe(false); // egress honoured: deny all
    expect(why(w, 'y/a', 'x/a').ingress.decidedBy).toEqual([{ kind: 'Default', tier: 'default', action: 'Allow' }]);
  });

  it('[Ingress] with egress rules present: the egress rules are ignored', () => {
    const w = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Ingress]\ningress: [{}]\negress:\n- to:\n  - podSelector: {matchLabels: {app: b}}')]);
    expect(reach(w, 'x/a', 'y/a')).toBe(true); // would be denied if egress applied
    expect(allowed(w, 'x/a', EXTERNAL)).toBe(true);
  });
});

describe('rule: no rules denies the direction, one empty rule allows it all', () => {
  it('`ingress: []` denies all ingress, from pods and addresses', () => {
    const w = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Ingress]\ningress: []')]);
    expect(reach(w, 'x/b', 'x/a')).toBe(false);
    expect(allowed(w, EXTERNAL, 'x/a')).toBe(false);
    expect(reach(w, 'x/b', 'y/a')).toBe(true);
  });

  it('`ingress: [{}]` allows all ingress, from every namespace and every address, on every port', () => {
    const w = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Ingress, Egress]\ningress: [{}]')]);
    expect(conns(w, 'y/b', 'x/a')).toBe('All Connections');
    expect(allowed(w, EXTERNAL, 'x/a', 5353, 'UDP')).toBe(true);
    expect(reach(w, 'x/a', 'x/b')).toBe(false); // Egress listed with no rules: denied
  });

  it('`egress: [{}]` allows all egress including external addresses; `egress: []` with Egress type denies it', () => {
    const open = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]\negress: [{}]')]);
    expect(allowed(open, 'x/a', EXTERNAL, 443)).toBe(true);
    expect(conns(open, 'x/a', 'y/b')).toBe('All Connections');
    const closed = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]\negress: []')]);
    expect(allowed(closed, 'x/a', EXTERNAL, 443)).toBe(false);
    expect(reach(closed, 'x/a', 'y/b')).toBe(false);
  });
});

describe('rule: `from: []` / missing `from` = every peer; `ports: []` / missing = every port', () => {
  for (const [label, rule] of [
    ['missing from', '- ports: [{port: 80}]'],
    ['from: []', '- from: []\n  ports: [{port: 80}]'],
  ] as const) {
    it(`${label} matches pods of every namespace and external addresses, on the listed port only`, () => {
      const w = load([...base, netpol('x/p', `podSelector: {matchLabels: {app: a}}\ningress:\n${rule}`)]);
      expect(reach(w, 'y/b', 'x/a', 80)).toBe(true);
      expect(allowed(w, EXTERNAL, 'x/a', 80)).toBe(true);
      expect(reach(w, 'y/b', 'x/a', 81)).toBe(false);
      expect(allowed(w, EXTERNAL, 'x/a', 81)).toBe(false);
    });
  }

  for (const [label, rule] of [
    ['missing ports', '- from:\n  - podSelector: {matchLabels: {app: b}}'],
    ['ports: []', '- from:\n  - podSelector: {matchLabels: {app: b}}\n  ports: []'],
  ] as const) {
    it(`${label} allows every port and protocol from the listed peers only`, () => {
      const w = load([...base, netpol('x/p', `podSelector: {matchLabels: {app: a}}\ningress:\n${rule}`)]);
      expect(conns(w, 'x/b', 'x/a')).toBe('All Connections');
      expect(reach(w, 'y/b', 'x/a')).toBe(false);
      expect(allowed(w, EXTERNAL, 'x/a')).toBe(false);
    });
  }
});

describe('rule: namespaceSelector + podSelector in one peer = AND, separate peers = OR', () => {
  it('one peer with both selectors: only pods with the label in the selected namespaces', () => {
    const w = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: y}}\n    podSelector: {matchLabels: {app: b}}')]);
    expect(reach(w, 'y/b', 'x/a')).toBe(true);
    expect(reach(w, 'y/a', 'x/a')).toBe(false); // right namespace, wrong pod
    expect(reach(w, 'x/b', 'x/a')).toBe(false); // right pod, wrong namespace
  });

  it('two peers: pods of the selected namespaces, or pods with the label in the policy namespace', () => {
    const w = load([
      ...base,
      pod('x/c', { app: 'c' }),
      netpol('x/p', 'podSelector: {matchLabels: {app: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: y}}\n  - podSelector: {matchLabels: {app: b}}'),
    ]);
    expect(reach(w, 'y/a', 'x/a')).toBe(true);
    expect(reach(w, 'y/b', 'x/a')).toBe(true);
    expect(reach(w, 'x/b', 'x/a')).toBe(true);
    expect(reach(w, 'x/c', 'x/a')).toBe(false);
  });

  it('a namespaceSelector matching no namespace matches nothing', () => {
    const w = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: nobody}}')]);
    expect(reach(w, 'y/a', 'x/a')).toBe(false);
    expect(reach(w, 'x/b', 'x/a')).toBe(false);
  });
});

describe('rule: a podSelector peer alone means the policy namespace', () => {
  it('in an egress rule too: x/a may reach x/b but not y/b', () => {
    const w = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - podSelector: {matchLabels: {app: b}}')]);
    expect(reach(w, 'x/a', 'x/b')).toBe(true);
    expect(reach(w, 'x/a', 'y/b')).toBe(false);
  });
});

describe('rule: a connection needs the source egress AND the destination ingress', () => {
  it('egress allows 80-81, ingress allows 81-82: only 81 gets through', () => {
    const w = load([
      ...base,
      netpol('x/out', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 80}, {port: 81}]'),
      netpol('y/in', 'podSelector: {matchLabels: {app: b}}\ningress:\n- ports: [{port: 81}, {port: 82}]'),
    ]);
    expect(conns(w, 'x/a', 'y/b')).toBe('TCP 81');
    const e = why(w, 'x/a', 'y/b', 80);
    expect([e.allowed, e.egress.allowed, e.ingress.allowed]).toEqual([false, true, false]);
    const f = why(w, 'x/a', 'y/b', 82);
    expect([f.allowed, f.egress.allowed, f.ingress.allowed]).toEqual([false, false, true]);
  });
});

describe('rule: the union of all policies selecting a pod', () => {
  it('a deny-all and an allow-from-b on the same pod: b gets in, others do not', () => {
    const w = load([
      ...base,
      netpol('x/deny', 'podSelector: {}\npolicyTypes: [Ingress]'),
      netpol('x/from-b', 'podSelector: {matchLabels: {app: a}}\ningress:\n- from:\n  - podSelector: {matchLabels: {app: b}}\n  ports: [{port: 80}]'),
      netpol('x/from-y', 'podSelector: {matchLabels: {app: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: y}}\n  ports: [{port: 443}]'),
    ]);
    expect(conns(w, 'x/b', 'x/a')).toBe('TCP 80');
    expect(conns(w, 'y/b', 'x/a')).toBe('TCP 443');
    expect(reach(w, 'x/a', 'x/b')).toBe(false); // deny applies to x/b too
  });

  it('rules within one policy add up too', () => {
    const w = load([...base, netpol('x/p', 'podSelector: {matchLabels: {app: a}}\ningress:\n- ports: [{port: 80}]\n- ports: [{port: 53, protocol: UDP}]')]);
    expect(conns(w, 'y/a', 'x/a')).toBe('TCP 80,UDP 53');
  });
});
