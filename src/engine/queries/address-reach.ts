// An address or CIDR as the subject of who-can-reach / reachable-from: addresses outside the
// cluster (as in can-reach, an IP is outside even when a pod holds it). A row is listed when it
// reaches (or is reached from) some address of the block: the analysis treats the addresses of one
// address atom alike, so the block's atoms decide.

import { PortSetTable } from '../analysis/port-table.js';
import type { AnalysisState } from '../analysis/state.js';
import type { ReachEntry, ReachError, ReachResult } from '../result.js';
import { IpSet, parseCidr } from '../sets/ip-set.js';
import { finish, groupsAt, tracked, type ReachQuery, type Subject } from './reach.js';

const ADDRESS_LIKE = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;

export interface AddressSubject {
  set: IpSet;
}

/** An IPv4/IPv6 address or CIDR (undefined when the text is not address-like; an error when it is malformed). */
export function addressSubject(text: string): AddressSubject | ReachError | undefined {
  const trimmed = text.trim();
  if (!ADDRESS_LIKE.test(trimmed) || !/[.:]/.test(trimmed)) return undefined;
  const parsed = parseCidr(trimmed);
  if ('error' in parsed) return { error: parsed.error, reason: 'invalid' };
  return { set: IpSet.fromIntervals([parsed]) };
}

function rows(state: AnalysisState, address: AddressSubject, query: ReachQuery, cell: (podClass: number, atom: number) => number): ReachEntry[] {
  const { atoms, table } = state.parts;
  const mask = atoms.mask(address.set);
  const inBlock: number[] = [];
  mask.forEach((on, atom) => {
    if (on) inBlock.push(atom);
  });
  const byClass = new Map<number, number>();
  const ofClass = (c: number) => {
    let id = byClass.get(c);
    if (id === undefined) {
      id = inBlock.reduce((acc, atom) => table.union(acc, cell(c, atom)), PortSetTable.EMPTY_ID);
      byClass.set(c, id);
    }
    return id;
  };
  const out: ReachEntry[] = [];
  for (const group of groupsAt(state, query.granularity ?? 'workload')) {
    const id = group.classes.reduce((acc, c) => table.union(acc, ofClass(c)), PortSetTable.EMPTY_ID);
    if (id !== PortSetTable.EMPTY_ID) out.push(tracked(state, group.endpoint, id));
  }
  return out;
}

function subjectOf(address: AddressSubject): Subject {
  const cidrs = address.set.toCidrs();
  return { endpoint: { kind: 'External', cidrs }, text: cidrs.join(', '), pods: [] };
}

/** Pods or workloads that may open connections to some address of the block. */
export function whoCanReachAddress(state: AnalysisState, address: AddressSubject, query: ReachQuery): ReachResult {
  const granularity = query.granularity ?? 'workload';
  const { rows: kept, ...rest } = finish(state, subjectOf(address), rows(state, address, query, (c, atom) => state.classToAtom(c, atom)), query, granularity);
  return { ...rest, sources: kept };
}

/** Pods or workloads that some address of the block may open connections to. */
export function reachableFromAddress(state: AnalysisState, address: AddressSubject, query: ReachQuery): ReachResult {
  const granularity = query.granularity ?? 'workload';
  const { rows: kept, ...rest } = finish(state, subjectOf(address), rows(state, address, query, (c, atom) => state.atomToClass(atom, c)), query, granularity);
  return { ...rest, destinations: kept };
}
