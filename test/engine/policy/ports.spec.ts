import { resolvePorts } from '../../../src/engine/policy/ports.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';

const pod = { kind: 'pod' as const, ports: [{ name: 'http', port: 8080, protocol: 'TCP' as const }, { name: 'dns', port: 53, protocol: 'UDP' as const }] };

describe('resolving rule ports on a destination', () => {
  it('no port list means every port of every protocol', () => {
    expect(resolvePorts(null, pod).ports.isAll()).toBe(true);
  });

  it('ranges and whole protocols are taken as written', () => {
    const { ports } = resolvePorts(
      [
        { kind: 'range', protocol: 'TCP', from: 80, to: 81 },
        { kind: 'all-of-protocol', protocol: 'SCTP' },
      ],
      pod,
    );
    expect(ports.equals(PortSet.range('TCP', 80, 81).union(PortSet.protocol('SCTP')))).toBe(true);
  });

  it('a named port resolves on the destination pod with the same protocol', () => {
    expect(resolvePorts([{ kind: 'named', protocol: 'TCP', name: 'http' }], pod).ports.equals(PortSet.port('TCP', 8080))).toBe(true);
    const wrongProtocol = resolvePorts([{ kind: 'named', protocol: 'TCP', name: 'dns' }], pod);
    expect(wrongProtocol.ports.isEmpty()).toBe(true);
    expect(wrongProtocol.unresolved).toEqual(['dns']);
  });

  it('a name given for every protocol (admin namedPort) is unresolved only when no protocol matches', () => {
    const all = (name: string) => (['TCP', 'UDP', 'SCTP'] as const).map((protocol) => ({ kind: 'named' as const, protocol, name }));
    const dns = resolvePorts(all('dns'), pod);
    expect(dns.ports.equals(PortSet.port('UDP', 53))).toBe(true);
    expect(dns.unresolved).toEqual([]);
    expect(resolvePorts(all('nope'), pod).unresolved).toEqual(['nope']);
  });

  it('towards an external address a named port stays named', () => {
    const { ports, unresolved } = resolvePorts([{ kind: 'named', protocol: 'TCP', name: 'http' }], { kind: 'external' });
    expect(ports.hasNamed('TCP', 'http')).toBe(true);
    expect(ports.has('TCP', 8080)).toBe(false);
    expect(unresolved).toEqual([]);
  });
});
