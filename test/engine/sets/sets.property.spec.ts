// Property tests: the interval sets against naive models (explicit element sets) on small spaces.
import fc from 'fast-check';
import type { Protocol } from '../../../src/engine/model.js';
import { PortSet } from '../../../src/engine/sets/port-set.js';
import { IpSet, parseCidr, partitionAddressSpace } from '../../../src/engine/sets/ip-set.js';

const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];
const SMALL_MAX = 40;
const NAMES = ['http', 'dns', 'metrics'];

// A port set in the model: "P:n" for numeric ports, "P#name" for stored names; a full protocol
// is never produced in the small space except through the explicit `full` flag.
type Item =
  | { kind: 'range'; protocol: Protocol; from: number; to: number }
  | { kind: 'named'; protocol: Protocol; name: string }
  | { kind: 'full'; protocol: Protocol };

const itemArb: fc.Arbitrary<Item> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('range' as const), protocol: fc.constantFrom(...PROTOCOLS), from: fc.integer({ min: 1, max: SMALL_MAX }), to: fc.integer({ min: 1, max: SMALL_MAX }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('named' as const), protocol: fc.constantFrom(...PROTOCOLS), name: fc.constantFrom(...NAMES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('full' as const), protocol: fc.constantFrom(...PROTOCOLS) }) },
);
const itemsArb = fc.array(itemArb, { maxLength: 6 });

function build(items: Item[]): PortSet {
  return items.reduce((set, item) => {
    if (item.kind === 'range') return set.union(PortSet.range(item.protocol, Math.min(item.from, item.to), Math.max(item.from, item.to)));
    if (item.kind === 'named') return set.union(PortSet.named(item.protocol, item.name));
    return set.union(PortSet.protocol(item.protocol));
  }, PortSet.EMPTY);
}

/** Model: per protocol either 'full' or an explicit set of small ports; plus explicit names. */
interface Model {
  full: Set<Protocol>;
  ports: Set<string>;
  names: Set<string>;
}

function model(items: Item[]): Model {
  const m: Model = { full: new Set(), ports: new Set(), names: new Set() };
  for (const item of items) {
    if (item.kind === 'full') m.full.add(item.protocol);
    else if (item.kind === 'named') m.names.add(`${item.protocol}#${item.name}`);
    else for (let p = Math.min(item.from, item.to); p <= Math.max(item.from, item.to); p++) m.ports.add(`${item.protocol}:${p}`);
  }
  return m;
}

// Probe points: the small space, plus one port beyond it that only full protocols contain.
const PROBE_PORTS = [...Array.from({ length: SMALL_MAX + 1 }, (_, i) => i + 1), 1000];

function modelHas(m: Model, protocol: Protocol, port: number): boolean {
  return m.full.has(protocol) || m.ports.has(`${protocol}:${port}`);
}
function modelHasNamed(m: Model, protocol: Protocol, name: string): boolean {
  return m.full.has(protocol) || m.names.has(`${protocol}#${name}`);
}

function expectMatches(set: PortSet, has: (p: Protocol, port: number) => boolean, hasNamed: (p: Protocol, n: string) => boolean): void {
  const mismatches: string[] = [];
  for (const protocol of PROTOCOLS) {
    for (const port of PROBE_PORTS) if (set.has(protocol, port) !== has(protocol, port)) mismatches.push(`${protocol} ${port}`);
    for (const name of NAMES) if (set.hasNamed(protocol, name) !== hasNamed(protocol, name)) mismatches.push(`${protocol} ${name}`);
  }
  expect(mismatches).toEqual([]);
}

describe('PortSet against a naive model', () => {
  it('union, intersect and subtract agree with the model, per port and per name', () => {
    fc.assert(
      fc.property(itemsArb, itemsArb, (ia, ib) => {
        const a = build(ia);
        const b = build(ib);
        const ma = model(ia);
        const mb = model(ib);
        expectMatches(a.union(b), (p, n) => modelHas(ma, p, n) || modelHas(mb, p, n), (p, n) => modelHasNamed(ma, p, n) || modelHasNamed(mb, p, n));
        expectMatches(a.intersect(b), (p, n) => modelHas(ma, p, n) && modelHas(mb, p, n), (p, n) => modelHasNamed(ma, p, n) && modelHasNamed(mb, p, n));
        // Numbers: plain difference. Names: removed when in b; but a name implied by a's full
        // protocol survives only while the protocol stays full (documented choice).
        const diff = a.subtract(b);
        expectMatches(
          diff,
          (p, n) => modelHas(ma, p, n) && !modelHas(mb, p, n),
          (p, n) =>
            (ma.full.has(p) && !mb.full.has(p) && diff.isFullProtocol(p)) ||
            (ma.names.has(`${p}#${n}`) && !ma.full.has(p) && !modelHasNamed(mb, p, n)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('keys are canonical: equal membership <=> equal keys, and parse inverts toString', () => {
    fc.assert(
      fc.property(itemsArb, itemsArb, (ia, ib) => {
        const a = build(ia);
        const b = build([...ib].reverse());
        const sameMembers = PROTOCOLS.every(
          (p) => PROBE_PORTS.every((n) => a.has(p, n) === b.has(p, n)) && NAMES.every((n) => a.hasNamed(p, n) === b.hasNamed(p, n)),
        );
        expect(a.key() === b.key()).toBe(sameMembers);
        expect(a.equals(b)).toBe(sameMembers);
        expect(PortSet.parse(a.toString()).key()).toBe(a.key());
        expect(PortSet.fromEntries(a.toEntries()).key()).toBe(a.key());
        // union is order-independent
        expect(build(ia).union(build(ib)).key()).toBe(build([...ib, ...ia]).key());
      }),
      { numRuns: 300 },
    );
  });
});

describe('IpSet against a naive model', () => {
  // Small IPv4 sets confined to 10.0.0.0/26 so the model can enumerate every address.
  const BASE = 10n << 24n;
  const SPAN = 64;
  const ipInterval = fc
    .tuple(fc.integer({ min: 0, max: SPAN - 1 }), fc.integer({ min: 0, max: SPAN - 1 }))
    .map(([x, y]) => ({ family: 4 as const, from: BASE + BigInt(Math.min(x, y)), to: BASE + BigInt(Math.max(x, y)) }));
  const ipSetArb = fc.array(ipInterval, { maxLength: 5 });
  const members = (ivs: Array<{ from: bigint; to: bigint }>) => {
    const s = new Set<number>();
    for (const iv of ivs) for (let v = iv.from; v <= iv.to; v++) s.add(Number(v - BASE));
    return s;
  };
  const addr = (offset: number) => `10.0.0.${offset}`;

  it('union, intersect, subtract and containsSet agree with the model', () => {
    fc.assert(
      fc.property(ipSetArb, ipSetArb, (ia, ib) => {
        const a = IpSet.fromIntervals(ia);
        const b = IpSet.fromIntervals(ib);
        const ma = members(ia);
        const mb = members(ib);
        const [union, inter, diff] = [a.union(b), a.intersect(b), a.subtract(b)];
        const mismatches: string[] = [];
        for (let o = 0; o < SPAN; o++) {
          if (union.contains(addr(o)) !== (ma.has(o) || mb.has(o))) mismatches.push(`union ${o}`);
          if (inter.contains(addr(o)) !== (ma.has(o) && mb.has(o))) mismatches.push(`intersect ${o}`);
          if (diff.contains(addr(o)) !== (ma.has(o) && !mb.has(o))) mismatches.push(`subtract ${o}`);
        }
        expect(mismatches).toEqual([]);
        expect(a.containsSet(b)).toBe([...mb].every((o) => ma.has(o)));
      }),
      { numRuns: 200 },
    );
  });

  it('toCidrs covers exactly its intervals, with aligned blocks', () => {
    const anyV4 = fc
      .tuple(fc.bigInt({ min: 0n, max: 0xffffffffn }), fc.bigInt({ min: 0n, max: 0xffffffffn }))
      .map(([x, y]) => ({ family: 4 as const, from: x < y ? x : y, to: x < y ? y : x }));
    const anyV6 = fc
      .tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }))
      .map(([x, y]) => ({ family: 6 as const, from: x < y ? x : y, to: x < y ? y : x }));
    fc.assert(
      fc.property(fc.array(fc.oneof(anyV4, anyV6), { maxLength: 4 }), (intervals) => {
        const set = IpSet.fromIntervals(intervals);
        const blocks = set.toCidrs().map((text) => {
          const parsed = parseCidr(text);
          if ('error' in parsed) throw new Error(parsed.error);
          // canonical: the block has no host bits set, so it prints back as the same text
          expect(IpSet.fromIntervals([parsed]).toCidrs()).toEqual([text]);
          return parsed;
        });
        expect(IpSet.fromIntervals(blocks).equals(set)).toBe(true);
        // blocks are disjoint: their sizes add up to the size of the set
        const size = (ivs: readonly { from: bigint; to: bigint }[]) => ivs.reduce((sum, iv) => sum + iv.to - iv.from + 1n, 0n);
        expect(size(blocks)).toBe(size(set.intervals()));
      }),
      { numRuns: 200 },
    );
  });

  it('partitionAddressSpace: pieces tile the space and are each wholly in or out of every set', () => {
    fc.assert(
      fc.property(fc.array(ipSetArb, { maxLength: 4 }), (setsIntervals) => {
        const sets = setsIntervals.map((ivs) => IpSet.fromIntervals(ivs));
        const pieces = partitionAddressSpace(sets);
        // contiguous, ascending, v4 then v6, covering everything
        expect(IpSet.fromIntervals(pieces).equals(IpSet.ALL)).toBe(true);
        for (let i = 1; i < pieces.length; i++) {
          if (pieces[i].family === pieces[i - 1].family) expect(pieces[i].from).toBe(pieces[i - 1].to + 1n);
        }
        const signature = (piece: (typeof pieces)[number]) =>
          sets.map((s) => {
            const p = IpSet.fromIntervals([piece]);
            if (s.containsSet(p)) return 'in';
            expect(s.intersect(p).isEmpty()).toBe(true);
            return 'out';
          }).join();
        // coarsest: neighbouring pieces of one family differ for at least one set
        for (let i = 1; i < pieces.length; i++) {
          if (pieces[i].family === pieces[i - 1].family) expect(signature(pieces[i])).not.toBe(signature(pieces[i - 1]));
        }
      }),
      { numRuns: 200 },
    );
  });
});
