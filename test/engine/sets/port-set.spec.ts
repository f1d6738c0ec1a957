import { PortSet } from '../../../src/engine/sets/port-set.js';

const tcp = (from: number, to: number = from) => PortSet.range('TCP', from, to);
const udp = (from: number, to: number = from) => PortSet.range('UDP', from, to);

describe('PortSet construction and normalisation', () => {
  it('merges overlapping and adjacent ranges into one interval', () => {
    const set = tcp(1, 5).union(tcp(6, 9)).union(tcp(3, 7)).union(tcp(20, 30)).union(tcp(31));
    expect(set.ranges('TCP')).toEqual([
      [1, 9],
      [20, 31],
    ]);
  });

  it('keeps separate ranges that have a gap', () => {
    expect(tcp(1, 5).union(tcp(7, 9)).ranges('TCP')).toEqual([
      [1, 5],
      [7, 9],
    ]);
  });

  it('normalises fromEntries regardless of order and duplicates', () => {
    const set = PortSet.fromEntries([
      { protocol: 'UDP', from: 53, to: 53 },
      { protocol: 'TCP', from: 90, to: 100 },
      { protocol: 'TCP', from: 80, to: 89 },
      { protocol: 'TCP', name: 'http' },
      { protocol: 'TCP', name: 'http' },
    ]);
    expect(set.toEntries()).toEqual([
      { protocol: 'TCP', from: 80, to: 100 },
      { protocol: 'UDP', from: 53, to: 53 },
      { protocol: 'TCP', name: 'http' },
    ]);
  });

  it('clamps ranges to 1..65535 and gives EMPTY for an empty range', () => {
    expect(PortSet.range('TCP', 0, 70000).equals(PortSet.protocol('TCP'))).toBe(true);
    expect(PortSet.range('TCP', 10, 5).isEmpty()).toBe(true);
    expect(PortSet.range('TCP', NaN, 5).isEmpty()).toBe(true);
  });

  it('shares the EMPTY and ALL instances', () => {
    expect(tcp(5).subtract(tcp(5))).toBe(PortSet.EMPTY);
    const all = PortSet.protocol('TCP').union(PortSet.protocol('UDP')).union(PortSet.protocol('SCTP'));
    expect(all).toBe(PortSet.ALL);
    expect(all.isAll()).toBe(true);
    expect(PortSet.protocol('TCP').isAll()).toBe(false);
  });

  it('reports membership with has', () => {
    const set = tcp(80).union(tcp(100, 200));
    expect(set.has('TCP', 80)).toBe(true);
    expect(set.has('TCP', 150)).toBe(true);
    expect(set.has('TCP', 81)).toBe(false);
    expect(set.has('UDP', 80)).toBe(false);
  });
});

describe('PortSet operations', () => {
  it('intersects per protocol', () => {
    const a = tcp(1, 100).union(udp(1, 10));
    const b = tcp(50, 200).union(udp(20, 30));
    expect(a.intersect(b).toString()).toBe('TCP 50-100');
  });

  it('subtracts punching holes and trimming ends', () => {
    const a = PortSet.protocol('TCP');
    expect(a.subtract(tcp(80)).toString()).toBe('TCP 1-79,81-65535');
    expect(a.subtract(tcp(1, 10)).subtract(tcp(65000, 65535)).toString()).toBe('TCP 11-64999');
    const multi = tcp(1, 10).union(tcp(20, 30)).union(tcp(40, 50));
    expect(multi.subtract(tcp(5, 45)).toString()).toBe('TCP 1-4,46-50');
  });

  it('subtracting a range that spans two intervals of the left side trims both', () => {
    const left = tcp(1, 10).union(tcp(20, 30));
    expect(left.subtract(tcp(8, 22)).toString()).toBe('TCP 1-7,23-30');
  });

  it('short-circuits with EMPTY and ALL', () => {
    const a = tcp(80);
    expect(a.union(PortSet.EMPTY)).toBe(a);
    expect(a.intersect(PortSet.ALL)).toBe(a);
    expect(a.intersect(PortSet.EMPTY)).toBe(PortSet.EMPTY);
    expect(a.subtract(PortSet.ALL)).toBe(PortSet.EMPTY);
    expect(a.union(PortSet.ALL)).toBe(PortSet.ALL);
    expect(PortSet.ALL.subtract(a).has('TCP', 80)).toBe(false);
  });

  it('equals and key are canonical', () => {
    const a = tcp(1, 5).union(tcp(6, 10));
    const b = tcp(1, 10);
    expect(a.equals(b)).toBe(true);
    expect(a.key()).toBe(b.key());
    expect(a.equals(tcp(1, 9))).toBe(false);
    expect(a.key()).not.toBe(tcp(1, 9).key());
    expect(tcp(80).key()).not.toBe(udp(80).key());
    expect(tcp(80).key()).not.toBe(tcp(80).union(PortSet.named('TCP', 'http')).key());
  });
});

describe('PortSet named ports', () => {
  const http = PortSet.named('TCP', 'http');
  const dns = PortSet.named('UDP', 'dns');

  it('keeps names in a union', () => {
    const set = http.union(dns).union(tcp(80));
    expect(set.hasNamed('TCP', 'http')).toBe(true);
    expect(set.hasNamed('UDP', 'dns')).toBe(true);
    expect(set.hasNamed('TCP', 'dns')).toBe(false);
    expect(set.namedPorts()).toEqual([
      { protocol: 'TCP', name: 'http' },
      { protocol: 'UDP', name: 'dns' },
    ]);
  });

  it('a full protocol contains every named port of that protocol only', () => {
    expect(PortSet.protocol('TCP').hasNamed('TCP', 'anything')).toBe(true);
    expect(PortSet.protocol('TCP').hasNamed('UDP', 'anything')).toBe(false);
  });

  it('drops stored names when the union makes the protocol full, keeping keys canonical', () => {
    const set = http.union(PortSet.protocol('TCP'));
    expect(set.namedPorts()).toEqual([]);
    expect(set.equals(PortSet.protocol('TCP'))).toBe(true);
    expect(set.key()).toBe(PortSet.protocol('TCP').key());
    expect(http.union(PortSet.ALL)).toBe(PortSet.ALL);
  });

  it('intersect keeps a name present in both sides', () => {
    const result = http.union(tcp(80)).intersect(http.union(dns));
    expect(result.toString()).toBe('TCP http');
  });

  it('intersect keeps a name when the other side has its protocol full', () => {
    expect(http.intersect(PortSet.protocol('TCP')).equals(http)).toBe(true);
    expect(PortSet.protocol('TCP').intersect(http.union(dns)).equals(http)).toBe(true);
  });

  it('intersect drops a name absent from the other side', () => {
    expect(http.intersect(tcp(80)).isEmpty()).toBe(true);
    expect(http.intersect(PortSet.protocol('UDP')).isEmpty()).toBe(true);
  });

  it('subtract removes names present in the other side or whose protocol is full there', () => {
    const set = http.union(dns).union(tcp(80));
    expect(set.subtract(http).toString()).toBe('TCP 80,UDP dns');
    expect(set.subtract(PortSet.protocol('UDP')).toString()).toBe('TCP 80,TCP http');
    expect(set.subtract(tcp(80)).toString()).toBe('TCP http,UDP dns');
  });

  it('subtracting a name from a full protocol keeps the full numeric range (names are not numbers)', () => {
    const result = PortSet.protocol('TCP').subtract(http);
    expect(result.equals(PortSet.protocol('TCP'))).toBe(true);
    expect(result.ranges('TCP')).toEqual([[1, 65535]]);
  });
});

describe('PortSet text', () => {
  it('formats the special sets and single ports', () => {
    expect(PortSet.ALL.toString()).toBe('All Connections');
    expect(PortSet.EMPTY.toString()).toBe('No Connections');
    expect(udp(53).toString()).toBe('UDP 53');
  });

  it('orders protocols SCTP, TCP, UDP and lists named ports last', () => {
    const set = PortSet.named('TCP', 'http')
      .union(udp(53))
      .union(PortSet.protocol('SCTP'))
      .union(PortSet.protocol('TCP').subtract(tcp(80)));
    expect(set.toString()).toBe('SCTP 1-65535,TCP 1-79,81-65535,UDP 53,TCP http');
    expect(udp(53).union(tcp(80)).union(PortSet.named('SCTP', 'x')).toEntries()).toEqual([
      { protocol: 'TCP', from: 80, to: 80 },
      { protocol: 'UDP', from: 53, to: 53 },
      { protocol: 'SCTP', name: 'x' },
    ]);
  });

  it.each([
    'All Connections',
    'No Connections',
    'SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535',
    'TCP 80',
    'TCP 1-79,81-65535,UDP 53',
    'TCP 80,TCP http,UDP dns',
  ])('parse(toString) round-trips "%s"', (text) => {
    expect(PortSet.parse(text).toString()).toBe(text);
  });

  it('parses np-guard strings into the right sets', () => {
    const set = PortSet.parse('SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535');
    expect(set.has('TCP', 80)).toBe(false);
    expect(set.has('TCP', 81)).toBe(true);
    expect(set.isFullProtocol('UDP')).toBe(true);
    expect(PortSet.parse('All Connections')).toBe(PortSet.ALL);
    expect(PortSet.parse('TCP 1-65535,UDP 1-65535,SCTP 1-65535')).toBe(PortSet.ALL);
    expect(PortSet.parse('TCP 80, UDP 53').equals(tcp(80).union(udp(53)))).toBe(true);
  });

  it.each(['', 'garbage', '80', 'TCP 0', 'TCP 5-1', 'TCP 70000', 'TCP 8 0', 'ICMP 1'])(
    'parse rejects "%s"',
    (text) => {
      expect(() => PortSet.parse(text)).toThrow(Error);
    },
  );
});
