// Bitset and the bit-matrix transpose against plain arrays of booleans.

import fc from 'fast-check';
import { Bitset, popcount, transposeBitMatrix } from '../../../src/engine/sets/bitset.js';

describe('Bitset', () => {
  it('holds exactly the members added, in order, across word boundaries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }).chain((size) => fc.tuple(fc.constant(size), fc.uniqueArray(fc.nat(size - 1)))), ([size, members]) => {
        const set = Bitset.of(size, members);
        expect(Array.from(set.members())).toEqual([...members].sort((a, b) => a - b));
        expect(set.count()).toBe(members.length);
        expect(set.isEmpty()).toBe(members.length === 0);
        for (let i = 0; i < size; i++) expect(set.has(i)).toBe(members.includes(i));
      }),
    );
  });

  it('full(size) holds 0..size-1 and nothing past the end', () => {
    for (const size of [1, 31, 32, 33, 64, 65]) {
      const set = Bitset.full(size);
      expect(set.count()).toBe(size);
      expect(set.members()[size - 1]).toBe(size - 1);
    }
  });

  it('union, intersection and difference agree with sets', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(99)), fc.uniqueArray(fc.nat(99)), (a, b) => {
        const union = Bitset.of(100, a);
        union.unionWith(Bitset.of(100, b));
        const both = Bitset.of(100, a);
        both.intersectWith(Bitset.of(100, b));
        const onlyA = Bitset.of(100, a);
        onlyA.subtractWith(Bitset.of(100, b));
        const sorted = (xs: number[]) => [...new Set(xs)].sort((x, y) => x - y);
        expect(Array.from(union.members())).toEqual(sorted([...a, ...b]));
        expect(Array.from(both.members())).toEqual(sorted(a.filter((x) => b.includes(x))));
        expect(Array.from(onlyA.members())).toEqual(sorted(a.filter((x) => !b.includes(x))));
        expect(Array.from(Bitset.of(100, a).clone().members())).toEqual(sorted(a));
      }),
    );
  });

  it('popcount counts the bits of any 32-bit word', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (word) => {
        expect(popcount(word)).toBe([...(word >>> 0).toString(2)].filter((c) => c === '1').length);
      }),
    );
  });
});

describe('transposeBitMatrix', () => {
  it('moves bit c of row r to bit r of row c, for sizes around word boundaries', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 5, 31, 32, 33, 63, 64, 65, 100), fc.integer(), (size, seed) => {
        const words = (size + 31) >>> 5;
        const rows = new Uint32Array(size * words);
        const bit = (r: number, c: number) => ((r * 7919 + c * 104729 + seed) >>> 0) % 3 === 0;
        for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (bit(r, c)) rows[r * words + (c >>> 5)] |= 1 << (c & 31);
        const expected = new Uint32Array(size * words);
        for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (bit(r, c)) expected[c * words + (r >>> 5)] |= 1 << (r & 31);
        expect(transposeBitMatrix(rows, size)).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  });
});
