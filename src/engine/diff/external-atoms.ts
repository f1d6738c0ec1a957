// External blocks are compared by addresses, not by CIDR strings: two results may cut the same
// address space differently (a block split in two because of an unrelated policy elsewhere).
// Every external block of both results is cut into common atoms (the coarsest intervals each
// wholly inside or outside every block); connections are compared atom by atom, and atoms whose
// change is the same are merged back into maximal contiguous blocks.

import { IpSet, partitionAddressSpace, type IpInterval } from '../sets/ip-set.js';
import type { Endpoint } from '../result.js';
import { externalAddresses, isExternal } from '../render/endpoint-text.js';

export interface AtomIndex {
  /** The atoms inside an external endpoint's addresses, ascending. */
  atomsOf(addresses: IpSet): IpInterval[];
}

function compareIntervalStart(a: IpInterval, b: IpInterval): number {
  if (a.family !== b.family) return a.family - b.family;
  return a.from < b.from ? -1 : a.from > b.from ? 1 : 0;
}

/** The first atom index whose start is >= (family, from). */
function lowerBound(atoms: readonly IpInterval[], family: IpInterval['family'], from: bigint): number {
  let lo = 0;
  let hi = atoms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareIntervalStart(atoms[mid], { family, from, to: from }) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function buildAtomIndex(endpoints: Iterable<Endpoint>): AtomIndex {
  const sets = new Map<string, IpSet>();
  for (const e of endpoints) {
    if (!isExternal(e)) continue;
    const addresses = externalAddresses(e);
    sets.set(addresses.key(), addresses);
  }
  // Sorted by construction: v4 first, then v6, each ascending.
  const atoms = partitionAddressSpace([...sets.values()]);
  return {
    atomsOf(addresses: IpSet): IpInterval[] {
      const out: IpInterval[] = [];
      for (const interval of addresses.intervals()) {
        // Each interval of a partitioned set starts exactly on an atom and ends exactly on one.
        for (let i = lowerBound(atoms, interval.family, interval.from); i < atoms.length; i++) {
          const atom = atoms[i];
          if (atom.family !== interval.family || atom.from > interval.to) break;
          out.push(atom);
        }
      }
      return out;
    },
  };
}

export function atomKey(atom: IpInterval): string {
  return `${atom.family}:${atom.from.toString(16)}`;
}

/** Atoms back into maximal contiguous blocks, one External endpoint each, ascending. */
export function mergeAtoms(atoms: readonly IpInterval[]): Endpoint[] {
  return IpSet.fromIntervals(atoms)
    .intervals()
    .map((interval) => ({ kind: 'External', cidrs: IpSet.fromIntervals([interval]).toCidrs() }));
}
