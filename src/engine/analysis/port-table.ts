// Interned PortSets: equal sets share one instance and one small integer id, so matrices hold
// ids and unions/intersections of ids are memoised.

import { PortSet } from '../sets/port-set.js';

const PAIR_BASE = 2 ** 26;

export class PortSetTable {
  static readonly EMPTY_ID = 0;
  static readonly ALL_ID = 1;

  private readonly sets: PortSet[] = [PortSet.EMPTY, PortSet.ALL];
  private readonly ids = new Map<string, number>([
    [PortSet.EMPTY.key(), 0],
    [PortSet.ALL.key(), 1],
  ]);
  private readonly intersections = new Map<number, number>();
  private readonly unions = new Map<number, number>();

  id(set: PortSet): number {
    if (set === PortSet.EMPTY) return PortSetTable.EMPTY_ID;
    if (set === PortSet.ALL) return PortSetTable.ALL_ID;
    const key = set.key();
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(key, id);
    }
    return id;
  }

  get(id: number): PortSet {
    return this.sets[id];
  }

  get size(): number {
    return this.sets.length;
  }

  intersect(a: number, b: number): number {
    if (a === b || b === PortSetTable.ALL_ID) return a;
    if (a === PortSetTable.ALL_ID) return b;
    if (a === PortSetTable.EMPTY_ID || b === PortSetTable.EMPTY_ID) return PortSetTable.EMPTY_ID;
    const key = a < b ? a * PAIR_BASE + b : b * PAIR_BASE + a;
    let id = this.intersections.get(key);
    if (id === undefined) {
      id = this.id(this.sets[a].intersect(this.sets[b]));
      this.intersections.set(key, id);
    }
    return id;
  }

  union(a: number, b: number): number {
    if (a === b || b === PortSetTable.EMPTY_ID) return a;
    if (a === PortSetTable.EMPTY_ID) return b;
    if (a === PortSetTable.ALL_ID || b === PortSetTable.ALL_ID) return PortSetTable.ALL_ID;
    const key = a < b ? a * PAIR_BASE + b : b * PAIR_BASE + a;
    let id = this.unions.get(key);
    if (id === undefined) {
      id = this.id(this.sets[a].union(this.sets[b]));
      this.unions.set(key, id);
    }
    return id;
  }
}
