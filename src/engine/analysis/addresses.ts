// The address space cut into atoms: the coarsest intervals that are wholly inside or outside
// every address set a policy mentions. Every address of one atom is treated alike by every rule,
// so external connectivity is computed once per atom, and pods are placed by the atoms of their IPs.

import { IpSet, parseCidr, partitionAddressSpace, type IpInterval } from '../sets/ip-set.js';

export class AddressAtoms {
  readonly atoms: readonly IpInterval[];
  private readonly masks = new Map<string, Uint8Array>();
  /** Index of the first IPv6 atom (atoms are IPv4 ascending, then IPv6 ascending). */
  private readonly firstV6: number;

  constructor(sets: readonly IpSet[]) {
    this.atoms = partitionAddressSpace(sets);
    const v6 = this.atoms.findIndex((a) => a.family === 6);
    this.firstV6 = v6 < 0 ? this.atoms.length : v6;
  }

  get count(): number {
    return this.atoms.length;
  }

  /** The atom holding an address, or undefined for text that is not an IP address. */
  atomOfIp(ip: string): number | undefined {
    const parsed = parseCidr(ip);
    if ('error' in parsed) return undefined;
    return this.atomOf(parsed.family, parsed.from);
  }

  atomOf(family: 4 | 6, value: bigint): number {
    let lo = family === 4 ? 0 : this.firstV6;
    let hi = family === 4 ? this.firstV6 - 1 : this.atoms.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.atoms[mid].from <= value) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The atoms covering an IpSet (exact, since the set was one of the cuts), as a 0/1 array. */
  mask(set: IpSet): Uint8Array {
    const key = set.key();
    let mask = this.masks.get(key);
    if (mask === undefined) {
      mask = new Uint8Array(this.atoms.length);
      for (const interval of set.intervals()) {
        const first = this.atomOf(interval.family, interval.from);
        const last = this.atomOf(interval.family, interval.to);
        mask.fill(1, first, last + 1);
      }
      this.masks.set(key, mask);
    }
    return mask;
  }

  addresses(atomIds: Iterable<number>): IpSet {
    const intervals: IpInterval[] = [];
    for (const id of atomIds) intervals.push(this.atoms[id]);
    return IpSet.fromIntervals(intervals);
  }
}
