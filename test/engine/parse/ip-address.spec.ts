// isIpAddress tests dotted quads with its own pattern before asking ipaddr.js: the answers must be
// ipaddr's, for addresses and near-misses alike.
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { isIpAddress } from '../../../src/engine/parse/cidr.js';

const byIpaddr = (text: string): boolean => ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text));

describe('isIpAddress', () => {
  it.each(['10.0.0.1', '0.0.0.0', '255.255.255.255', '192.168.100.2', '2001:db8::1', '::ffff:10.0.0.1'])('accepts %s', (text) => {
    expect(isIpAddress(text)).toBe(true);
  });

  it.each(['256.0.0.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '0x1.2.3.4', '1.2.3.4 ', '', 'a.b.c.d', '10.0.0.1/8', '1..2.3'])('refuses %s', (text) => {
    expect(isIpAddress(text)).toBe(false);
  });

  it('answers as ipaddr.js for dotted numbers and random text', () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '007', '0x1f', '', '-1', '1e2'));
    const quad = fc.array(octet, { minLength: 2, maxLength: 5 }).map((parts) => parts.join('.'));
    fc.assert(fc.property(fc.oneof(quad, fc.string()), (text) => isIpAddress(text) === byIpaddr(text)), { numRuns: 5000 });
  });
});
