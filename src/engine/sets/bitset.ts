// Fixed-size sets of small integers as Uint32Array words: 32 members per word, so a union is one
// OR per word and a scan skips empty words. The analysis uses them for the peer blocks a rule
// matches and the peer blocks a subject's rules allow.

export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }

  static of(size: number, members: ArrayLike<number>): Bitset {
    const set = new Bitset(size);
    for (let i = 0; i < members.length; i++) set.add(members[i]);
    return set;
  }

  /** Every integer in [0, size). */
  static full(size: number): Bitset {
    const set = new Bitset(size);
    set.words.fill(0xffffffff);
    const spare = set.words.length * 32 - size;
    if (spare > 0) set.words[set.words.length - 1] = 0xffffffff >>> spare;
    return set;
  }

  clone(): Bitset {
    const copy = new Bitset(this.size);
    copy.words.set(this.words);
    return copy;
  }

  add(member: number): void {
    this.words[member >>> 5] |= 1 << (member & 31);
  }

  has(member: number): boolean {
    return (this.words[member >>> 5] & (1 << (member & 31))) !== 0;
  }

  /** this ∪= other (same size). */
  unionWith(other: Bitset): void {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) a[i] |= b[i];
  }

  /** this ∩= other (same size). */
  intersectWith(other: Bitset): void {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) a[i] &= b[i];
  }

  /** this −= other (same size). */
  subtractWith(other: Bitset): void {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) a[i] &= ~b[i];
  }

  isEmpty(): boolean {
    for (let i = 0; i < this.words.length; i++) if (this.words[i] !== 0) return false;
    return true;
  }

  count(): number {
    let total = 0;
    for (let i = 0; i < this.words.length; i++) total += popcount(this.words[i]);
    return total;
  }

  /** Calls `visit` for each member, in increasing order. */
  forEach(visit: (member: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w];
      while (word !== 0) {
        const low = word & -word;
        visit((w << 5) + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }

  /** The members in increasing order. */
  members(): Int32Array {
    const out = new Int32Array(this.count());
    let at = 0;
    this.forEach((member) => {
      out[at++] = member;
    });
    return out;
  }
}

export function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * A square bit matrix of `size` rows, each `words` = ceil(size / 32) words long, row-major:
 * returns its transpose (bit c of row r becomes bit r of row c), 32 × 32 tiles at a time.
 */
export function transposeBitMatrix(rows: Uint32Array, size: number): Uint32Array {
  const words = (size + 31) >>> 5;
  const out = new Uint32Array(size * words);
  const tile = new Uint32Array(32);
  for (let rowWord = 0; rowWord < words; rowWord++) {
    const firstRow = rowWord << 5;
    const rowCount = Math.min(32, size - firstRow);
    for (let column = 0; column < words; column++) {
      let any = 0;
      for (let i = 0; i < 32; i++) {
        const word = i < rowCount ? rows[(firstRow + i) * words + column] : 0;
        tile[i] = word;
        any |= word;
      }
      if (any === 0) continue;
      transposeTile(tile);
      const firstColumn = column << 5;
      const columnCount = Math.min(32, size - firstColumn);
      for (let i = 0; i < columnCount; i++) out[(firstColumn + i) * words + rowWord] = tile[i];
    }
  }
  return out;
}

/** In place: bit c of word r ↔ bit r of word c (least significant bit = column 0). */
function transposeTile(a: Uint32Array): void {
  let mask = 0x0000ffff;
  for (let j = 16; j !== 0; j >>>= 1, mask = (mask ^ (mask << j)) >>> 0) {
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      const t = ((a[k] >>> j) ^ a[k + j]) & mask;
      a[k] ^= t << j;
      a[k + j] ^= t;
    }
  }
}
