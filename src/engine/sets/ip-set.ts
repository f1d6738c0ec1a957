// Address sets: IPv4 and IPv6 kept apart, each as sorted, disjoint, non-adjacent inclusive
// intervals of bigint. Text is parsed with ipaddr.js; IPv4 accepts only the four-part decimal
// form (as Kubernetes does), IPv6 rejects zone ids. IPv4-mapped IPv6 (::ffff:1.2.3.4) stays IPv6.

import ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

export interface IpInterval {
  family: IpFamily;
  from: bigint;
  to: bigint;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };
const MAX_V4 = (1n << 32n) - 1n;
const MAX_V6 = (1n << 128n) - 1n;

function maxOf(family: IpFamily): bigint {
  return family === 4 ? MAX_V4 : MAX_V6;
}

// ---------------------------------------------------------------- parsing and formatting

interface ParsedIp {
  family: IpFamily;
  value: bigint;
}

function bytesToBigint(bytes: readonly number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** Parses a bare address, or returns undefined. */
export function parseIp(text: string): ParsedIp | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return { family: 4, value: bytesToBigint(ipaddr.IPv4.parse(text).toByteArray()) };
  }
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) {
    return { family: 6, value: bytesToBigint(ipaddr.IPv6.parse(text).toByteArray()) };
  }
  return undefined;
}

/**
 * "10.0.0.0/8", "fd00::/8", or a bare address (= /32 or /128). Host bits below the prefix are
 * masked away ("10.1.2.3/8" is 10.0.0.0/8), as Kubernetes accepts such texts.
 */
export function parseCidr(text: string): IpInterval | { error: string } {
  if (typeof text !== 'string' || text === '') return { error: 'empty CIDR' };
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIp(addressText);
  if (ip === undefined) return { error: `invalid IP address "${addressText}" in "${text}"` };
  const bits = BITS[ip.family];
  let prefix = bits;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
      return { error: `invalid prefix length "${prefixText}" in "${text}" (0-${bits} for IPv${ip.family})` };
    }
    prefix = Number(prefixText);
  }
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const from = ip.value & ~hostMask & maxOf(ip.family);
  return { family: ip.family, from, to: from | hostMask };
}

function formatV6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  // RFC 5952: compress the longest run (length >= 2) of zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Formats an address of a family as canonical text (IPv6 compressed, lower case). */
export function formatIp(family: IpFamily, value: bigint): string {
  if (family === 6) return formatV6(value);
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/**
 * The exact minimal list of CIDR blocks covering from..to: greedily the largest block that is
 * aligned on the current address (its trailing zero bits) and still fits in what remains.
 */
function cidrCover(family: IpFamily, from: bigint, to: bigint): string[] {
  const bits = BITS[family];
  const out: string[] = [];
  let cur = from;
  while (cur <= to) {
    const alignment = cur === 0n ? bits : bitLength(cur & -cur) - 1;
    const fit = bitLength(to - cur + 1n) - 1;
    const size = Math.min(alignment, fit);
    out.push(`${formatIp(family, cur)}/${bits - size}`);
    cur += 1n << BigInt(size);
  }
  return out;
}

// ---------------------------------------------------------------- flat bigint interval lists

/** [from0, to0, from1, to1, ...]: sorted, disjoint, non-adjacent. */
type List = readonly bigint[];
const NONE: List = Object.freeze([]);

function listsEqual(a: List, b: List): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function pushMerged(out: bigint[], from: bigint, to: bigint): void {
  const last = out.length - 1;
  if (last > 0 && from <= out[last] + 1n) {
    if (to > out[last]) out[last] = to;
  } else {
    out.push(from, to);
  }
}

function unionLists(a: List, b: List): List {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] <= b[j])) {
      pushMerged(out, a[i], a[i + 1]);
      i += 2;
    } else {
      pushMerged(out, b[j], b[j + 1]);
      j += 2;
    }
  }
  return out;
}

function intersectLists(a: List, b: List): List {
  if (a === b) return a;
  if (a.length === 0 || b.length === 0) return NONE;
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = a[i] > b[j] ? a[i] : b[j];
    const to = a[i + 1] < b[j + 1] ? a[i + 1] : b[j + 1];
    if (from <= to) out.push(from, to);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out.length === 0 ? NONE : out;
}

function subtractLists(a: List, b: List): List {
  if (a.length === 0 || b.length === 0) return a;
  if (a === b) return NONE;
  const out: bigint[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    const to = a[i + 1];
    let cur = a[i];
    while (j < b.length && b[j + 1] < cur) j += 2;
    let k = j; // b[k] may reach into the next interval of a, so j stays on it
    while (k < b.length && b[k] <= to) {
      if (b[k] > cur) out.push(cur, b[k] - 1n);
      cur = b[k + 1] + 1n;
      if (cur > to) break;
      k += 2;
    }
    if (cur <= to) out.push(cur, to);
    j = k;
  }
  return out.length === 0 ? NONE : out;
}

function normalise(intervals: ReadonlyArray<{ from: bigint; to: bigint }>, max: bigint): List {
  const valid = intervals
    .map(({ from, to }) => ({ from: from < 0n ? 0n : from, to: to > max ? max : to }))
    .filter(({ from, to }) => from <= to)
    .sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
  if (valid.length === 0) return NONE;
  const out: bigint[] = [];
  for (const { from, to } of valid) pushMerged(out, from, to);
  return out;
}

// ---------------------------------------------------------------- IpSet

export class IpSet {
  static readonly EMPTY: IpSet = new IpSet(NONE, NONE);
  static readonly ALL_V4: IpSet = new IpSet([0n, MAX_V4], NONE);
  static readonly ALL_V6: IpSet = new IpSet(NONE, [0n, MAX_V6]);
  static readonly ALL: IpSet = new IpSet([0n, MAX_V4], [0n, MAX_V6]);

  private cachedKey: string | undefined;
  private cachedIntervals: readonly IpInterval[] | undefined;

  private constructor(
    private readonly v4: List,
    private readonly v6: List,
  ) {}

  private static of(v4: List, v6: List): IpSet {
    if (v4.length === 0 && v6.length === 0) return IpSet.EMPTY;
    return new IpSet(v4, v6);
  }

  /** Throws an Error on invalid text; validate with `parseCidr` first where input is untrusted. */
  static fromCidr(text: string): IpSet {
    const parsed = parseCidr(text);
    if ('error' in parsed) throw new Error(parsed.error);
    return IpSet.fromIntervals([parsed]);
  }

  /** Throws an Error on an invalid address. */
  static fromIp(ip: string): IpSet {
    const parsed = parseIp(ip);
    if (parsed === undefined) throw new Error(`invalid IP address "${ip}"`);
    return IpSet.fromIntervals([{ family: parsed.family, from: parsed.value, to: parsed.value }]);
  }

  /** Any intervals: unsorted, overlapping or out of range (clamped to the family) are fine. */
  static fromIntervals(intervals: readonly IpInterval[]): IpSet {
    return IpSet.of(
      normalise(intervals.filter((i) => i.family === 4), MAX_V4),
      normalise(intervals.filter((i) => i.family === 6), MAX_V6),
    );
  }

  union(o: IpSet): IpSet {
    if (this === o || o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    return IpSet.of(unionLists(this.v4, o.v4), unionLists(this.v6, o.v6));
  }

  intersect(o: IpSet): IpSet {
    if (this === o || o === IpSet.ALL) return this;
    if (this === IpSet.ALL) return o;
    if (this.isEmpty() || o.isEmpty()) return IpSet.EMPTY;
    return IpSet.of(intersectLists(this.v4, o.v4), intersectLists(this.v6, o.v6));
  }

  subtract(o: IpSet): IpSet {
    if (this.isEmpty() || o.isEmpty()) return this;
    if (this === o || o === IpSet.ALL) return IpSet.EMPTY;
    return IpSet.of(subtractLists(this.v4, o.v4), subtractLists(this.v6, o.v6));
  }

  isEmpty(): boolean {
    return this === IpSet.EMPTY;
  }

  equals(o: IpSet): boolean {
    return this === o || (listsEqual(this.v4, o.v4) && listsEqual(this.v6, o.v6));
  }

  /** Canonical: equal sets have equal keys and only they do. */
  key(): string {
    if (this.cachedKey === undefined) {
      const hex = (list: List) => list.map((v) => v.toString(16)).join(',');
      this.cachedKey = `4:${hex(this.v4)}|6:${hex(this.v6)}`;
    }
    return this.cachedKey;
  }

  /** False for an unparsable string. */
  contains(ip: string): boolean {
    const parsed = parseIp(ip);
    if (parsed === undefined) return false;
    const list = parsed.family === 4 ? this.v4 : this.v6;
    for (let i = 0; i < list.length && list[i] <= parsed.value; i += 2) {
      if (parsed.value <= list[i + 1]) return true;
    }
    return false;
  }

  containsSet(o: IpSet): boolean {
    return o.subtract(this).isEmpty();
  }

  /** IPv4 intervals first, then IPv6, each ascending. */
  intervals(): readonly IpInterval[] {
    if (this.cachedIntervals === undefined) {
      const out: IpInterval[] = [];
      for (let i = 0; i < this.v4.length; i += 2) out.push({ family: 4, from: this.v4[i], to: this.v4[i + 1] });
      for (let i = 0; i < this.v6.length; i += 2) out.push({ family: 6, from: this.v6[i], to: this.v6[i + 1] });
      this.cachedIntervals = out;
    }
    return this.cachedIntervals;
  }

  /** The exact minimal CIDR cover of every interval, IPv4 first, ascending. */
  toCidrs(): string[] {
    return this.intervals().flatMap((i) => cidrCover(i.family, i.from, i.to));
  }

  /** One "A-B" per interval, or "A" for a single address. */
  toRanges(): string[] {
    return this.intervals().map((i) =>
      i.from === i.to ? formatIp(i.family, i.from) : `${formatIp(i.family, i.from)}-${formatIp(i.family, i.to)}`,
    );
  }

  toString(): string {
    return this.toRanges().join(',');
  }
}

/**
 * Cuts the whole address space (both families) into the coarsest intervals such that each
 * interval is either wholly inside or wholly outside each given set. Returns intervals in
 * ascending order, v4 first, covering everything.
 *
 * Every interval start and every end+1 of every set is a cut; since each set's intervals are
 * canonical (non-adjacent), each cut changes membership of at least one set, so no two
 * neighbouring pieces could be merged: the result is the coarsest. O(n log n) in the endpoints.
 */
export function partitionAddressSpace(sets: readonly IpSet[]): IpInterval[] {
  const cuts: Record<IpFamily, bigint[]> = { 4: [0n], 6: [0n] };
  for (const set of sets) {
    for (const { family, from, to } of set.intervals()) {
      cuts[family].push(from);
      if (to < maxOf(family)) cuts[family].push(to + 1n);
    }
  }
  const out: IpInterval[] = [];
  for (const family of [4, 6] as const) {
    const sorted = cuts[family].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const starts = sorted.filter((v, i) => i === 0 || sorted[i - 1] !== v);
    starts.forEach((from, i) => {
      const to = i + 1 < starts.length ? starts[i + 1] - 1n : maxOf(family);
      out.push({ family, from, to });
    });
  }
  return out;
}
