// Rules for ipBlock peers: cidr minus except (IPv4 and IPv6), and the ipBlockMatchesPods option
// (false by default: an ipBlock never matches pod IPs; true: it does, minus the excepts).

import { allowed, load, netpol, ns, pod, reach } from './helpers.js';

const egressTo = (cidr: string, except: string[]) =>
  netpol('x/p', `podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock:\n      cidr: ${cidr}\n      except: [${except.join(', ')}]`);

describe('rule: ipBlock cidr minus except', () => {
  it('IPv4: inside the cidr allowed, inside an except denied, outside denied', () => {
    const w = load([ns('x'), pod('x/a'), egressTo('10.0.0.0/8', ['10.1.0.0/16', '10.2.3.4/32'])]);
    expect(allowed(w, 'x/a', '10.0.0.1')).toBe(true);
    expect(allowed(w, 'x/a', '10.255.255.255')).toBe(true);
    expect(allowed(w, 'x/a', '10.1.2.3')).toBe(false);
    expect(allowed(w, 'x/a', '10.2.3.4')).toBe(false);
    expect(allowed(w, 'x/a', '10.2.3.5')).toBe(true);
    expect(allowed(w, 'x/a', '11.0.0.1')).toBe(false);
    expect(allowed(w, 'x/a', '2001:db8::1')).toBe(false);
  });

  it('IPv6: inside the cidr allowed, inside an except denied, outside (and IPv4) denied', () => {
    const w = load([ns('x'), pod('x/a'), egressTo('"2001:db8::/32"', ['"2001:db8:1::/48"'])]);
    expect(allowed(w, 'x/a', '2001:db8::1')).toBe(true);
    expect(allowed(w, 'x/a', '2001:db8:2::1')).toBe(true);
    expect(allowed(w, 'x/a', '2001:db8:1::1')).toBe(false);
    expect(allowed(w, 'x/a', '2001:db9::1')).toBe(false);
    expect(allowed(w, 'x/a', '10.0.0.1')).toBe(false);
  });

  it('ingress from an ipBlock: the same cut applies to the source address', () => {
    const w = load([ns('x'), pod('x/a'), netpol('x/p', 'podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: 192.168.0.0/16, except: [192.168.1.0/24]}')]);
    expect(allowed(w, '192.168.0.9', 'x/a')).toBe(true);
    expect(allowed(w, '192.168.1.9', 'x/a')).toBe(false);
  });
});

describe('rule: ipBlockMatchesPods', () => {
  const cluster = [
    ns('x'),
    pod('x/a', { app: 'a' }),
    pod('x/in', { app: 'in' }, { ip: '10.0.0.5' }),
    pod('x/excepted', { app: 'excepted' }, { ip: '10.1.0.5' }),
    pod('x/v6', { app: 'v6' }, { ip: ['10.9.0.1', 'fd00::5'] }),
    egressTo('10.0.0.0/8', ['10.1.0.0/16']),
  ];

  it('false (default): an ipBlock never matches a pod, even one whose IP is inside', () => {
    const w = load(cluster);
    expect(reach(w, 'x/a', 'x/in')).toBe(false);
    expect(reach(w, 'x/a', 'x/v6')).toBe(false);
    expect(allowed(w, 'x/a', '10.0.0.6')).toBe(true); // the cidr still works for addresses
  });

  it('true: a pod whose IP is in the cidr matches; one in an except does not', () => {
    const w = load(cluster, { ipBlockMatchesPods: true });
    expect(reach(w, 'x/a', 'x/in')).toBe(true);
    expect(reach(w, 'x/a', 'x/excepted')).toBe(false);
    expect(reach(w, 'x/a', 'x/v6')).toBe(true); // dual-stack pod: its IPv4 address is inside
  });

  it('true: applies to ingress ipBlocks too, for the source pod IP', () => {
    const docs = [
      ns('x'),
      pod('x/a', { app: 'a' }),
      pod('x/in', { app: 'in' }, { ip: '10.0.0.5' }),
      pod('x/out', { app: 'out' }, { ip: '172.16.0.5' }),
      netpol('x/p', 'podSelector: {matchLabels: {app: a}}\ningress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/8}'),
    ];
    const on = load(docs, { ipBlockMatchesPods: true });
    expect(reach(on, 'x/in', 'x/a')).toBe(true);
    expect(reach(on, 'x/out', 'x/a')).toBe(false);
    const off = load(docs);
    expect(reach(off, 'x/in', 'x/a')).toBe(false);
  });
});
