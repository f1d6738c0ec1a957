// The tests' own address arithmetic (used to compare external blocks) must be right too.

import {
  atomsOf,
  cidrRange,
  formatRange,
  parseAddress,
  parseRangeText,
} from '../../support/engine/address-ranges.js';

describe('test address ranges', () => {
  it('parses IPv4 and IPv6 addresses, including :: and embedded IPv4', () => {
    expect(parseAddress('10.0.0.1')).toEqual({ family: 4, value: 0x0a000001n });
    expect(parseAddress('::')).toEqual({ family: 6, value: 0n });
    expect(parseAddress('::1')).toEqual({ family: 6, value: 1n });
    expect(parseAddress('2001:db8::1').value).toBe((0x20010db8n << 96n) + 1n);
    expect(parseAddress('::ffff:10.0.0.1').value).toBe((0xffffn << 32n) + 0x0a000001n);
    expect(() => parseAddress('10.0.0.256')).toThrow();
    expect(() => parseAddress('1::2::3')).toThrow();
  });

  it('reads CIDRs as whole networks, and np-guard ranges as inclusive', () => {
    expect(formatRange(cidrRange('10.1.2.3/16'))).toBe('10.1.0.0-10.1.255.255');
    expect(formatRange(cidrRange('0.0.0.0/0'))).toBe('0.0.0.0-255.255.255.255');
    expect(formatRange(parseRangeText('60.45.72.0-60.45.75.255'))).toBe('60.45.72.0-60.45.75.255');
    expect(parseRangeText('8.8.8.8')).toEqual({ family: 4, lo: 0x08080808n, hi: 0x08080808n });
    expect(cidrRange('fd00::/8')).toEqual({ family: 6, lo: 0xfdn << 120n, hi: (0xfen << 120n) - 1n });
  });

  it('cuts overlapping ranges into common atoms, per family', () => {
    const atoms = atomsOf([parseRangeText('10.0.0.0/8'), parseRangeText('10.1.0.0/16'), cidrRange('::/0')]).map(formatRange);
    expect(atoms).toEqual([
      '10.0.0.0-10.0.255.255',
      '10.1.0.0-10.1.255.255',
      '10.2.0.0-10.255.255.255',
      '0:0:0:0:0:0:0:0-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });
});
