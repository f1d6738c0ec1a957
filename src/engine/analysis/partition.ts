// Partition refinement: start from one block (or blocks by a key) and split blocks by member
// sets, so elements end in the same block iff no set told them apart. Each split costs
// O(size of the set), so refining by every rule's peers stays linear in the total mask sizes.

export class Partition {
  readonly blockOf: Int32Array;
  private sizes: number[] = [];

  constructor(size: number, initialKey?: (element: number) => string) {
    this.blockOf = new Int32Array(size);
    if (initialKey === undefined) {
      if (size > 0) this.sizes.push(size);
      return;
    }
    this.refineByKey(initialKey, true);
  }

  get blockCount(): number {
    return this.sizes.length;
  }

  /** Splits every block into its elements inside `members` and those outside. Members must be distinct. */
  refine(members: ArrayLike<number>): void {
    const touched = new Map<number, number[]>();
    for (let i = 0; i < members.length; i++) {
      const element = members[i];
      const block = this.blockOf[element];
      const list = touched.get(block);
      if (list === undefined) touched.set(block, [element]);
      else list.push(element);
    }
    for (const [block, inside] of touched) {
      if (inside.length === this.sizes[block]) continue;
      const created = this.sizes.length;
      this.sizes.push(inside.length);
      this.sizes[block] -= inside.length;
      for (const element of inside) this.blockOf[element] = created;
    }
  }

  /** Splits blocks so that elements with different keys part. */
  refineByKey(keyOf: (element: number) => string, initial = false): void {
    const ids = new Map<string, number>();
    const sizes: number[] = [];
    for (let element = 0; element < this.blockOf.length; element++) {
      const key = initial ? keyOf(element) : `${this.blockOf[element]}\u0000${keyOf(element)}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = sizes.length;
        ids.set(key, id);
        sizes.push(0);
      }
      sizes[id]++;
      this.blockOf[element] = id;
    }
    this.sizes = sizes;
  }

  /** Splits blocks so that elements with different ids part (as `refineByKey`, on integers). */
  refineByIds(idOf: Int32Array): void {
    const blocks = new Map<number, number>();
    const sizes: number[] = [];
    let span = 1;
    for (let element = 0; element < idOf.length; element++) span = Math.max(span, idOf[element] + 1);
    for (let element = 0; element < this.blockOf.length; element++) {
      const key = this.blockOf[element] * span + idOf[element];
      let block = blocks.get(key);
      if (block === undefined) {
        block = sizes.length;
        blocks.set(key, block);
        sizes.push(0);
      }
      sizes[block]++;
      this.blockOf[element] = block;
    }
    this.sizes = sizes;
  }

  /** The first element of each block, by block id. */
  representatives(): Int32Array {
    const reps = new Int32Array(this.sizes.length).fill(-1);
    for (let element = 0; element < this.blockOf.length; element++) {
      const block = this.blockOf[element];
      if (reps[block] < 0) reps[block] = element;
    }
    return reps;
  }
}
