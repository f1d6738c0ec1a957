// Rules for NetworkPolicy ports: protocol default TCP, TCP/UDP/SCTP, numeric and named ports,
// endPort ranges, named ports resolved on the destination pod with a matching protocol, and
// unresolvable names reported, never guessed.

import { allowed, analysisCodes, conns, load, netpol, ns, pod, podConnectivity, reach } from './helpers.js';

const base = [ns('x'), pod('x/client', { app: 'client' })];
const ingressTo = (dstPorts: string | undefined, rule: string) => [
  ...base,
  pod('x/server', { app: 'server' }, dstPorts ? { ports: dstPorts } : {}),
  netpol('x/p', `podSelector: {matchLabels: {app: server}}\ningress:\n- ports:\n${rule}`),
];

describe('rule: port protocol defaults to TCP', () => {
  it('{port: 80} allows TCP 80 and neither UDP 80 nor SCTP 80', () => {
    const w = load(ingressTo(undefined, '  - port: 80'));
    expect(conns(w, 'x/client', 'x/server')).toBe('TCP 80');
    expect(reach(w, 'x/client', 'x/server', 80, 'UDP')).toBe(false);
    expect(reach(w, 'x/client', 'x/server', 80, 'SCTP')).toBe(false);
  });
});

describe('rule: TCP, UDP and SCTP are told apart', () => {
  it.each(['UDP', 'SCTP'] as const)('{protocol: %s, port: 53} allows only that protocol on 53', (protocol) => {
    const w = load(ingressTo(undefined, `  - {protocol: ${protocol}, port: 53}`));
    expect(reach(w, 'x/client', 'x/server', 53, protocol)).toBe(true);
    expect(reach(w, 'x/client', 'x/server', 53, 'TCP')).toBe(false);
    expect(reach(w, 'x/client', 'x/server', 54, protocol)).toBe(false);
  });

  it('a protocol without port allows every port of that protocol only', () => {
    const w = load(ingressTo(undefined, '  - protocol: SCTP'));
    expect(conns(w, 'x/client', 'x/server')).toBe('SCTP 1-65535');
  });
});

describe('rule: endPort makes an inclusive range', () => {
  it('port 8000 endPort 8080 allows 8000..8080, not 7999 or 8081', () => {
    const w = load(ingressTo(undefined, '  - {port: 8000, endPort: 8080}'));
    expect(conns(w, 'x/client', 'x/server')).toBe('TCP 8000-8080');
    expect(reach(w, 'x/client', 'x/server', 7999)).toBe(false);
    expect(reach(w, 'x/client', 'x/server', 8081)).toBe(false);
  });

  it('endPort applies to the protocol given (UDP)', () => {
    const w = load(ingressTo(undefined, '  - {protocol: UDP, port: 30000, endPort: 30002}'));
    expect(conns(w, 'x/client', 'x/server')).toBe('UDP 30000-30002');
  });
});

describe('rule: named ports resolve on the destination pod', () => {
  it('in an ingress rule, on the selected pod (not on the source)', () => {
    const w = load([
      ns('x'),
      pod('x/client', { app: 'client' }, { ports: '- {name: http, containerPort: 9090}' }),
      pod('x/server', { app: 'server' }, { ports: '- {name: http, containerPort: 8080}' }),
      netpol('x/p', 'podSelector: {matchLabels: {app: server}}\ningress:\n- ports:\n  - port: http'),
    ]);
    expect(conns(w, 'x/client', 'x/server')).toBe('TCP 8080');
  });

  it('in an egress rule, on the peer pod (not on the selected source)', () => {
    const w = load([
      ns('x'),
      pod('x/client', { app: 'client' }, { ports: '- {name: http, containerPort: 9090}' }),
      pod('x/server', { app: 'server' }, { ports: '- {name: http, containerPort: 8080}' }),
      pod('x/other', { app: 'other' }, { ports: '- {name: http, containerPort: 7070}' }),
      netpol('x/p', 'podSelector: {matchLabels: {app: client}}\npolicyTypes: [Egress]\negress:\n- ports:\n  - port: http'),
    ]);
    expect(conns(w, 'x/client', 'x/server')).toBe('TCP 8080');
    expect(conns(w, 'x/client', 'x/other')).toBe('TCP 7070');
  });

  it('the rule protocol must match the container port protocol', () => {
    const w = load([
      ...base,
      pod('x/dns', { app: 'dns' }, { ports: '- {name: dns, containerPort: 53, protocol: UDP}\n- {name: dns-tcp, containerPort: 5353}' }),
      netpol('x/p', 'podSelector: {matchLabels: {app: dns}}\ningress:\n- ports:\n  - {port: dns, protocol: UDP}\n  - {port: dns}\n  - {port: dns-tcp, protocol: UDP}'),
    ]);
    // Only `dns/UDP` resolves: `dns` defaults to TCP (the container port is UDP), `dns-tcp/UDP` mismatches.
    expect(conns(w, 'x/client', 'x/dns')).toBe('UDP 53');
  });

  it('a name is resolved per destination pod: two servers with different numbers', () => {
    const w = load([
      ...base,
      pod('x/s1', { app: 'server' }, { ports: '- {name: web, containerPort: 8080}' }),
      pod('x/s2', { app: 'server' }, { ports: '- {name: web, containerPort: 9090}' }),
      netpol('x/p', 'podSelector: {matchLabels: {app: server}}\ningress:\n- ports:\n  - port: web'),
    ]);
    expect(conns(w, 'x/client', 'x/s1')).toBe('TCP 8080');
    expect(conns(w, 'x/client', 'x/s2')).toBe('TCP 9090');
  });
});

describe('rule: an unresolvable named port is reported, not guessed', () => {
  it('a destination without that name gets nothing from the rule, and a warning names the port', () => {
    const w = load(ingressTo('- {name: http, containerPort: 8080}', '  - port: metrics'));
    expect(conns(w, 'x/client', 'x/server')).toBe('No Connections');
    expect(analysisCodes(w)).toContain('port.named.unresolved');
    const warning = w.analysis.diagnostics.find((d) => d.code === 'port.named.unresolved');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain('metrics');
  });

  it('towards an external address the name stays a name in connectivity, no number invented', () => {
    const w = load([
      ...base,
      netpol('x/p', 'podSelector: {matchLabels: {app: client}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 198.51.100.0/24}\n  ports:\n  - port: https'),
    ]);
    const external = podConnectivity(w).connections.filter((c) => c.src.kind === 'Pod' && c.dst.kind === 'External');
    expect(external).toEqual([{ src: { kind: 'Pod', namespace: 'x', name: 'client' }, dst: { kind: 'External', cidrs: ['198.51.100.0/24'] }, allPorts: false, ports: [{ protocol: 'TCP', name: 'https' }] }]);
    expect(allowed(w, 'x/client', '198.51.100.1', 443)).toBe(false);
  });
});
