import { IpSet, formatIp, parseCidr, partitionAddressSpace } from '../../../src/engine/sets/ip-set.js';

describe('parseCidr', () => {
  it('parses IPv4 and IPv6 CIDRs', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ family: 4, from: 10n << 24n, to: (11n << 24n) - 1n });
    expect(parseCidr('fd00::/8')).toEqual({ family: 6, from: 0xfdn << 120n, to: (0xfen << 120n) - 1n });
  });

  it('reads a bare address as /32 or /128', () => {
    expect(parseCidr('1.2.3.4')).toEqual({ family: 4, from: 0x01020304n, to: 0x01020304n });
    expect(parseCidr('::1')).toEqual({ family: 6, from: 1n, to: 1n });
  });

  it('masks host bits below the prefix', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual(parseCidr('10.0.0.0/8'));
    expect(parseCidr('2001:db8::1/32')).toEqual(parseCidr('2001:db8::/32'));
  });

  it('accepts /0 and keeps IPv4-mapped IPv6 as IPv6', () => {
    expect(parseCidr('0.0.0.0/0')).toEqual({ family: 4, from: 0n, to: 0xffffffffn });
    expect(parseCidr('::ffff:1.2.3.4')).toEqual({ family: 6, from: 0xffff01020304n, to: 0xffff01020304n });
  });

  it.each(['10.0.0.0/33', 'abc', '1.2.3', '', '10.0.0.0/', '10.0.0.0/-1', '::/129', 'fe80::1%eth0', '1.2.3.4/8/9', '256.0.0.0'])(
    'gives an error for "%s"',
    (text) => {
      const result = parseCidr(text);
      expect('error' in result && typeof result.error === 'string' && result.error.length > 0).toBe(true);
    },
  );
});

describe('formatIp', () => {
  it('formats IPv4 dotted and IPv6 compressed lower case', () => {
    expect(formatIp(4, 0x0a000001n)).toBe('10.0.0.1');
    expect(formatIp(6, 0x20010db8n << 96n)).toBe('2001:db8::');
    expect(formatIp(6, 0n)).toBe('::');
    expect(formatIp(6, 1n)).toBe('::1');
    // the longest zero run is compressed, the first one on a tie, and a single zero group is not
    expect(formatIp(6, BigInt('0x20010db8000000010000000000000001'))).toBe('2001:db8:0:1::1');
    expect(formatIp(6, BigInt('0x20010000000100000000000100000001'))).toBe('2001:0:1::1:0:1');
    expect(formatIp(6, BigInt('0x20010000000000010000000000010001'))).toBe('2001::1:0:0:1:1');
    expect(formatIp(6, BigInt('0x0001000200030004000500060007abcd'))).toBe('1:2:3:4:5:6:7:abcd');
  });
});

describe('IpSet', () => {
  it('unions, intersects and subtracts', () => {
    const a = IpSet.fromCidr('10.0.0.0/8');
    const b = IpSet.fromCidr('10.1.0.0/16');
    expect(a.union(b).equals(a)).toBe(true);
    expect(a.intersect(b).equals(b)).toBe(true);
    expect(a.subtract(b).toRanges()).toEqual(['10.0.0.0-10.0.255.255', '10.2.0.0-10.255.255.255']);
    expect(b.subtract(a).isEmpty()).toBe(true);
    expect(a.containsSet(b)).toBe(true);
    expect(b.containsSet(a)).toBe(false);
  });

  it('merges adjacent CIDRs into one interval', () => {
    const set = IpSet.fromCidr('10.0.0.0/9').union(IpSet.fromCidr('10.128.0.0/9'));
    expect(set.equals(IpSet.fromCidr('10.0.0.0/8'))).toBe(true);
    expect(set.key()).toBe(IpSet.fromCidr('10.0.0.0/8').key());
    expect(set.intervals()).toHaveLength(1);
  });

  it('keeps the families apart', () => {
    expect(IpSet.ALL_V4.intersect(IpSet.ALL_V6).isEmpty()).toBe(true);
    expect(IpSet.ALL_V4.union(IpSet.ALL_V6).equals(IpSet.ALL)).toBe(true);
    expect(IpSet.ALL.subtract(IpSet.ALL_V4).equals(IpSet.ALL_V6)).toBe(true);
    expect(IpSet.ALL_V4.contains('::1')).toBe(false);
  });

  it('contains addresses and rejects unparsable strings', () => {
    const set = IpSet.fromCidr('192.168.0.0/16');
    expect(set.contains('192.168.4.5')).toBe(true);
    expect(set.contains('192.169.0.0')).toBe(false);
    expect(set.contains('not-an-ip')).toBe(false);
    expect(IpSet.fromIp('fd00::5').contains('fd00::5')).toBe(true);
  });

  it('throws from fromCidr and fromIp on invalid text', () => {
    expect(() => IpSet.fromCidr('10.0.0.0/33')).toThrow(Error);
    expect(() => IpSet.fromIp('1.2.3')).toThrow(Error);
  });

  it('fromIntervals sorts, merges and clamps', () => {
    const set = IpSet.fromIntervals([
      { family: 4, from: 20n, to: 30n },
      { family: 4, from: 0n, to: 10n },
      { family: 4, from: 11n, to: 15n },
      { family: 4, from: 0xfffffff0n, to: 0x1ffffffffn },
    ]);
    expect(set.intervals()).toEqual([
      { family: 4, from: 0n, to: 15n },
      { family: 4, from: 20n, to: 30n },
      { family: 4, from: 0xfffffff0n, to: 0xffffffffn },
    ]);
  });

  it('prints a single address without a range and ranges as A-B', () => {
    expect(IpSet.fromIp('1.2.3.4').toRanges()).toEqual(['1.2.3.4']);
    expect(IpSet.fromCidr('0.0.0.0/5').union(IpSet.fromCidr('8.0.0.0/7')).toString()).toBe('0.0.0.0-9.255.255.255');
  });

  describe('toCidrs', () => {
    it('covers 0.0.0.0-9.255.255.255 with /5 and /7', () => {
      const set = IpSet.fromIntervals([{ family: 4, from: 0n, to: (10n << 24n) - 1n }]);
      expect(set.toCidrs()).toEqual(['0.0.0.0/5', '8.0.0.0/7']);
    });

    it('gives the blocks of 0.0.0.0/0 minus 10.0.0.0/8', () => {
      expect(IpSet.ALL_V4.subtract(IpSet.fromCidr('10.0.0.0/8')).toCidrs()).toEqual([
        '0.0.0.0/5',
        '8.0.0.0/7',
        '11.0.0.0/8',
        '12.0.0.0/6',
        '16.0.0.0/4',
        '32.0.0.0/3',
        '64.0.0.0/2',
        '128.0.0.0/1',
      ]);
    });

    it('lists IPv4 first, then IPv6', () => {
      expect(IpSet.ALL.toCidrs()).toEqual(['0.0.0.0/0', '::/0']);
      expect(IpSet.fromCidr('2001:db8::/32').union(IpSet.fromIp('1.1.1.1')).toCidrs()).toEqual([
        '1.1.1.1/32',
        '2001:db8::/32',
      ]);
    });

    it('handles an IPv6 except', () => {
      const set = IpSet.fromCidr('fd00::/8').subtract(IpSet.fromCidr('fd00::/9'));
      expect(set.toCidrs()).toEqual(['fd80::/9']);
      const hole = IpSet.fromCidr('2001:db8::/126').subtract(IpSet.fromIp('2001:db8::1'));
      expect(hole.toCidrs()).toEqual(['2001:db8::/128', '2001:db8::2/127']);
    });
  });
});

describe('partitionAddressSpace', () => {
  it('covers everything with one piece per family when no sets are given', () => {
    expect(partitionAddressSpace([])).toEqual(IpSet.ALL.intervals());
  });

  it('cuts at every boundary and keeps each piece wholly in or out of each set', () => {
    const a = IpSet.fromCidr('10.0.0.0/8');
    const b = IpSet.fromCidr('10.1.0.0/16').union(IpSet.fromCidr('fd00::/8'));
    const pieces = partitionAddressSpace([a, b, a]);
    expect(pieces.map((p) => IpSet.fromIntervals([p]).toString())).toEqual([
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.0.255.255',
      '10.1.0.0-10.1.255.255',
      '10.2.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
      '::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      'fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      'fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });

  it('handles sets that reach the top of the space', () => {
    const top = IpSet.fromCidr('255.255.255.255/32');
    const pieces = partitionAddressSpace([top]).filter((p) => p.family === 4);
    expect(pieces).toEqual([
      { family: 4, from: 0n, to: 0xfffffffen },
      { family: 4, from: 0xffffffffn, to: 0xffffffffn },
    ]);
  });
});
