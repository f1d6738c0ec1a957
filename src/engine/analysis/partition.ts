// Partition refinement: start from one block (or blocks by a key) and split blocks by member
// sets, so elements end in the same block iff no set told them apart. Each split costs
// O(size of the set), so refining by every rule's peers stays linear in the total mask sizes.
// The bookkeeping lives in typed arrays sized once (a partition never has more blocks than
// elements), so a split allocates nothing: at 100,000 pods the peer grouping refines by tens of
// thousands of rules, and per-split maps and lists were most of its time and garbage.

/** Members given as bitset words; member = offset + bit index. */
export interface BitsPart {
  words: Uint32Array;
  offset: number;
}

export class Partition {
  readonly blockOf: Int32Array;
  private sizes: Int32Array;
  private count = 0;
  /** Per block: members of the current set seen in it (zero between calls). */
  private readonly hits: Int32Array;
  /** Per block: the block its members move to, or -1 (only read for touched blocks). */
  private readonly movedTo: Int32Array;
  private readonly touched: Int32Array;
  /** refineByIds: (block, id) pairs seen in the current call (stamp) and their new block. */
  private pairStamp: Int32Array | undefined;
  private pairBlock: Int32Array | undefined;
  private stamp = 0;

  constructor(size: number, initialKey?: (element: number) => string) {
    this.blockOf = new Int32Array(size);
    this.sizes = new Int32Array(size);
    this.hits = new Int32Array(size);
    this.movedTo = new Int32Array(size);
    this.touched = new Int32Array(size);
    if (initialKey === undefined) {
      if (size > 0) {
        this.sizes[0] = size;
        this.count = 1;
      }
      return;
    }
    this.refineByKey(initialKey, true);
  }

  /** Back to one block holding every element. */
  reset(): void {
    this.blockOf.fill(0);
    this.count = 0;
    if (this.blockOf.length > 0) {
      if (this.sizes.length < this.blockOf.length) this.sizes = new Int32Array(this.blockOf.length);
      this.sizes[0] = this.blockOf.length;
      this.count = 1;
    }
  }

  get blockCount(): number {
    return this.count;
  }

  /** Splits every block into its elements inside `members` and those outside. Members must be distinct. */
  refine(members: ArrayLike<number>): void {
    const { blockOf, hits, touched } = this;
    let touchedCount = 0;
    for (let i = 0; i < members.length; i++) {
      const block = blockOf[members[i]];
      if (hits[block]++ === 0) touched[touchedCount++] = block;
    }
    if (!this.split(touchedCount)) return;
    for (let i = 0; i < members.length; i++) this.move(members[i]);
    this.clearHits(touchedCount);
  }

  /** As `refine`, with the members read from bitsets (no member list is built). */
  refineBits(parts: readonly BitsPart[]): void {
    const { blockOf, hits, touched } = this;
    let touchedCount = 0;
    for (const { words, offset } of parts) {
      for (let w = 0; w < words.length; w++) {
        let word = words[w];
        while (word !== 0) {
          const low = word & -word;
          const block = blockOf[offset + (w << 5) + 31 - Math.clz32(low)];
          if (hits[block]++ === 0) touched[touchedCount++] = block;
          word ^= low;
        }
      }
    }
    if (!this.split(touchedCount)) return;
    for (const { words, offset } of parts) {
      for (let w = 0; w < words.length; w++) {
        let word = words[w];
        while (word !== 0) {
          const low = word & -word;
          this.move(offset + (w << 5) + 31 - Math.clz32(low));
          word ^= low;
        }
      }
    }
    this.clearHits(touchedCount);
  }

  /** New blocks for the touched blocks the set covers only in part, in order of first touch. */
  private split(touchedCount: number): boolean {
    const { hits, touched, movedTo, sizes } = this;
    let any = false;
    for (let t = 0; t < touchedCount; t++) {
      const block = touched[t];
      const inside = hits[block];
      if (inside === sizes[block]) {
        movedTo[block] = -1;
        continue;
      }
      any = true;
      movedTo[block] = this.count;
      sizes[this.count++] = inside;
      sizes[block] -= inside;
    }
    if (!any) this.clearHits(touchedCount);
    return any;
  }

  private move(element: number): void {
    const block = this.blockOf[element];
    // Elements already moved sit in a new block, whose hits are zero: they are not moved twice.
    if (this.hits[block] !== 0 && this.movedTo[block] >= 0) this.blockOf[element] = this.movedTo[block];
  }

  private clearHits(touchedCount: number): void {
    for (let t = 0; t < touchedCount; t++) this.hits[this.touched[t]] = 0;
  }

  /** Splits blocks so that elements with different keys part. */
  refineByKey(keyOf: (element: number) => string, initial = false): void {
    const ids = new Map<string, number>();
    const sizes = new Int32Array(this.blockOf.length);
    let count = 0;
    for (let element = 0; element < this.blockOf.length; element++) {
      const key = initial ? keyOf(element) : `${this.blockOf[element]}\u0000${keyOf(element)}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = count++;
        ids.set(key, id);
      }
      sizes[id]++;
      this.blockOf[element] = id;
    }
    this.sizes = sizes;
    this.count = count;
  }

  /**
   * Splits blocks so that elements with different ids part (as `refineByKey`, on integers). New
   * block numbers go by first appearance, as before; the (block, id) pairs are looked up in a
   * stamped table rather than a map when blocks × ids is small (rows evaluated one by one call
   * this once per row).
   */
  refineByIds(idOf: Int32Array): void {
    const sizes = new Int32Array(this.blockOf.length);
    let count = 0;
    let span = 1;
    for (let element = 0; element < idOf.length; element++) span = Math.max(span, idOf[element] + 1);
    const keys = this.count * span;
    if (keys <= 1 << 22) {
      if (this.pairStamp === undefined || this.pairStamp.length < keys) {
        this.pairStamp = new Int32Array(Math.max(keys, 1024));
        this.pairBlock = new Int32Array(this.pairStamp.length);
        this.stamp = 0;
      }
      const stamp = ++this.stamp;
      const pairStamp = this.pairStamp;
      const pairBlock = this.pairBlock!;
      for (let element = 0; element < this.blockOf.length; element++) {
        const key = this.blockOf[element] * span + idOf[element];
        let block: number;
        if (pairStamp[key] === stamp) block = pairBlock[key];
        else {
          block = count++;
          pairStamp[key] = stamp;
          pairBlock[key] = block;
        }
        sizes[block]++;
        this.blockOf[element] = block;
      }
    } else {
      const blocks = new Map<number, number>();
      for (let element = 0; element < this.blockOf.length; element++) {
        const key = this.blockOf[element] * span + idOf[element];
        let block = blocks.get(key);
        if (block === undefined) {
          block = count++;
          blocks.set(key, block);
        }
        sizes[block]++;
        this.blockOf[element] = block;
      }
    }
    this.sizes = sizes;
    this.count = count;
  }

  /** The first element of each block, by block id. */
  representatives(): Int32Array {
    const reps = new Int32Array(this.count).fill(-1);
    for (let element = 0; element < this.blockOf.length; element++) {
      const block = this.blockOf[element];
      if (reps[block] < 0) reps[block] = element;
    }
    return reps;
  }
}
