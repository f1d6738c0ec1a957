// Rules of the admin tiers, end to end from YAML: AdminNetworkPolicy (priority, rules in order,
// Allow/Deny/Pass, peers, ports), BaselineAdminNetworkPolicy (singleton `default`, only when no
// NetworkPolicy isolates), ClusterNetworkPolicy v1alpha2 (Admin/Baseline, Accept/Deny/Pass,
// protocols), the order admin → NetworkPolicy → baseline → default allow, and priority ties.

import { parseDocuments } from '../../../src/engine/index.js';
import { allowed, analysisCodes, anp, banp, cnp, conns, load, netpol, ns, pod, reach, why } from './helpers.js';

const cluster = [
  ns('x', { team: 'x' }),
  ns('y', { team: 'y' }),
  pod('x/a', { app: 'a' }, { ports: '- {name: http, containerPort: 8080}\n- {name: dns, containerPort: 53, protocol: UDP}' }),
  pod('x/b', { app: 'b' }),
  pod('y/a', { app: 'a' }),
  pod('y/b', { app: 'b' }),
];

/** An ANP on namespace x's ingress with the given rules (YAML list items). */
const anpOnX = (name: string, priority: number, rules: string) => anp(name, `priority: ${priority}\nsubject:\n  namespaces: {matchLabels: {team: x}}\ningress:\n${rules}`);
const fromY = (action: string, extra = '') => `- action: ${action}\n  from:\n  - namespaces: {matchLabels: {team: y}}${extra}`;

describe('rule: ANP priority, lower number first', () => {
  it('Deny at 10 beats Allow at 20 (names in the opposite order)', () => {
    const w = load([...cluster, anpOnX('a-allow', 20, fromY('Allow')), anpOnX('z-deny', 10, fromY('Deny'))]);
    expect(reach(w, 'y/a', 'x/a')).toBe(false);
    expect(why(w, 'y/a', 'x/a').ingress.decidedBy).toMatchObject([{ kind: 'AdminNetworkPolicy', name: 'z-deny', action: 'Deny', priority: 10 }]);
  });

  it('Allow at 10 beats Deny at 20', () => {
    const w = load([...cluster, anpOnX('a-deny', 20, fromY('Deny')), anpOnX('z-allow', 10, fromY('Allow')), netpol('x/deny', 'podSelector: {}')]);
    expect(reach(w, 'y/a', 'x/a')).toBe(true);
  });

  it('priority is numeric, not textual: 9 goes before 10', () => {
    const w = load([...cluster, anpOnX('ten', 10, fromY('Deny')), anpOnX('nine', 9, fromY('Allow'))]);
    expect(reach(w, 'y/a', 'x/a')).toBe(true);
  });
});

describe('rule: ANP rules apply in order, first match wins per port', () => {
  it('[Allow 80, Deny all]: 80 allowed, 81 denied', () => {
    const w = load([...cluster, anpOnX('p', 1, `${fromY('Allow', '\n  ports:\n  - portNumber: {protocol: TCP, port: 80}')}\n${fromY('Deny')}`)]);
    expect(reach(w, 'y/a', 'x/a', 80)).toBe(true);
    expect(reach(w, 'y/a', 'x/a', 81)).toBe(false);
  });

  it('[Deny all, Allow 80]: 80 denied too', () => {
    const w = load([...cluster, anpOnX('p', 1, `${fromY('Deny')}\n${fromY('Allow', '\n  ports:\n  - portNumber: {protocol: TCP, port: 80}')}`)]);
    expect(reach(w, 'y/a', 'x/a', 80)).toBe(false);
  });
});

describe('rule: ANP Pass skips the rest of the admin tier, then NetworkPolicies, then the baseline', () => {
  it('Pass at 1 skips a Deny at 2 (and later rules of its own policy); no NetworkPolicy, no baseline: default allow', () => {
    const w = load([...cluster, anpOnX('pass', 1, `${fromY('Pass')}\n${fromY('Deny')}`), anpOnX('deny', 2, fromY('Deny'))]);
    expect(reach(w, 'y/a', 'x/a')).toBe(true);
    const e = why(w, 'y/a', 'x/a');
    expect(e.ingress.decidedBy.map((d) => [d.kind, d.action])).toEqual([
      ['AdminNetworkPolicy', 'Pass'],
      ['Default', 'Allow'],
    ]);
  });

  it('after Pass, an isolating NetworkPolicy decides and the baseline is not consulted', () => {
    const w = load([
      ...cluster,
      anpOnX('pass', 1, fromY('Pass')),
      netpol('x/web', 'podSelector: {}\ningress:\n- ports: [{port: 80}]'),
      banp('subject:\n  namespaces: {}\ningress:\n- action: Allow\n  from:\n  - namespaces: {}'),
    ]);
    expect(reach(w, 'y/a', 'x/a', 80)).toBe(true);
    expect(reach(w, 'y/a', 'x/a', 81)).toBe(false); // the BANP Allow must not rescue it
  });

  it('after Pass, without an isolating NetworkPolicy, the baseline decides', () => {
    const w = load([...cluster, anpOnX('pass', 1, fromY('Pass')), banp('subject:\n  namespaces: {matchLabels: {team: x}}\ningress:\n- action: Deny\n  from:\n  - namespaces: {matchLabels: {team: y}}')]);
    expect(reach(w, 'y/a', 'x/a')).toBe(false);
    expect(reach(w, 'x/b', 'x/a')).toBe(true);
  });
});

describe('rule: ANP peers', () => {
  it('namespaces peer: pods of the selected namespaces', () => {
    const w = load([...cluster, anpOnX('p', 1, fromY('Deny'))]);
    expect(reach(w, 'y/b', 'x/a')).toBe(false);
    expect(reach(w, 'x/b', 'x/a')).toBe(true);
  });

  it('pods peer: namespaceSelector AND podSelector', () => {
    const w = load([...cluster, anpOnX('p', 1, '- action: Deny\n  from:\n  - pods:\n      namespaceSelector: {matchLabels: {team: y}}\n      podSelector: {matchLabels: {app: b}}')]);
    expect(reach(w, 'y/b', 'x/a')).toBe(false);
    expect(reach(w, 'y/a', 'x/a')).toBe(true);
    expect(reach(w, 'x/b', 'x/a')).toBe(true);
  });

  it('subject pods: only the selected pods of the selected namespaces', () => {
    const w = load([
      ...cluster,
      anp('p', 'priority: 1\nsubject:\n  pods:\n    namespaceSelector: {matchLabels: {team: x}}\n    podSelector: {matchLabels: {app: a}}\ningress:\n- action: Deny\n  from:\n  - namespaces: {}'),
    ]);
    expect(reach(w, 'y/b', 'x/a')).toBe(false);
    expect(reach(w, 'y/b', 'x/b')).toBe(true);
    expect(reach(w, 'x/b', 'y/a')).toBe(true);
  });

  it('networks peer (egress): the listed CIDRs, not other addresses', () => {
    const w = load([...cluster, anp('p', 'priority: 1\nsubject:\n  namespaces: {matchLabels: {team: x}}\negress:\n- action: Deny\n  to:\n  - networks: [198.51.100.0/24, "2001:db8::/64"]')]);
    expect(allowed(w, 'x/a', '198.51.100.9')).toBe(false);
    expect(allowed(w, 'x/a', '2001:db8::9')).toBe(false);
    expect(allowed(w, 'x/a', '198.51.101.9')).toBe(true);
    expect(allowed(w, 'y/a', '198.51.100.9')).toBe(true); // not a subject
  });

  it('nodes peer (egress): the selected nodes IPs and hostNetwork pods on them', () => {
    const node = (name: string, ip: string, labels: string) =>
      `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${name}\n  labels: ${labels}\nstatus:\n  addresses:\n  - {type: InternalIP, address: ${ip}}`;
    const w = load([
      ...cluster,
      node('n1', '192.168.1.1', '{role: infra}'),
      node('n2', '192.168.1.2', '{}'),
      pod('y/h1', { app: 'h1' }, { hostNetwork: true, nodeName: 'n1', ip: '192.168.1.1' }),
      pod('y/h2', { app: 'h2' }, { hostNetwork: true, nodeName: 'n2', ip: '192.168.1.2' }),
      anp('p', 'priority: 1\nsubject:\n  namespaces: {matchLabels: {team: x}}\negress:\n- action: Deny\n  to:\n  - nodes: {matchLabels: {role: infra}}'),
    ]);
    expect(allowed(w, 'x/a', '192.168.1.1')).toBe(false);
    expect(allowed(w, 'x/a', '192.168.1.2')).toBe(true);
    expect(reach(w, 'x/a', 'y/h1')).toBe(false);
    expect(reach(w, 'x/a', 'y/h2')).toBe(true);
    expect(reach(w, 'x/a', 'y/a')).toBe(true);
  });
});

describe('rule: ANP ports', () => {
  const denyOnly = (ports: string) => load([...cluster, anpOnX('p', 1, fromY('Deny', `\n  ports:\n${ports}`))]);

  it('portNumber: that protocol and port only', () => {
    const w = denyOnly('  - portNumber: {protocol: UDP, port: 53}');
    expect(reach(w, 'y/a', 'x/a', 53, 'UDP')).toBe(false);
    expect(reach(w, 'y/a', 'x/a', 53, 'TCP')).toBe(true);
  });

  it('portRange: inclusive start..end', () => {
    const w = denyOnly('  - portRange: {protocol: TCP, start: 8000, end: 8100}');
    expect(reach(w, 'y/a', 'x/a', 8000)).toBe(false);
    expect(reach(w, 'y/a', 'x/a', 8100)).toBe(false);
    expect(reach(w, 'y/a', 'x/a', 7999)).toBe(true);
    expect(reach(w, 'y/a', 'x/a', 8101)).toBe(true);
  });

  it('namedPort: resolved on the destination pod, whatever the protocol of the container port', () => {
    const w = denyOnly('  - namedPort: http\n  - namedPort: dns');
    expect(reach(w, 'y/a', 'x/a', 8080)).toBe(false);
    expect(reach(w, 'y/a', 'x/a', 53, 'UDP')).toBe(false);
    expect(reach(w, 'y/a', 'x/a', 53, 'TCP')).toBe(true);
    expect(reach(w, 'y/a', 'x/a', 80)).toBe(true);
    // x/b has no port named http: nothing is denied there
    expect(conns(w, 'y/a', 'x/b')).toBe('All Connections');
  });
});

describe('rule: BaselineAdminNetworkPolicy', () => {
  const denyFromY = banp('subject:\n  namespaces: {matchLabels: {team: x}}\ningress:\n- action: Deny\n  from:\n  - namespaces: {matchLabels: {team: y}}');

  it('Deny applies to pods no NetworkPolicy isolates for ingress', () => {
    const w = load([...cluster, denyFromY]);
    expect(reach(w, 'y/a', 'x/a')).toBe(false);
    expect(reach(w, 'x/b', 'x/a')).toBe(true);
    expect(why(w, 'y/a', 'x/a').ingress.decidedBy).toMatchObject([{ kind: 'BaselineAdminNetworkPolicy', name: 'default', tier: 'baseline', action: 'Deny' }]);
  });

  it('is ignored for a pod a NetworkPolicy isolates in that direction, applied to one isolated only for egress', () => {
    const w = load([
      ...cluster,
      denyFromY,
      netpol('x/a-in', 'podSelector: {matchLabels: {app: a}}\ningress:\n- from:\n  - namespaceSelector: {}'),
      netpol('x/b-out', 'podSelector: {matchLabels: {app: b}}\npolicyTypes: [Egress]\negress: [{}]'),
    ]);
    expect(reach(w, 'y/a', 'x/a')).toBe(true); // NetworkPolicy decides for x/a ingress
    expect(reach(w, 'y/a', 'x/b')).toBe(false); // x/b is isolated for egress only: baseline still rules its ingress
  });

  it('Allow lifts nothing a NetworkPolicy denies, and allows what nothing else decides', () => {
    const allowY = banp('subject:\n  namespaces: {}\ningress:\n- action: Allow\n  from:\n  - namespaces: {matchLabels: {team: y}}\n- action: Deny\n  from:\n  - namespaces: {}');
    const w = load([...cluster, allowY, netpol('x/deny-a', 'podSelector: {matchLabels: {app: a}}')]);
    expect(reach(w, 'y/a', 'x/a')).toBe(false);
    expect(reach(w, 'y/a', 'x/b')).toBe(true);
    expect(reach(w, 'x/a', 'x/b')).toBe(false); // the baseline's second rule
  });

  it('is a singleton named default: another name is refused', () => {
    const parsed = parseDocuments([{ name: 'b.yaml', content: banp('subject:\n  namespaces: {}\ningress: []', 'other') }]);
    expect(parsed.fatal).toBe(true);
    expect(parsed.diagnostics.map((d) => d.code)).toContain('adminpolicy.baseline.name');
  });

  it('refuses Pass', () => {
    const parsed = parseDocuments([{ name: 'b.yaml', content: banp('subject:\n  namespaces: {}\ningress:\n- action: Pass\n  from:\n  - namespaces: {}') }]);
    expect(parsed.fatal).toBe(true);
  });
});

describe('rule: ClusterNetworkPolicy v1alpha2', () => {
  const cnpOnX = (name: string, tier: string, priority: number, rules: string) =>
    cnp(name, `tier: ${tier}\npriority: ${priority}\nsubject:\n  namespaces: {matchLabels: {team: x}}\ningress:\n${rules}`);

  it('Admin tier Accept overrides a NetworkPolicy deny', () => {
    const w = load([...cluster, netpol('x/deny', 'podSelector: {}'), cnpOnX('c', 'Admin', 1, fromY('Accept'))]);
    expect(reach(w, 'y/a', 'x/a')).toBe(true);
    expect(reach(w, 'x/b', 'x/a')).toBe(false);
  });

  it('Admin tier Deny overrides a NetworkPolicy allow', () => {
    const w = load([...cluster, netpol('x/all', 'podSelector: {}\ningress: [{}]'), cnpOnX('c', 'Admin', 1, fromY('Deny'))]);
    expect(reach(w, 'y/a', 'x/a')).toBe(false);
  });

  it('Baseline tier applies only where no NetworkPolicy isolates', () => {
    const docs = [...cluster, cnpOnX('c', 'Baseline', 1, fromY('Deny'))];
    expect(reach(load(docs), 'y/a', 'x/a')).toBe(false);
    expect(reach(load([...docs, netpol('x/all', 'podSelector: {}\ningress: [{}]')]), 'y/a', 'x/a')).toBe(true);
  });

  it('Admin Pass hands over to the Baseline tier', () => {
    const w = load([...cluster, cnpOnX('pass', 'Admin', 1, fromY('Pass')), cnpOnX('accept', 'Admin', 2, fromY('Accept')), cnpOnX('base', 'Baseline', 1, fromY('Deny'))]);
    expect(reach(w, 'y/a', 'x/a')).toBe(false);
  });

  it('protocols: destinationPort number and range, a protocol alone, destinationNamedPort', () => {
    const protocols = [
      '  - tcp: {destinationPort: {number: 80}}',
      '  - udp: {destinationPort: {range: {start: 1000, end: 1002}}}',
      '  - sctp: {}',
      '  - destinationNamedPort: http',
    ].join('\n');
    const w = load([...cluster, cnpOnX('c', 'Admin', 1, `${fromY('Accept', `\n  protocols:\n${protocols}`)}\n${fromY('Deny')}`)]);
    expect(conns(w, 'y/a', 'x/a')).toBe('SCTP 1-65535,TCP 80,8080,UDP 1000-1002');
    expect(reach(w, 'y/a', 'x/b', 8080)).toBe(false); // x/b has no port named http
  });
});

describe('rule: order admin → NetworkPolicy → baseline → default allow', () => {
  it('each layer decides the ports the ones before left open', () => {
    const w = load([
      ...cluster,
      // admin: Allow 1000, Deny 2000, Pass everything else
      anpOnX('admin', 1, `${fromY('Allow', '\n  ports:\n  - portNumber: {protocol: TCP, port: 1000}')}\n${fromY('Deny', '\n  ports:\n  - portNumber: {protocol: TCP, port: 2000}')}\n${fromY('Pass')}`),
      // NetworkPolicy isolates x/a only, allowing 3000 (not 1000)
      netpol('x/np', 'podSelector: {matchLabels: {app: a}}\ningress:\n- ports: [{port: 3000}, {port: 2000}]'),
      // baseline: Deny 4000 for all of x
      banp('subject:\n  namespaces: {matchLabels: {team: x}}\ningress:\n- action: Deny\n  from:\n  - namespaces: {}\n  ports:\n  - portNumber: {protocol: TCP, port: 4000}'),
    ]);
    // x/a: isolated by the NetworkPolicy
    expect(reach(w, 'y/a', 'x/a', 1000)).toBe(true); // admin Allow beats NP isolation
    expect(reach(w, 'y/a', 'x/a', 2000)).toBe(false); // admin Deny beats NP allow
    expect(reach(w, 'y/a', 'x/a', 3000)).toBe(true); // NP allow
    expect(reach(w, 'y/a', 'x/a', 5000)).toBe(false); // NP isolation, baseline never reached
    // x/b: no NetworkPolicy
    expect(reach(w, 'y/a', 'x/b', 4000)).toBe(false); // baseline Deny
    expect(reach(w, 'y/a', 'x/b', 5000)).toBe(true); // default allow
    expect(why(w, 'y/a', 'x/b', 5000).ingress.decidedBy.map((d) => d.kind)).toEqual(['AdminNetworkPolicy', 'Default']);
  });
});

describe('rule: equal priorities with overlapping rules warn, and explain names the policy applied', () => {
  it('two ANPs at priority 5 disagreeing on the same traffic', () => {
    const w = load([...cluster, netpol('x/deny', 'podSelector: {}'), anpOnX('beta-deny', 5, fromY('Deny')), anpOnX('alpha-allow', 5, fromY('Allow'))]);
    expect(analysisCodes(w).filter((c) => c === 'anp.priority.tie')).toHaveLength(1);
    // Documented tie-break: the policy first by name (alpha-allow) is applied, and explain says so.
    const e = why(w, 'y/a', 'x/a');
    expect(e.allowed).toBe(true);
    expect(reach(w, 'y/a', 'x/a')).toBe(true);
    expect(e.ingress.decidedBy).toEqual([{ kind: 'AdminNetworkPolicy', name: 'alpha-allow', rule: 'ingress[0]', tier: 'admin', action: 'Allow', priority: 5 }]);
    expect(e.ingress.reason).toContain('alpha-allow was applied');
  });

  it('equal priorities whose rules never meet do not warn', () => {
    const w = load([...cluster, anpOnX('one', 5, fromY('Deny', '\n  ports:\n  - portNumber: {protocol: TCP, port: 80}')), anpOnX('two', 5, fromY('Allow', '\n  ports:\n  - portNumber: {protocol: TCP, port: 81}'))]);
    expect(analysisCodes(w)).not.toContain('anp.priority.tie');
  });
});
