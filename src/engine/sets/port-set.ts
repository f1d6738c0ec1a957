// Connection sets: for each of SCTP, TCP and UDP a normalised list of port intervals over
// 1..65535, plus named ports that could not be resolved to a number (opaque points).
//
// Canonical form (what makes `equals` and `key` exact):
// - each protocol's intervals are sorted, disjoint and never adjacent (1-5 and 6-9 become 1-9);
// - named ports are sorted by protocol then name, without duplicates;
// - a protocol whose whole range 1-65535 is present implicitly contains every named port of that
//   protocol, so its names are never stored.
//
// Named-port choices:
// - `a.subtract(b)` where `a` has a full protocol and `b` only names ports of that protocol keeps
//   the full numeric range: a name is not a number, so removing it cannot punch a hole in the
//   range (the names stay implied by the full range).
// - when a full protocol stops being full (subtracting numbers from it), its implied names are
//   gone too: they cannot be enumerated, and the numbers they may stand for are now partial.
//
// Performance: the analyser combines these sets millions of times, so intervals are stored as
// flat number arrays ([from0, to0, from1, to1, ...]), EMPTY/ALL and the per-protocol sets are
// shared instances, every operation short-circuits on EMPTY/ALL/identical operands, and the
// key is computed once, on first use.

import type { Protocol } from '../model.js';
import type { PortEntry } from '../result.js';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Output and storage order of protocols. */
const ORDER: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

function protocolIndex(protocol: Protocol): number {
  return protocol === 'SCTP' ? 0 : protocol === 'TCP' ? 1 : 2;
}

export interface NamedPort {
  readonly protocol: Protocol;
  readonly name: string;
}

// ---------------------------------------------------------------- flat interval lists

/** [from0, to0, from1, to1, ...]: sorted, disjoint, non-adjacent, inside 1..65535. */
type IntervalList = readonly number[];

const NONE: IntervalList = Object.freeze([]);
const FULL: IntervalList = Object.freeze([MIN_PORT, MAX_PORT]);

function isFull(list: IntervalList): boolean {
  return list.length === 2 && list[0] === MIN_PORT && list[1] === MAX_PORT;
}

function listsEqual(a: IntervalList, b: IntervalList): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function unionLists(a: IntervalList, b: IntervalList): IntervalList {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  if (isFull(a) || isFull(b)) return FULL;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let from: number;
    let to: number;
    if (j >= b.length || (i < a.length && a[i] <= b[j])) {
      from = a[i];
      to = a[i + 1];
      i += 2;
    } else {
      from = b[j];
      to = b[j + 1];
      j += 2;
    }
    const last = out.length - 1;
    // Merge overlapping and adjacent intervals so the result stays canonical.
    if (last > 0 && from <= out[last] + 1) {
      if (to > out[last]) out[last] = to;
    } else {
      out.push(from, to);
    }
  }
  return isFull(out) ? FULL : out;
}

function intersectLists(a: IntervalList, b: IntervalList): IntervalList {
  if (a === b) return a;
  if (a.length === 0 || b.length === 0) return NONE;
  if (isFull(a)) return b;
  if (isFull(b)) return a;
  const out: number[] = [];
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

function subtractLists(a: IntervalList, b: IntervalList): IntervalList {
  if (a.length === 0 || b.length === 0) return a;
  if (a === b || isFull(b)) return NONE;
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    const to = a[i + 1];
    let cur = a[i];
    while (j < b.length && b[j + 1] < cur) j += 2;
    // b[j] may reach past `to` and overlap the next interval of a, so j is not advanced past it.
    let k = j;
    while (k < b.length && b[k] <= to) {
      if (b[k] > cur) out.push(cur, b[k] - 1);
      cur = b[k + 1] + 1;
      if (cur > to) break;
      k += 2;
    }
    if (cur <= to) out.push(cur, to);
    j = k;
  }
  return out.length === 0 ? NONE : out;
}

/** Sorts and merges arbitrary [from, to] pairs (already clamped, from <= to) into a canonical list. */
function normaliseList(pairs: Array<[number, number]>): IntervalList {
  if (pairs.length === 0) return NONE;
  pairs.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [from, to] of pairs) {
    const last = out.length - 1;
    if (last > 0 && from <= out[last] + 1) {
      if (to > out[last]) out[last] = to;
    } else {
      out.push(from, to);
    }
  }
  return isFull(out) ? FULL : out;
}

// ---------------------------------------------------------------- named ports

function compareNamed(x: NamedPort, y: NamedPort): number {
  const byProtocol = protocolIndex(x.protocol) - protocolIndex(y.protocol);
  if (byProtocol !== 0) return byProtocol;
  return x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
}

function sortUniqueNamed(names: NamedPort[]): NamedPort[] {
  names.sort(compareNamed);
  return names.filter((n, i) => i === 0 || compareNamed(names[i - 1], n) !== 0);
}

function namedEqual(a: readonly NamedPort[], b: readonly NamedPort[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (compareNamed(a[i], b[i]) !== 0) return false;
  return true;
}

const NO_NAMES: readonly NamedPort[] = Object.freeze([]);

// ---------------------------------------------------------------- text helpers

function formatInterval(from: number, to: number): string {
  return from === to ? String(from) : `${from}-${to}`;
}

const PROTOCOL_TOKEN = /^(TCP|UDP|SCTP)(?:\s+(.*))?$/i;
const RANGE_TOKEN = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/;
const NAME_TOKEN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

// ---------------------------------------------------------------- PortSet

export class PortSet {
  static readonly EMPTY: PortSet = new PortSet([NONE, NONE, NONE], NO_NAMES);
  static readonly ALL: PortSet = new PortSet([FULL, FULL, FULL], NO_NAMES);
  private static readonly WHOLE_PROTOCOL: readonly PortSet[] = [
    new PortSet([FULL, NONE, NONE], NO_NAMES),
    new PortSet([NONE, FULL, NONE], NO_NAMES),
    new PortSet([NONE, NONE, FULL], NO_NAMES),
  ];

  private cachedKey: string | undefined;
  private cachedRanges: Array<ReadonlyArray<readonly [number, number]>> | undefined;

  /** lists[i] holds the intervals of ORDER[i]; names never belong to a full protocol. */
  private constructor(
    private readonly lists: readonly IntervalList[],
    private readonly names: readonly NamedPort[],
  ) {}

  /** The one place new sets are made: drops implied names and reuses the shared instances. */
  private static build(lists: readonly IntervalList[], names: readonly NamedPort[]): PortSet {
    const kept = names.length === 0 ? NO_NAMES : names.filter((n) => !isFull(lists[protocolIndex(n.protocol)]));
    if (kept.length === 0) {
      const [s, t, u] = lists;
      if (s.length === 0 && t.length === 0 && u.length === 0) return PortSet.EMPTY;
      if (isFull(s) && isFull(t) && isFull(u)) return PortSet.ALL;
    }
    return new PortSet(lists, kept.length === 0 ? NO_NAMES : kept);
  }

  private static single(protocol: Protocol, list: IntervalList, names: readonly NamedPort[]): PortSet {
    const lists: IntervalList[] = [NONE, NONE, NONE];
    lists[protocolIndex(protocol)] = list;
    return PortSet.build(lists, names);
  }

  /** Ports from..to of one protocol; bounds are clamped to 1..65535, an empty range gives EMPTY. */
  static range(protocol: Protocol, from: number, to: number): PortSet {
    const lo = Math.max(MIN_PORT, Math.ceil(from));
    const hi = Math.min(MAX_PORT, Math.floor(to));
    if (!(lo <= hi)) return PortSet.EMPTY; // also catches NaN
    if (lo === MIN_PORT && hi === MAX_PORT) return PortSet.protocol(protocol);
    return PortSet.single(protocol, [lo, hi], NO_NAMES);
  }

  static port(protocol: Protocol, port: number): PortSet {
    return PortSet.range(protocol, port, port);
  }

  static protocol(protocol: Protocol): PortSet {
    return PortSet.WHOLE_PROTOCOL[protocolIndex(protocol)];
  }

  static named(protocol: Protocol, name: string): PortSet {
    return PortSet.single(protocol, NONE, [{ protocol, name }]);
  }

  static fromEntries(entries: readonly PortEntry[]): PortSet {
    const pairs: Array<Array<[number, number]>> = [[], [], []];
    const names: NamedPort[] = [];
    for (const entry of entries) {
      if ('name' in entry) {
        names.push({ protocol: entry.protocol, name: entry.name });
        continue;
      }
      const lo = Math.max(MIN_PORT, Math.ceil(entry.from));
      const hi = Math.min(MAX_PORT, Math.floor(entry.to));
      if (lo <= hi) pairs[protocolIndex(entry.protocol)].push([lo, hi]);
    }
    return PortSet.build(pairs.map(normaliseList), names.length === 0 ? NO_NAMES : sortUniqueNamed(names));
  }

  /**
   * Reads the text `toString` writes, and np-guard's connection strings: "All Connections",
   * "No Connections", or comma-separated items where "TCP 1-79" starts a protocol and following
   * bare items ("81-65535", "http") continue it; a protocol alone ("UDP") means all its ports.
   * Throws an Error on anything else.
   */
  static parse(text: string): PortSet {
    const trimmed = text.trim();
    if (/^all connections$/i.test(trimmed)) return PortSet.ALL;
    if (/^no connections$/i.test(trimmed)) return PortSet.EMPTY;
    const entries: PortEntry[] = [];
    let current: Protocol | undefined;
    for (const rawToken of trimmed.split(/[,;]/)) {
      const token = rawToken.trim();
      let item = token;
      const protocolMatch = PROTOCOL_TOKEN.exec(token);
      if (protocolMatch) {
        current = protocolMatch[1].toUpperCase() as Protocol;
        item = (protocolMatch[2] ?? '').trim();
        if (item === '') {
          entries.push({ protocol: current, from: MIN_PORT, to: MAX_PORT });
          continue;
        }
      }
      if (current === undefined) throw new Error(`cannot parse connections "${text}": "${token}" has no protocol`);
      const rangeMatch = RANGE_TOKEN.exec(item);
      if (rangeMatch) {
        const from = Number(rangeMatch[1]);
        const to = rangeMatch[2] === undefined ? from : Number(rangeMatch[2]);
        if (from < MIN_PORT || to > MAX_PORT || from > to) {
          throw new Error(`cannot parse connections "${text}": bad port range "${item}"`);
        }
        entries.push({ protocol: current, from, to });
      } else if (NAME_TOKEN.test(item)) {
        entries.push({ protocol: current, name: item });
      } else {
        throw new Error(`cannot parse connections "${text}": bad item "${token}"`);
      }
    }
    return PortSet.fromEntries(entries);
  }

  union(other: PortSet): PortSet {
    if (this === other || other === PortSet.EMPTY || this === PortSet.ALL) return this;
    if (this === PortSet.EMPTY || other === PortSet.ALL) return other;
    const a = this.lists;
    const b = other.lists;
    const lists = [unionLists(a[0], b[0]), unionLists(a[1], b[1]), unionLists(a[2], b[2])];
    let names = this.names;
    if (other.names.length > 0) {
      names = this.names.length === 0 ? other.names : sortUniqueNamed([...this.names, ...other.names]);
    }
    return PortSet.build(lists, names);
  }

  intersect(other: PortSet): PortSet {
    if (this === other || other === PortSet.ALL) return this;
    if (this === PortSet.ALL) return other;
    if (this === PortSet.EMPTY || other === PortSet.EMPTY) return PortSet.EMPTY;
    const a = this.lists;
    const b = other.lists;
    const lists = [intersectLists(a[0], b[0]), intersectLists(a[1], b[1]), intersectLists(a[2], b[2])];
    let names = NO_NAMES;
    if (this.names.length > 0 || other.names.length > 0) {
      // A name survives when both sides contain it, stored or implied by a full protocol.
      const kept = [
        ...this.names.filter((n) => other.hasNamed(n.protocol, n.name)),
        ...other.names.filter((n) => this.hasNamed(n.protocol, n.name)),
      ];
      if (kept.length > 0) names = sortUniqueNamed(kept);
    }
    return PortSet.build(lists, names);
  }

  subtract(other: PortSet): PortSet {
    if (other === PortSet.EMPTY || this === PortSet.EMPTY) return this;
    if (this === other || other === PortSet.ALL) return PortSet.EMPTY;
    const a = this.lists;
    const b = other.lists;
    const lists = [subtractLists(a[0], b[0]), subtractLists(a[1], b[1]), subtractLists(a[2], b[2])];
    const names =
      this.names.length === 0 ? NO_NAMES : this.names.filter((n) => !other.hasNamed(n.protocol, n.name));
    return PortSet.build(lists, names);
  }

  isEmpty(): boolean {
    return this === PortSet.EMPTY;
  }

  isAll(): boolean {
    return this === PortSet.ALL;
  }

  /** True when every port 1-65535 of the protocol is present. */
  isFullProtocol(protocol: Protocol): boolean {
    return isFull(this.lists[protocolIndex(protocol)]);
  }

  has(protocol: Protocol, port: number): boolean {
    const list = this.lists[protocolIndex(protocol)];
    for (let i = 0; i < list.length && list[i] <= port; i += 2) {
      if (port <= list[i + 1]) return true;
    }
    return false;
  }

  /** True when the name is stored, or implied by the protocol's full range. */
  hasNamed(protocol: Protocol, name: string): boolean {
    if (isFull(this.lists[protocolIndex(protocol)])) return true;
    for (const n of this.names) if (n.protocol === protocol && n.name === name) return true;
    return false;
  }

  equals(other: PortSet): boolean {
    if (this === other) return true;
    if (this.cachedKey !== undefined && other.cachedKey !== undefined) return this.cachedKey === other.cachedKey;
    return (
      listsEqual(this.lists[0], other.lists[0]) &&
      listsEqual(this.lists[1], other.lists[1]) &&
      listsEqual(this.lists[2], other.lists[2]) &&
      namedEqual(this.names, other.names)
    );
  }

  /** Canonical text: equal sets have equal keys and only they do. Computed once. */
  key(): string {
    if (this.cachedKey === undefined) this.cachedKey = this.format();
    return this.cachedKey;
  }

  ranges(protocol: Protocol): ReadonlyArray<readonly [number, number]> {
    if (this.cachedRanges === undefined) {
      this.cachedRanges = this.lists.map((list) => {
        const pairs: Array<readonly [number, number]> = [];
        for (let i = 0; i < list.length; i += 2) pairs.push([list[i], list[i + 1]] as const);
        return pairs;
      });
    }
    return this.cachedRanges[protocolIndex(protocol)];
  }

  /** The stored names (names implied by a full protocol are not listed). */
  namedPorts(): ReadonlyArray<NamedPort> {
    return this.names;
  }

  /** Numeric entries first (SCTP, TCP, UDP, each ascending), then named ports by protocol and name. */
  toEntries(): PortEntry[] {
    const entries: PortEntry[] = [];
    ORDER.forEach((protocol, index) => {
      const list = this.lists[index];
      for (let i = 0; i < list.length; i += 2) entries.push({ protocol, from: list[i], to: list[i + 1] });
    });
    for (const n of this.names) entries.push({ protocol: n.protocol, name: n.name });
    return entries;
  }

  /** "All Connections" | "No Connections" | "SCTP 1-65535,TCP 1-79,81-65535,UDP 53,TCP http". */
  toString(): string {
    return this.key();
  }

  private format(): string {
    if (this.isAll()) return 'All Connections';
    if (this.isEmpty()) return 'No Connections';
    const parts: string[] = [];
    ORDER.forEach((protocol, index) => {
      const list = this.lists[index];
      if (list.length === 0) return;
      const items: string[] = [];
      for (let i = 0; i < list.length; i += 2) items.push(formatInterval(list[i], list[i + 1]));
      parts.push(`${protocol} ${items.join(',')}`);
    });
    for (const n of this.names) parts.push(`${n.protocol} ${n.name}`);
    return parts.join(',');
  }
}
