// Address arithmetic for the tests, written independently of the engine's IpSet so that a bug there
// cannot hide itself in the comparison. Addresses are bigints tagged with their family; ranges are
// inclusive [lo, hi].

export type Family = 4 | 6;

export interface AddressRange {
  family: Family;
  lo: bigint;
  hi: bigint;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) + BigInt(part);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (!text.includes(':')) return null;
  let head = text;
  let tailV4: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = groupsOf(halves[0]!);
  const right = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    value = (value << 16n) + BigInt(parseInt(group, 16));
  }
  if (tailV4 !== null) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

export function parseAddress(text: string): { family: Family; value: bigint } {
  const v4 = parseIpv4(text.trim());
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIpv6(text.trim());
  if (v6 !== null) return { family: 6, value: v6 };
  throw new Error(`not an IP address: ${text}`);
}

/** The whole network a CIDR belongs to (host bits ignored, as Kubernetes implementations do). */
export function cidrRange(cidr: string): AddressRange {
  const [address, prefixText] = cidr.split('/');
  const { family, value } = parseAddress(address!);
  const bits = BITS[family];
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) throw new Error(`bad prefix in ${cidr}`);
  const hostBits = BigInt(bits - prefix);
  const lo = (value >> hostBits) << hostBits;
  return { family, lo, hi: lo + (1n << hostBits) - 1n };
}

/** `A.B.C.D-E.F.G.H` (np-guard's text form), a CIDR, or a single address. */
export function parseRangeText(text: string): AddressRange {
  if (text.includes('/')) return cidrRange(text);
  const dash = text.indexOf('-');
  if (dash < 0) {
    const { family, value } = parseAddress(text);
    return { family, lo: value, hi: value };
  }
  const lo = parseAddress(text.slice(0, dash));
  const hi = parseAddress(text.slice(dash + 1));
  if (lo.family !== hi.family || lo.value > hi.value) throw new Error(`bad range ${text}`);
  return { family: lo.family, lo: lo.value, hi: hi.value };
}

export function formatAddress(family: Family, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 255n).toString()).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}

export function formatRange(range: AddressRange): string {
  return `${formatAddress(range.family, range.lo)}-${formatAddress(range.family, range.hi)}`;
}

export function rangeContains(range: AddressRange, family: Family, value: bigint): boolean {
  return range.family === family && range.lo <= value && value <= range.hi;
}

export const FULL_IPV4: AddressRange = { family: 4, lo: 0n, hi: (1n << 32n) - 1n };
export const FULL_IPV6: AddressRange = { family: 6, lo: 0n, hi: (1n << 128n) - 1n };

/**
 * Cuts the given ranges into the coarsest list of disjoint "atoms" such that every input range is
 * a union of atoms. Two maps keyed by atoms can then be compared entry by entry, whatever the
 * way each side split its address space.
 */
export function atomsOf(ranges: readonly AddressRange[]): AddressRange[] {
  const atoms: AddressRange[] = [];
  for (const family of [4, 6] as const) {
    const cuts = new Set<bigint>();
    for (const r of ranges) {
      if (r.family !== family) continue;
      cuts.add(r.lo);
      cuts.add(r.hi + 1n);
    }
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i + 1 < sorted.length; i++) {
      const lo = sorted[i]!;
      const hi = sorted[i + 1]! - 1n;
      if (ranges.some((r) => r.family === family && r.lo <= lo && hi <= r.hi)) atoms.push({ family, lo, hi });
    }
  }
  return atoms;
}

export function rangeCovers(outer: AddressRange, inner: AddressRange): boolean {
  return outer.family === inner.family && outer.lo <= inner.lo && inner.hi <= outer.hi;
}

/** Intersection with one family's space, or null when disjoint. */
export function clipRange(range: AddressRange, to: AddressRange): AddressRange | null {
  if (range.family !== to.family) return null;
  const lo = range.lo > to.lo ? range.lo : to.lo;
  const hi = range.hi < to.hi ? range.hi : to.hi;
  return lo <= hi ? { family: range.family, lo, hi } : null;
}
